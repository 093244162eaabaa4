/**
 * Cancellation, one way through the whole program: the CLI owns the process signals and
 * aborts an AbortController; every stage below takes its AbortSignal, stops at the next
 * safe point and throws `Cancelled`. Nothing below the CLI listens to SIGINT/SIGTERM.
 */
export class Cancelled extends Error {
  // The name the DOM's AbortSignal.throwIfAborted() and Node's stream helpers also use.
  override readonly name = 'AbortError';
  constructor(message = 'Stopped before it finished.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True for our own `Cancelled` and for the AbortErrors Node's APIs throw on an aborted signal. */
export function isCancelled(error: unknown): error is Error {
  return error instanceof Error && error.name === 'AbortError';
}

/** Throws `Cancelled` when the signal has fired; call it between steps that cannot be interrupted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled(undefined, { cause: signal.reason });
}
