import { z } from 'zod';

/**
 * `media[].trim`: the part of a video to send, `{ "start": "0:05", "end": "0:58" }`, each as
 * seconds (65, "65", "12.5") or minutes:seconds ("1:05", "0:05.5", "1:02:03" for hours).
 * Either end may be left out: from the start, or to the end of the clip.
 */

/** Seconds, m:ss or h:mm:ss, each with optional decimals. */
export const TIMECODE = /^(?:\d+(?:\.\d+)?|\d+:[0-5]\d(?:\.\d+)?|\d+:[0-5]\d:[0-5]\d(?:\.\d+)?)$/;

const timecode = z.union([
  z.number().nonnegative().finite(),
  z.string().trim().regex(TIMECODE, 'expected seconds (e.g. 65) or minutes:seconds (e.g. "1:05")'),
]);

export const TrimSchema = z.looseObject({
  start: timecode.optional(),
  end: timecode.optional(),
});

export type MediaTrim = z.infer<typeof TrimSchema>;

/** Seconds of a timecode; null when it is not one. */
export function parseTimecode(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const text = value.trim();
  if (!TIMECODE.test(text)) return null;
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** "0:05", "1:15", "0:58.5", "1:02:03". */
export function formatTimecode(seconds: number): string {
  const tenths = Math.round(seconds * 10);
  const whole = Math.floor(tenths / 10);
  const fraction = tenths % 10 ? `.${tenths % 10}` : '';
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}${fraction}` : `${m}:${s}${fraction}`;
}

export interface TrimWindow {
  startSec: number;
  endSec: number;
}

/** Phones round a clip's length; an end typed up to this far past it means "the end". */
export const END_SLACK_SECONDS = 0.5;
/** A kept part shorter than this is no video at all. */
export const MIN_KEPT_SECONDS = 1;

export type TrimResolution = { ok: true; window: TrimWindow } | { ok: false; problem: string };

/**
 * The part of a clip of `durationSec` that the trim keeps, or why it cannot be applied (a phrase
 * starting with "trim", to follow "This video's" or "its").
 */
export function resolveTrim(trim: MediaTrim, durationSec: number): TrimResolution {
  const start = trim.start === undefined ? 0 : parseTimecode(trim.start);
  const end = trim.end === undefined ? durationSec : parseTimecode(trim.end);
  if (start === null || end === null) return { ok: false, problem: 'trim has a start or end that is not a time like 65 or "1:05"' };
  const length = formatTimecode(durationSec);
  if (start >= durationSec) {
    return { ok: false, problem: `trim starts at ${formatTimecode(start)}, but the clip is only ${length} long` };
  }
  if (end > durationSec + END_SLACK_SECONDS) {
    return { ok: false, problem: `trim ends at ${formatTimecode(end)}, but the clip is only ${length} long` };
  }
  if (end < start) {
    return { ok: false, problem: `trim is reversed: it starts at ${formatTimecode(start)} and ends earlier, at ${formatTimecode(end)}` };
  }
  const window = { startSec: start, endSec: Math.min(end, durationSec) };
  if (window.endSec - window.startSec < MIN_KEPT_SECONDS) {
    return { ok: false, problem: `trim keeps less than a second (${formatTimecode(start)} to ${formatTimecode(end)})` };
  }
  return { ok: true, window };
}
