import type { Rule } from './types.js';
import { usableVideos } from './util.js';

/**
 * Under one minute, as the seller's guide advises. Half a second of slack because phones stop
 * "1:00" recordings a few frames late and containers round the duration up.
 */
const MAX_SECONDS = 60;
const SLACK_SECONDS = 0.5;

export const videoDuration: Rule = {
  id: 'video-duration',
  defaultSeverity: 'warning',
  description: 'Videos shorter than one minute.',
  hint: '`appeal build` compresses the video to fit the email whatever its length, but a long clip ends up blurry; trimming it under a minute (keep the part with your hands and your business name) is your choice.',
  fixable: false,
  check(context) {
    return usableVideos(context.files)
      .filter((v) => v.durationSec !== null && v.durationSec > MAX_SECONDS + SLACK_SECONDS)
      .map((v) => ({
        file: v.file,
        message: `${v.file} is ${formatSeconds(v.durationSec!)} long: keep videos under 1 minute.`,
      }));
  },
};

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
