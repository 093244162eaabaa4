import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { bin } from './cli.js';

/**
 * The real `appeal` in a real terminal: a detached tmux session (its own server socket, so
 * nothing else on the machine is touched) running bin/appeal.js. Keys are typed with
 * send-keys, pastes go through a tmux paste buffer (LF turned into CR, as a terminal pastes),
 * and the screen is read back with capture-pane.
 */

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export interface Terminal {
  /** The visible screen plus scrollback, as plain text. */
  screen(): string;
  /** Waits until the screen matches; throws with the screen when it does not in time. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Types text (no Enter), like fingers on keys. */
  type(text: string): Promise<void>;
  /** Types an answer, waits until the prompt shows it, then presses Enter: what a person does. */
  answer(text: string): Promise<void>;
  /**
   * Presses keys by tmux name: 'Enter', 'Space', 'Down', 'C-c', 'BSpace'..., each a moment after
   * the last, as a person does (keys arriving all at once are a paste).
   */
  press(...keys: string[]): Promise<void>;
  /** Pastes text as a terminal paste delivers it: all at once, line breaks as CR. */
  paste(text: string): void;
  /** The exit code once the command has ended (printed by the wrapper), or null. */
  exitCode(): number | null;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A quick typist's pause between keys. */
const KEY_GAP_MS = 60;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function openTerminal(args: string[], options: { cwd: string; env?: Record<string, string>; width?: number }): Terminal {
  const socket = `appeal-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...tmuxArgs: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...tmuxArgs], { encoding: 'utf8' });
  const env = { NO_COLOR: '1', TERM: 'xterm-256color', ...options.env };
  // CI must not be set inside: there the interview refuses to prompt, by design.
  const command =
    `cd ${shellQuote(options.cwd)} && env -u CI ${Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')} ` +
    `${shellQuote(process.execPath)} ${shellQuote(bin)} ${args.map(shellQuote).join(' ')}; echo "[exit $?]"; sleep 600`;
  const started = tmux('new-session', '-d', '-s', 'appeal', '-x', String(options.width ?? 100), '-y', '50', command);
  if (started.status !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
  tmux('set-option', '-t', 'appeal', 'history-limit', '5000');

  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'appeal').stdout;
  return {
    screen,
    async waitFor(expected, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
        if (Date.now() > until) throw new Error(`the terminal never showed ${String(expected)}; it shows:\n${text}`);
        await sleep(100);
      }
    },
    async type(text) {
      await sleep(KEY_GAP_MS);
      tmux('send-keys', '-t', 'appeal', '-l', text);
    },
    async answer(text) {
      await this.type(text);
      await this.waitFor(text);
      await this.press('Enter');
    },
    async press(...keys) {
      for (const key of keys) {
        await sleep(KEY_GAP_MS);
        tmux('send-keys', '-t', 'appeal', key);
      }
    },
    paste(text) {
      tmux('set-buffer', '-b', 'paste', text);
      tmux('paste-buffer', '-b', 'paste', '-t', 'appeal');
    },
    exitCode() {
      const match = /\[exit (\d+)\]/.exec(screen());
      return match ? Number(match[1]) : null;
    },
    close() {
      tmux('kill-server');
    },
  };
}
