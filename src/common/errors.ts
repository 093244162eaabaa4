/**
 * A mistake the seller can fix (wrong flag, unreadable file, missing answer).
 * The CLI prints `message` (and `hint`) as one line, never a stack trace.
 */
export class AppealError extends Error {
  override readonly name = 'AppealError';
  constructor(
    message: string,
    readonly options: {
      /** 1 = problems / missing answers, 2 = bad usage or unreadable input (ESLint-like). */
      exitCode?: 1 | 2;
      /** How to fix it, appended after the message. */
      hint?: string;
      /** The file the problem is about, shown before the message. */
      file?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get exitCode(): 1 | 2 {
    return this.options.exitCode ?? 2;
  }

  /** The one line shown to the seller. */
  toLine(): string {
    const where = this.options.file ? `${this.options.file}: ` : '';
    const hint = this.options.hint ? ` ${this.options.hint}` : '';
    return `${where}${this.message}${hint}`;
  }
}

export function isAppealError(error: unknown): error is AppealError {
  return error instanceof AppealError;
}
