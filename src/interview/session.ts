import type { ChalkInstance } from 'chalk';
import { saveAppeal } from '../appeal/store.js';
import type { Appeal } from '../appeal/schema.js';
import type { Prompts } from './prompts.js';

/** Everything one interview run shares: the appeal being filled in and how to talk to the seller. */
export interface Session {
  dir: string;
  appeal: Appeal;
  prompts: Prompts;
  c: ChalkInstance;
  /** One block of text for the seller (stdout in the CLI, a buffer in tests). */
  print(text: string): void;
  /** Business name from the notice greeting, offered as the default answer. */
  noticeName?: string | null;
  /** Columns to wrap explanations at (the terminal's width, at most 100). */
  width?: number;
  /** The outline tip was explained once this run; later questions get the short form. */
  tipShown?: boolean;
  /** Where long answers are written, chosen once per run. */
  writeIn?: 'terminal' | 'editor';
  /** Saves appeal.json atomically; called after every answer so Ctrl-C loses nothing. */
  save(): Promise<void>;
}

export function createSession(options: Omit<Session, 'save'>): Session {
  const session: Session = {
    ...options,
    async save() {
      await saveAppeal(session.dir, session.appeal);
    },
  };
  return session;
}

/** Shortens a long answer for one-line menus. */
export function preview(value: unknown, max = 50): string {
  const text = (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Wraps text at word boundaries for the terminal, each line indented; the terminal
 * itself would cut words in half. Long words (paths, URLs) are left whole.
 */
export function wrap(text: string, width: number, indent = ''): string {
  const max = Math.max(20, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > max) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.map((line) => indent + line).join('\n');
}

export function widthOf(session: Session): number {
  return Math.min(session.width ?? 80, 100);
}
