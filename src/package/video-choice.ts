import { fitInside } from '../media/video.js';
import type { CheckedFile } from '../rules/types.js';
import { MIN_VIDEO_KBPS } from './budget.js';

/**
 * How the one video of the package is made: copied as it is when it already is what
 * Amazon takes, else converted at a size that suits the bitrate the budget leaves.
 */

/** Is the clip already what we would make (H.264/yuv420p + AAC, at most 30 fps)? Then copying loses nothing. */
export function copyableVideo(file: CheckedFile): boolean {
  const v = file.video;
  if (!v || file.durationSec === null) return false;
  return (
    v.videoCodec === 'h264' &&
    (v.pixelFormat === null || v.pixelFormat === 'yuv420p' || v.pixelFormat === 'yuvj420p') &&
    (v.audioCodec === null || v.audioCodec === 'aac') &&
    (v.fps === null || v.fps <= 30.5) &&
    // A rotation tag may not survive the metadata strip of a stream copy: re-encode upright instead.
    (v.rotation ?? 0) % 360 === 0 &&
    (file.format === 'mp4' || file.format === 'mov')
  );
}

/** Bitrate (kbit/s) at which a re-encode of this clip shows no visible loss: ~4.5 Mbit/s at 720p, scaled by pixels. */
export function copyLevelKbps(file: CheckedFile): { videoKbps: number; audioKbps: number } {
  const size = fitInside(file.width ?? 1280, file.height ?? 720, 1280, 720);
  const scaled = Math.round((4500 * (size.width * size.height)) / (1280 * 720));
  const source = file.video?.bitRate ? Math.round(file.video.bitRate / 1000) : null;
  const videoKbps = Math.max(MIN_VIDEO_KBPS, source ? Math.min(scaled, Math.round(source * 1.2)) : scaled);
  return { videoKbps, audioKbps: file.video?.audioCodec ? 128 : 0 };
}

/** Bytes of a converted clip at copy level (streams plus ~2% of container). */
export function copyLevelBytes(file: CheckedFile, durationSec: number): number {
  const level = copyLevelKbps(file);
  return Math.ceil((((level.videoKbps + level.audioKbps) * 1000) / 8) * durationSec * 1.02);
}

/** Picture size and sound bitrate that suit a total bitrate: low bitrates look better smaller. */
export function videoTier(totalKbps: number): { maxWidth: number; maxHeight: number; audioKbps: number } {
  if (totalKbps >= 1900) return { maxWidth: 1280, maxHeight: 720, audioKbps: 96 };
  if (totalKbps >= 1000) return { maxWidth: 960, maxHeight: 540, audioKbps: 96 };
  if (totalKbps >= 600) return { maxWidth: 854, maxHeight: 480, audioKbps: 64 };
  return { maxWidth: 640, maxHeight: 360, audioKbps: 48 };
}
