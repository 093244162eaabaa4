import { Chalk, type ChalkInstance } from 'chalk';

/** How the seller ran us: decides colour, prompts and progress lines. */
export interface Globals {
  quiet: boolean;
  color: boolean;
  /** Prompts are allowed only on a real terminal and outside CI. */
  interactive: boolean;
  /** Progress lines only on a TTY (stderr) and outside CI. */
  progress: boolean;
}

export function detectGlobals(options: { quiet?: boolean; color?: boolean }): Globals {
  const ci = Boolean(process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0');
  const noColorEnv = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    quiet: Boolean(options.quiet),
    color: options.color !== false && !noColorEnv && Boolean(process.stdout.isTTY) && process.env.TERM !== 'dumb',
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ci,
    progress: Boolean(process.stderr.isTTY) && !ci,
  };
}

export function colors(globals: Pick<Globals, 'color'>): ChalkInstance {
  return new Chalk({ level: globals.color ? 1 : 0 });
}

/** Plain text to stdout unless --quiet (results that scripts read are printed regardless). */
export function say(globals: Globals, text: string): void {
  if (!globals.quiet) process.stdout.write(`${text}\n`);
}

/** One line of progress on stderr, redrawn in place (TTY only, not with --quiet); cleared before other output. */
export function progressLine(globals: Globals): { show(text: string): void; clear(): void } {
  let shown = false;
  return {
    show(text) {
      if (!globals.progress || globals.quiet) return;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** "[#########---------------]" for a fraction from 0 to 1. */
export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
