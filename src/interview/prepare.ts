import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { AppealError } from '../appeal/errors.js';
import { noticeFromReading, readNoticeFile } from '../appeal/notice.js';
import { receiveNoticeIn, type StartedRound } from '../appeal/round-folder.js';
import { emptyAppeal, type Appeal } from '../appeal/schema.js';
import { exists, parseAppealText, readAppeal, validateAppeal } from '../appeal/store.js';

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

export function mergeAppeal(base: Appeal, extra: Appeal, file?: string): Appeal {
  return validateAppeal(mergeJson(base, extra), file);
}

/**
 * Reads a --from file. Its media paths are relative to its own folder; they are rewritten
 * relative to the appeal folder when the file sits elsewhere.
 */
export async function readFromFile(file: string, dir: string): Promise<Appeal> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppealError(`cannot read --from file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      file,
      hint: 'Pass the path of a (partial) appeal.json.',
    });
  }
  const appeal = parseAppealText(text, file);
  const fromDir = resolve(dirname(file));
  if (fromDir !== resolve(dir)) {
    for (const media of appeal.media) {
      if (isAbsolute(media.file)) continue;
      const there = resolve(fromDir, media.file);
      const here = resolve(dir, media.file);
      if (!(await exists(here)) && (await exists(there))) {
        media.file = relative(resolve(dir), there).split(sep).join('/');
      }
    }
  }
  return appeal;
}

/** "2026-11-20T14:03", "2026-11-20 14:03", "2026-11-20"; a time without zone is local time. */
export function parseReceived(text: string): Date {
  const normalized = text.trim().replace(/^(\d{4}-\d{2}-\d{2})[ _](\d)/, '$1T$2');
  const date = new Date(normalized);
  if (!/^\d{4}-\d{2}-\d{2}/.test(normalized) || Number.isNaN(date.getTime())) {
    throw new AppealError(`--received: "${text}" is not a date.`, {
      hint: 'Use the date and time the notice arrived, e.g. --received 2026-11-20T14:03',
    });
  }
  return date;
}

export interface Prepared {
  appeal: Appeal;
  /** Business name from the notice greeting ("Hello Cactus Hands,"), if any. */
  noticeName: string | null;
  /** Something came from --from/--notice that is not saved yet. */
  changed: boolean;
  /** What the notice did to the rounds (null without --notice); its `keep` runs before saving. */
  round: StartedRound | null;
}

export async function prepareAppeal(
  dir: string,
  options: { from?: string; notice?: string; received?: string },
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
  let round: StartedRound | null = null;
  if (options.notice) {
    const receivedAt = options.received ? parseReceived(options.received) : undefined;
    const reading = await readNoticeFile(options.notice, receivedAt ? { receivedAt } : {});
    // Every notice is recorded; a follow-up or acceptance starts the next round (see appeal/rounds.ts).
    round = await receiveNoticeIn(dir, appeal, noticeFromReading(reading, options.notice));
    appeal = validateAppeal(round.appeal, options.notice);
    noticeName = reading.businessName;
    changed = true;
  }
  return { appeal, noticeName, changed, round };
}
