import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { AppealError } from '../appeal/errors.js';
import { noticeFromReading, readNoticeFile } from '../appeal/notice.js';
import { receiveNoticeIn, type StartedRound } from '../appeal/round-folder.js';
import { emptyAppeal, type Appeal } from '../appeal/schema.js';

const isoSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
import { exists, parseJsonText, readAppeal, validateAppeal } from '../appeal/store.js';
import { describeDay, localZoneName, readReceivedDate } from './dates.js';

/**
 * Builds the appeal an `init` run starts from: the saved appeal.json (resume), then
 * --from (a partial appeal.json), then --notice. Nothing already saved is dropped.
 */

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: Json): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Media entries are matched by file: the newer entry's fields win, the older's extra fields stay. */
function mergeMedia(base: Json[], extra: Json[]): Json[] {
  const out = base.map((item) => item);
  for (const item of extra) {
    const file = isPlainObject(item) ? item.file : undefined;
    const at = out.findIndex((old) => isPlainObject(old) && old.file === file);
    if (at >= 0) out[at] = mergeJson(out[at], item);
    else out.push(item);
  }
  return out;
}

/**
 * Deep merge where `extra` wins for values it actually has; an empty string or empty list
 * in `extra` never erases something the seller already wrote.
 */
export function mergeJson(base: Json, extra: Json, key?: string): Json {
  if (isEmpty(extra)) return base === undefined ? extra : base;
  if (isPlainObject(base) && isPlainObject(extra)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(extra)) out[k] = mergeJson(base[k], v, k);
    return out;
  }
  if (key === 'media' && Array.isArray(base) && Array.isArray(extra)) return mergeMedia(base, extra);
  return extra;
}

export function mergeAppeal(base: Appeal, extra: Json, file?: string): Appeal {
  return validateAppeal(mergeJson(base, extra), file);
}

/**
 * Reads a --from file: a partial appeal.json, so only its JSON syntax is judged here; its
 * fields are validated once merged into what is already saved (a partial notice or media entry
 * may be completed by the saved appeal). "version" may be left out. Its media paths are
 * relative to its own folder; they are rewritten relative to the appeal folder when the file
 * sits elsewhere.
 */
export async function readFromFile(file: string, dir: string): Promise<Record<string, Json>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppealError(`cannot read --from file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      file,
      hint: 'Pass the path of a (partial) appeal.json.',
    });
  }
  const data = parseJsonText(text, file, 'Fix the syntax of the --from file (a partial appeal.json).');
  if (!isPlainObject(data)) {
    throw new AppealError('is not a partial appeal.json: expected an object like { "answers": { ... } }.', {
      file,
      hint: 'Pass a JSON object with some of the fields of appeal.json.',
    });
  }
  // The schema reference is relative to the --from file's folder: the saved appeal keeps its own.
  const { $schema: _schema, ...partial } = data;
  if (partial.version === undefined) partial.version = 1;
  const fromDir = resolve(dirname(file));
  if (fromDir !== resolve(dir) && Array.isArray(partial.media)) {
    for (const media of partial.media) {
      if (!isPlainObject(media) || typeof media.file !== 'string' || isAbsolute(media.file)) continue;
      const there = resolve(fromDir, media.file);
      const here = resolve(dir, media.file);
      if (!(await exists(here)) && (await exists(there))) {
        media.file = relative(resolve(dir), there).split(sep).join('/');
      }
    }
  }
  return partial;
}

/**
 * --received: the same forms the interview accepts ("Nov 29, 2026 at 9:14 AM", "29/11/2026 09:14",
 * "2026-11-29 14:03"...). Without a terminal there is nobody to ask, so a date that reads two
 * ways (11/12/2026) is refused with both readings rather than guessed.
 */
export function parseReceived(text: string, now: Date = new Date()): { date: Date; dayOnly: boolean } {
  const reading = readReceivedDate(text, now);
  if (reading.kind === 'date') return { date: reading.date, dayOnly: reading.dayOnly };
  if (reading.kind === 'ambiguous') {
    const [a, b] = reading.readings;
    throw new AppealError(`--received "${text}" can be read as ${describeDay(a, reading.dayOnly)} or ${describeDay(b, reading.dayOnly)}.`, {
      hint: 'Write the month as a word, e.g. --received "12 Nov 2026 14:03", or as year-month-day: 2026-11-12T14:03.',
    });
  }
  throw new AppealError(`--received: ${reading.reason}`, {
    hint: 'Use the date and time the notice arrived, e.g. --received "Nov 20, 2026 2:03 PM" or 2026-11-20T14:03.',
  });
}

export interface Prepared {
  appeal: Appeal;
  /** Business name from the notice greeting ("Hello Cactus Hands,"), if any. */
  noticeName: string | null;
  /** Something came from --from/--notice that is not saved yet. */
  changed: boolean;
  /** "the notice arrived ..., the reply is due ...": what --received was understood as. */
  receivedNote: string | null;
  /** What the notice did to the rounds (null without --notice); its `keep` runs before saving. */
  round: StartedRound | null;
}

export async function prepareAppeal(
  dir: string,
  options: { from?: string; notice?: string; received?: string },
  now: Date = new Date(),
): Promise<Prepared> {
  if (options.received && !options.notice) {
    throw new AppealError('--received goes with --notice (it is the date a pasted notice arrived).', {
      hint: 'Add --notice <file>, or leave --received out.',
    });
  }
  let appeal = (await readAppeal(dir)) ?? emptyAppeal();
  let changed = false;
  if (options.from) {
    appeal = mergeAppeal(appeal, await readFromFile(options.from, dir), options.from);
    changed = true;
  }
  let noticeName: string | null = null;
  let receivedNote: string | null = null;
  let round: StartedRound | null = null;
  if (options.notice) {
    const received = options.received ? parseReceived(options.received, now) : undefined;
    const receivedAt = received?.date;
    const reading = await readNoticeFile(options.notice, receivedAt ? { receivedAt } : {});
    // Every notice is recorded; a follow-up or acceptance starts the next round (see appeal/rounds.ts).
    round = await receiveNoticeIn(dir, appeal, noticeFromReading(reading, options.notice));
    appeal = validateAppeal(round.appeal, options.notice);
    noticeName = reading.businessName;
    changed = true;
    if (received && reading.receivedAt === isoSeconds(received.date)) {
      const due = appeal.notice?.deadline ? new Date(appeal.notice.deadline) : null;
      receivedNote =
        `--received read as ${describeDay(received.date, received.dayOnly)} (${localZoneName()} time)` +
        (received.dayOnly ? ', counting from the start of that day' : '') +
        (due ? `; the reply is due ${describeDay(due, received.dayOnly)}.` : '.');
    } else if (received && reading.receivedAt) {
      receivedNote = `the notice carries its own date (${describeDay(new Date(reading.receivedAt))}); --received was not used.`;
    }
  }
  return { appeal, noticeName, changed, receivedNote, round };
}
