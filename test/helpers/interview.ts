import { ExitPromptError } from '@inquirer/core';
import { vi } from 'vitest';
import { runInit } from '../../src/cli/init.js';
import type { Globals } from '../../src/cli/output.js';
import type { Prompts } from '../../src/interview/prompts.js';

/**
 * Scripted answers for the interview: each prompt call takes the next step, checks it is
 * the expected kind of prompt (and message, when given), runs the prompt's own validate
 * function like inquirer does, and returns the answer. A step with `rejectedWith` must be
 * refused by validate; the same prompt then takes the following step, as a re-ask would.
 */

type Kind = 'input' | 'editor' | 'number' | 'select' | 'checkbox' | 'confirm';

export interface Step {
  kind: Kind;
  /** Expected prompt message (substring or pattern). */
  message?: string | RegExp;
  /** Typed text / picked value(s). `undefined` for input = press Enter on the default. */
  answer?: unknown;
  /** The answer must fail validation with this message. */
  rejectedWith?: string | RegExp;
  /** Ctrl-C at this prompt. */
  abort?: boolean;
  /** Runs when the prompt appears (e.g. to look at the saved file). */
  before?: (config: Record<string, unknown>) => void | Promise<void>;
}

export interface Asked {
  kind: Kind;
  message: string;
  config: Record<string, unknown>;
}

export const keep = (message?: string | RegExp): Step => ({ kind: 'input', message });
export const type = (answer: string, message?: string | RegExp): Step => ({ kind: 'input', answer, message });
export const choose = (answer: unknown, message?: string | RegExp): Step => ({ kind: 'select', answer, message });
export const tick = (answer: unknown[], message?: string | RegExp): Step => ({ kind: 'checkbox', answer, message });
/** A count answer (items per week): typed into a text prompt, as the seller types it. */
export const num = (answer: number | string, message?: string | RegExp): Step => ({ kind: 'input', answer: String(answer), message });
export const yes = (message?: string | RegExp): Step => ({ kind: 'confirm', answer: true, message });
export const no = (message?: string | RegExp): Step => ({ kind: 'confirm', answer: false, message });
export const ctrlC = (kind: Kind): Step => ({ kind, abort: true });

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

export function scriptedPrompts(steps: Step[]): Prompts & { asked: Asked[]; remaining(): number } {
  const queue = [...steps];
  const asked: Asked[] = [];

  async function ask(kind: Kind, config: Record<string, unknown>): Promise<unknown> {
    const message = String(config.message);
    asked.push({ kind, message, config });
    for (;;) {
      const step = queue.shift();
      if (!step) throw new Error(`script ran out of answers at ${kind} "${message}"`);
      if (step.kind !== kind) throw new Error(`expected a ${step.kind} prompt, got ${kind} "${message}"`);
      if (step.message && !matches(message, step.message)) {
        throw new Error(`expected prompt ${String(step.message)}, got "${message}"`);
      }
      await step.before?.(config);
      if (step.abort) throw new ExitPromptError('User force closed the prompt with SIGINT');
      const answer = resolveAnswer(kind, step, config);
      const verdict = await validate(kind, config, answer);
      if (step.rejectedWith !== undefined) {
        if (verdict === true) throw new Error(`"${String(answer)}" was accepted at "${message}" but should be refused`);
        if (!matches(verdict, step.rejectedWith)) throw new Error(`refused with "${verdict}", expected ${String(step.rejectedWith)}`);
        continue;
      }
      if (verdict !== true) throw new Error(`"${String(answer)}" refused at "${message}": ${verdict}`);
      return answer;
    }
  }

  const prompts = {
    asked,
    remaining: () => queue.length,
    input: (config) => ask('input', { ...config }) as Promise<string>,
    editor: (config) => ask('editor', { ...config }) as Promise<string>,
    number: (config) => ask('number', { ...config }) as Promise<number>,
    select: (config) => ask('select', { ...config }) as Promise<never>,
    checkbox: (config) => ask('checkbox', { ...config }) as Promise<never[]>,
    confirm: (config) => ask('confirm', { ...config }) as Promise<boolean>,
  } satisfies Prompts & { asked: Asked[]; remaining(): number };
  return prompts;
}

function resolveAnswer(kind: Kind, step: Step, config: Record<string, unknown>): unknown {
  if (kind === 'input' || kind === 'editor') {
    // Like inquirer: an empty line takes the default.
    const typed = (step.answer as string | undefined) ?? '';
    return typed || (config.default) || '';
  }
  if (kind === 'select') {
    const values = (config.choices as { value: unknown }[]).map((choice) => choice.value);
    if (!values.includes(step.answer)) throw new Error(`"${String(step.answer)}" is not a choice of "${String(config.message)}": ${values.join(', ')}`);
    return step.answer;
  }
  if (kind === 'checkbox') {
    const values = (config.choices as { value: unknown }[]).map((choice) => choice.value);
    for (const value of step.answer as unknown[]) {
      if (!values.includes(value)) throw new Error(`"${String(value)}" is not a choice of "${String(config.message)}"`);
    }
    return step.answer;
  }
  return step.answer;
}

async function validate(kind: Kind, config: Record<string, unknown>, answer: unknown): Promise<true | string> {
  if (kind === 'number') {
    if (typeof answer !== 'number') return 'not a number';
    if (typeof config.min === 'number' && answer < config.min) return `below ${config.min}`;
  }
  const fn = config.validate as ((value: unknown) => boolean | string | Promise<boolean | string>) | undefined;
  if (!fn) return true;
  const input = kind === 'checkbox' ? (answer as unknown[]).map((value) => ({ value })) : answer;
  const verdict = await fn(input);
  return verdict === true ? true : verdict === false ? 'invalid' : verdict;
}

const interactive: Globals = { quiet: false, color: false, interactive: true, progress: false };

/** Runs `appeal init` on scripted prompts at a fixed clock; what it printed and wrote to stderr is returned. */
export async function runScripted(dir: string, steps: Step[], options: Parameters<typeof runInit>[1], now: Date) {
  const prompts = scriptedPrompts(steps);
  const printed: string[] = [];
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runInit(dir, options, interactive, { prompts, print: (t) => printed.push(t), now });
    const errors = stderr.mock.calls.map((call) => String(call[0])).join('');
    return { code, prompts, printed: printed.join('\n'), errors, left: prompts.remaining() };
  } finally {
    stderr.mockRestore();
  }
}
