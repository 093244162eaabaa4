/**
 * The prompt functions the interview uses, as an injectable object: the CLI passes
 * @inquirer/prompts, tests pass scripted answers (or prompts rendered by @inquirer/testing).
 * The config types are the subset of inquirer's that we use, so the real functions fit as-is.
 */

export type Validate<T> = (value: T) => boolean | string | Promise<boolean | string>;

export interface InputConfig {
  message: string;
  default?: string;
  prefill?: 'tab' | 'editable';
  required?: boolean;
  validate?: Validate<string>;
  /** Pasted line breaks stay in the answer (long answers); otherwise pasted lines are joined. */
  multiline?: boolean;
}

export interface EditorConfig {
  message: string;
  default?: string;
  postfix?: string;
  waitForUserInput?: boolean;
  validate?: Validate<string>;
}

export interface NumberConfig {
  message: string;
  default?: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  required: true;
  validate?: Validate<number>;
}

export interface Choice<V> {
  value: V;
  name?: string;
  description?: string;
  short?: string;
  disabled?: boolean | string;
}

export interface SelectConfig<V> {
  message: string;
  choices: readonly Choice<V>[];
  default?: V;
  pageSize?: number;
  loop?: boolean;
}

export interface CheckboxChoice<V> extends Choice<V> {
  checked?: boolean;
}

export interface CheckboxConfig<V> {
  message: string;
  choices: readonly CheckboxChoice<V>[];
  pageSize?: number;
  loop?: boolean;
  required?: boolean;
  validate?: (choices: readonly { value: V }[]) => boolean | string | Promise<boolean | string>;
}

export interface ConfirmConfig {
  message: string;
  default?: boolean;
}

export interface Prompts {
  input(config: InputConfig): Promise<string>;
  editor(config: EditorConfig): Promise<string>;
  number(config: NumberConfig): Promise<number>;
  select<V>(config: SelectConfig<V>): Promise<V>;
  checkbox<V>(config: CheckboxConfig<V>): Promise<V[]>;
  confirm(config: ConfirmConfig): Promise<boolean>;
}

/** The real prompts; imported only when a terminal interview actually runs (keeps --help fast). */
export async function inquirerPrompts(): Promise<Prompts> {
  const inquirer = await import('@inquirer/prompts');
  // Text is typed into our own prompt, which keeps every line of a paste (see text-prompt.ts).
  const { textPrompt } = await import('./text-prompt.js');
  return {
    input: (config) => textPrompt(config),
    editor: (config) => inquirer.editor(config),
    number: (config) => inquirer.number(config),
    select: (config) => inquirer.select(config),
    checkbox: (config) => inquirer.checkbox(config),
    confirm: (config) => inquirer.confirm(config),
  };
}

/**
 * Ctrl-C inside a prompt rejects with @inquirer/core's ExitPromptError. Matched by name so
 * we need not depend on @inquirer/core directly (it is a dependency of @inquirer/prompts).
 */
export function isPromptAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
