import { resolveTrim } from '../appeal/trim.js';
import type { CheckedFile, Rule } from './types.js';
import { usableVideos } from './util.js';

/**
 * Under one minute, as the seller's guide advises. Half a second of slack because phones stop
 * "1:00" recordings a few frames late and containers round the duration up.
 */
export const MAX_VIDEO_SECONDS = 60;
export const VIDEO_SLACK_SECONDS = 0.5;

/**
 * The length that will be sent: the trimmed part when appeal.json sets a trim, else the whole
 * clip. Null when the length is unknown or the trim cannot be applied (video-trim says why).
 */
export function keptSeconds(file: CheckedFile): number | null {
  if (file.durationSec === null) return null;
  if (!file.trim) return file.durationSec;
  const resolved = resolveTrim(file.trim, file.durationSec);
  return resolved.ok ? resolved.window.endSec - resolved.window.startSec : null;
}

export const videoDuration: Rule = {
  id: 'video-duration',
  defaultSeverity: 'warning',
  description: 'Videos shorter than one minute (for a trimmed video, the part it keeps).',
  hint: '`appeal build` compresses the video to fit the email whatever its length, but a long clip ends up blurry. Choose the part to keep (with your hands and your business name) with `appeal init`, or set "trim" for the video in appeal.json, e.g. { "start": "0:05", "end": "0:58" }.',
  fixable: false,
  check(context) {
    // A trimmed clip that still runs over a minute is the trim's mistake: video-trim reports it.
    return usableVideos(context.files)
      .filter((v) => !v.trim && (keptSeconds(v) ?? 0) > MAX_VIDEO_SECONDS + VIDEO_SLACK_SECONDS)
      .map((v) => ({
        file: v.file,
        message: `${v.file} is ${formatSeconds(v.durationSec!)} long: keep videos under 1 minute.`,
      }));
  },
};

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
