import { Cancelled } from '../common/cancel.js';

/**
 * The only place that listens to SIGINT and SIGTERM. A command asks for an AbortSignal,
 * passes it down to everything it runs, and on the first Ctrl-C (or a kill) the signal
 * aborts: each stage stops at its next safe point and cleans up on its way out. The
 * command then prints what is true at that moment and exits 130 (SIGINT) or 143 (SIGTERM),
 * as shells expect after a signal.
 */
export interface Interruption {
  readonly signal: AbortSignal;
  /** The process signal that stopped the command, or null while none came. */
  readonly caught: NodeJS.Signals | null;
  /** 130 after SIGINT, 143 after SIGTERM. */
  exitCode(): number;
  /** Stops listening (call in a finally). */
  dispose(): void;
}

/**
 * `onRepeat`: what a second signal does while the command cleans up. By default nothing (the
 * clean-up is short and must finish); a command whose clean-up waits on a network may stop at
 * once there, saying what is left unknown.
 */
export function listenForInterrupt(options: { onRepeat?: (name: NodeJS.Signals) => void } = {}): Interruption {
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  const onSignal = (name: NodeJS.Signals) => {
    if (caught) {
      options.onRepeat?.(name);
      return;
    }
    caught = name;
    controller.abort(new Cancelled(`Stopped by ${name}.`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    get caught() {
      return caught;
    },
    exitCode: () => (caught === 'SIGTERM' ? 143 : 130),
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
