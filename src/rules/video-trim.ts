import { formatTimecode, resolveTrim } from '../appeal/trim.js';
import type { Finding, Rule } from './types.js';
import { MAX_VIDEO_SECONDS, VIDEO_SLACK_SECONDS, formatSeconds } from './video-duration.js';

/**
 * The trim a seller set for a video (appeal.json media[].trim) must keep a part that exists
 * and runs under a minute; `appeal build` sends exactly that part. One meaning: the trim as
 * written cannot give the video Amazon should get.
 */
export const videoTrim: Rule = {
  id: 'video-trim',
  defaultSeverity: 'error',
  description: "A video's trim keeps a part of the clip that exists and lasts under one minute.",
  hint: 'Fix "trim" for this file in appeal.json: start and end inside the clip, start first, at most a minute apart (seconds or m:ss, e.g. { "start": "0:05", "end": "0:58" }), or run `appeal init` to choose the part again.',
  fixable: false,
  targets: ['appeal'],
  check(context) {
    const findings: Finding[] = [];
    for (const file of context.files) {
      if (!file.trim || file.error) continue;
      if (file.kind !== 'video') {
        findings.push({
          file: file.file,
          message: 'This file has a trim in appeal.json, but it is not a video, so nothing can be cut from it.',
          hint: 'Remove "trim" from this file\'s entry in appeal.json.',
        });
        continue;
      }
      if (file.durationSec === null) continue; // length unknown: corrupt-file and media-format speak for it
      const resolved = resolveTrim(file.trim, file.durationSec);
      if (!resolved.ok) {
        findings.push({ file: file.file, message: `This video's ${resolved.problem}.` });
        continue;
      }
      const { startSec, endSec } = resolved.window;
      const kept = endSec - startSec;
      if (kept > MAX_VIDEO_SECONDS + VIDEO_SLACK_SECONDS) {
        findings.push({
          file: file.file,
          message: `This video's trim keeps ${formatSeconds(kept)} (${formatTimecode(startSec)} to ${formatTimecode(endSec)}), still over 1 minute.`,
        });
      }
    }
    return findings;
  },
};
