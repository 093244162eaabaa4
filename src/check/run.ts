import { join } from 'node:path';
import { throwIfCancelled } from '../common/cancel.js';
import type { RuleLevel } from '../appeal/schema.js';
import type { Appeal } from '../appeal/schema.js';
import type { NameReader } from '../media/ocr.js';
import type { ProbedFile } from '../media/types.js';
import type { CheckContext, CheckedFile, Message, RuleLevels } from '../rules/types.js';
import { collect, type CollectOptions } from './collect.js';
import { loadRules } from './deps.js';

/**
 * The check runner: collect (probe) → read the business name (OCR) → rules → one report,
 * in exactly the shape DESIGN.md fixes for `appeal check --format json`.
 */

export interface RunCheckOptions extends CollectOptions {
  /** Read the business name in the photos (slow: tesseract). */
  ocr: boolean;
  /** Stops the check (the OCR workers and ffmpeg end at once); it then rejects. */
  signal?: AbortSignal;
  /**
   * Keep the photos extracted from an .eml until `report.dispose()` (the contact sheet
   * needs them after the check). Otherwise they are removed before runChecks returns.
   */
  keepExtracted?: boolean;
}

/** One file in `check --format json`: what the probe found, as the stable contract names it. */
export interface FileReport extends Pick<ProbedFile, 'file' | 'kind' | 'format' | 'bytes' | 'width' | 'height' | 'durationSec'> {
  asins: string[];
  businessName: { found: boolean; text: string | null; box: [number, number, number, number] | null } | null;
}

/** The stable JSON contract. */
export interface CheckReportJson {
  path: string;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  files: FileReport[];
  messages: Message[];
  email: { estimatedBytes: number; limitBytes: number };
}

/** The contract plus what `build` and the contact sheet need; the extras are not enumerable, so never printed. */
export interface CheckReport extends CheckReportJson {
  readonly checkedFiles: CheckedFile[];
  readonly context: CheckContext;
  /** Removes temp files kept by `keepExtracted`. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Ids the runner itself reports (not in the rule registry) that appeal.json may still turn off. */
export const RUNNER_RULE_IDS = ['missing-file', 'media-outside-folder', 'config'] as const;

function fileReport(file: CheckedFile): FileReport {
  const name = file.businessName;
  return {
    file: file.file,
    kind: file.kind,
    format: file.format,
    bytes: file.bytes,
    width: file.width,
    height: file.height,
    durationSec: file.durationSec,
    asins: [...file.asins],
    businessName: name ? { found: name.found, text: name.text, box: name.box } : null,
  };
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Splits appeal.json `rules` into levels for known rules and a warning per unknown id. */
export function checkLevels(
  levels: RuleLevels,
  knownIds: readonly string[],
  appealFile: string,
): { levels: RuleLevels; messages: Message[] } {
  const known = new Set([...knownIds, ...RUNNER_RULE_IDS]);
  const valid: RuleLevels = {};
  const messages: Message[] = [];
  for (const [id, level] of Object.entries(levels)) {
    if (known.has(id)) {
      valid[id] = level;
      continue;
    }
    const closest = [...known].map((k) => [k, distance(id, k)] as const).sort((x, y) => x[1] - y[1])[0];
    messages.push({
      ruleId: 'config',
      severity: 'warning',
      message: `"rules" names "${id}", which is not a rule of appeal check; it is ignored.`,
      file: appealFile,
      fixable: false,
      hint:
        closest && closest[1] <= 3
          ? `Did you mean "${closest[0]}"? Fix the name, or remove the entry.`
          : 'Fix the name or remove the entry; the rule ids are shown at the end of each message of `appeal check`.',
    });
  }
  return { levels: valid, messages };
}

function applyLevel(message: Message, level: RuleLevel | undefined): Message | null {
  if (level === 'off') return null;
  if (level === 'warn') return { ...message, severity: 'warning' };
  if (level === 'error') return { ...message, severity: 'error' };
  return message;
}

/**
 * The messages that fail a check: errors (and warnings with --strict) that `appeal build` does
 * not repair by itself. A fixable finding on sources is shown and counted, but build fixes it,
 * so it does not fail the check (a built .eml has no fixable findings).
 */
export function failing(messages: readonly Message[], options: { strict: boolean }): Message[] {
  return messages.filter((m) => !m.fixable && (m.severity === 'error' || options.strict));
}

/** Messages about the whole appeal first, then file by file in the order shown, errors before warnings. */
export function sortMessages(messages: readonly Message[], fileOrder: readonly string[]): Message[] {
  const rank = new Map(fileOrder.map((file, i) => [file, i] as const));
  const fileRank = (file: string | null) => (file === null ? -1 : (rank.get(file) ?? fileOrder.length));
  return messages
    .map((message, i) => ({ message, i }))
    .sort((a, b) => {
      const byFile = fileRank(a.message.file) - fileRank(b.message.file);
      if (byFile !== 0) return byFile;
      if (a.message.file !== b.message.file) return (a.message.file ?? '').localeCompare(b.message.file ?? '');
      const bySeverity = (a.message.severity === 'error' ? 0 : 1) - (b.message.severity === 'error' ? 0 : 1);
      return bySeverity !== 0 ? bySeverity : a.i - b.i;
    })
    .map(({ message }) => message);
}

/**
 * Reads the business name in every readable photo and video with a reader started while the
 * files were probed (or now). Cached results come back without reading.
 */
async function readBusinessNames(files: CheckedFile[], reader: NameReader): Promise<void> {
  const readable = files.filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error);
  if (readable.length === 0) return;
  const results = await reader.read(readable);
  for (const file of readable) file.businessName = results.get(file.absPath) ?? null;
}

export async function runChecks(path: string, options: RunCheckOptions): Promise<CheckReport> {
  const rules = await loadRules();
  // Reading the name is the slow part of a check: only when a rule that reads it is on.
  const wantsNames = (appeal: Appeal | null) => options.ocr && rules.ruleNeeds('names', appeal?.rules ?? {});
  // The name reader starts as soon as the files are listed: hashing, cache look-ups and the
  // engine's start-up overlap the probe.
  let starting: Promise<NameReader> | null = null;
  const startReader = (name: string, paths: readonly string[]) =>
    import('../media/ocr.js').then(({ NameReader }) => {
      const reader = new NameReader(name, {
        signal: options.signal,
        onProgress: options.onProgress ? (done, total, file) => options.onProgress!('ocr', done, total, file.file) : undefined,
      });
      reader.expect(paths);
      return reader;
    });
  const onListed = (paths: string[], appeal: Appeal | null) => {
    options.onListed?.(paths, appeal);
    const name = options.businessName?.trim() || appeal?.business.name?.trim();
    if (wantsNames(appeal) && name && !starting) starting = startReader(name, paths);
  };
  let collected: Awaited<ReturnType<typeof collect>>;
  try {
    collected = await collect(path, { ...options, onListed });
  } catch (error) {
    await (starting as Promise<NameReader> | null)?.then((r) => r.close(), () => {});
    throw error;
  }
  const { context } = collected;
  let kept = false;
  try {
    if (wantsNames(context.appeal) && context.businessName) {
      let reader = await ((starting as Promise<NameReader> | null) ?? startReader(context.businessName, []));
      if (reader.name !== context.businessName) {
        await reader.close();
        reader = await startReader(context.businessName, []);
      }
      try {
        await readBusinessNames(context.files, reader);
      } finally {
        await reader.close();
      }
      context.ocr = true;
    }
    throwIfCancelled(options.signal);
    const appealFile = collected.appealFile ?? join(path, 'appeal.json');
    const config = checkLevels(
      collected.levels,
      rules.allRules.map((r) => r.id),
      appealFile,
    );
    const runnerMessages = [...collected.messages, ...config.messages]
      .map((m) => applyLevel(m, config.levels[m.ruleId]))
      .filter((m): m is Message => m !== null);
    const ruleMessages = rules.applyRules(context, config.levels);
    const fileOrder = [
      ...context.files.map((f) => f.file),
      ...collected.messages.map((m) => m.file).filter((f): f is string => f !== null),
    ];
    // On a built email nothing is left for build to repair: every finding stands as it is.
    const judged = [...runnerMessages, ...ruleMessages].map((m) => (context.target === 'eml' && m.fixable ? { ...m, fixable: false } : m));
    const messages = sortMessages(judged, fileOrder);
    const errorCount = messages.filter((m) => m.severity === 'error').length;
    const warningCount = messages.length - errorCount;
    const json: CheckReportJson = {
      path,
      ok: failing(messages, { strict: false }).length === 0,
      errorCount,
      warningCount,
      files: context.files.map(fileReport),
      messages,
      email: {
        estimatedBytes: context.email?.estimatedBytes ?? 0,
        limitBytes: context.email?.limitBytes ?? 0,
      },
    };
    const report = json as CheckReport;
    Object.defineProperties(report, {
      checkedFiles: { value: context.files, enumerable: false },
      context: { value: context, enumerable: false },
      dispose: { value: collected.dispose, enumerable: false },
    });
    kept = Boolean(options.keepExtracted);
    return report;
  } finally {
    if (!kept) await collected.dispose();
  }
}
