import type { ChalkInstance } from 'chalk';
import { formatSize } from '../appeal/size.js';
import type { Message } from '../rules/types.js';
import type { CheckReportJson } from './run.js';

/**
 * The human output, ESLint's "stylish" look: problems grouped under each file, one line
 * each (severity, message, rule id), the hint dimmed below, then a summary. Colours come
 * from the chalk instance the CLI built (level 0 when colour is off, so text stays plain).
 */

export interface StylishOptions {
  /** --quiet: errors only. */
  quiet?: boolean;
}

/** Beyond this the rule ids stop lining up; a very long message just gets two spaces. */
const MAX_MESSAGE_COLUMN = 72;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Display width, counting wide (CJK, emoji) characters as two columns. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    columns += code >= 0x1100 && /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Extended_Pictographic}]/u.test(char) ? 2 : 1;
  }
  return columns;
}

function pad(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - width(text)));
}

/**
 * Messages name their file so they stand alone in JSON; under the file's own heading that
 * is a repeat, so "photos/a.jpg records the GPS location" reads "This file records ...".
 */
function withoutFileName(message: string, file: string | null): string {
  if (file && message.startsWith(`${file} `)) return `This file ${message.slice(file.length + 1)}`;
  return message;
}

export function formatStylish(report: CheckReportJson, chalk: ChalkInstance, options: StylishOptions = {}): string {
  const messages = options.quiet ? report.messages.filter((m) => m.severity === 'error') : report.messages;
  const groups = new Map<string, Message[]>();
  for (const message of messages) {
    const key = message.file ?? report.path;
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }

  const messageColumn = Math.min(
    MAX_MESSAGE_COLUMN,
    Math.max(0, ...messages.map((m) => width(withoutFileName(m.message, m.file)))),
  );
  const lines: string[] = [];
  for (const [file, group] of groups) {
    lines.push('', chalk.underline(file));
    for (const message of group) {
      const severity =
        message.severity === 'error' ? chalk.red(pad('error', 7)) : chalk.yellow(pad('warning', 7));
      const said = withoutFileName(message.message, message.file);
      const text = width(said) <= messageColumn ? pad(said, messageColumn) : said;
      lines.push(`  ${severity}  ${text}  ${chalk.dim(message.ruleId)}`);
      if (message.hint) lines.push(`           ${chalk.dim(message.hint)}`);
    }
  }

  const errors = messages.filter((m) => m.severity === 'error').length;
  const warnings = messages.length - errors;
  const fixable = messages.filter((m) => m.fixable).length;
  const blocking = messages.filter((m) => m.severity === 'error' && !m.fixable).length;
  if (!options.quiet) {
    const { estimatedBytes, limitBytes } = report.email;
    if (limitBytes > 0) {
      const over = estimatedBytes > limitBytes;
      const line = `Email size: about ${formatSize(estimatedBytes)} of the ${formatSize(limitBytes)} limit`;
      lines.push('', over ? chalk.yellow(line) : line);
    }
  }
  if (messages.length === 0) {
    if (!options.quiet) lines.push('', chalk.green(`✔ no problems in ${plural(report.files.length, 'file')}`));
  } else {
    const summary = `✖ ${plural(messages.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
    lines.push('', (blocking > 0 ? chalk.red : chalk.yellow).bold(summary));
    if (fixable > 0) {
      const them = fixable === 1 ? 'it' : 'them';
      lines.push(`  ${fixable} fixable: \`appeal build\` repairs ${them} by itself, so ${fixable === 1 ? 'it does' : 'they do'} not fail this check`);
    }
  }
  // Leading blank line only between sections, not at the very top.
  while (lines[0] === '') lines.shift();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
