import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppealError } from '../../common/errors.js';
import type { TrimWindow } from '../../appeal/trim.js';
import { runFfmpeg } from '../../media/ffmpeg.js';
import { encodeVideo, videoBitrateFor, type VideoResult } from '../../media/video.js';
import { MIN_VIDEO_KBPS, docxPhotoSlack, videoRoomAfterDocx } from '../budget.js';
import { copyableVideo, copyLevelBytes, videoTier } from '../video-choice.js';
import type { Gate } from './gate.js';
import type { Plan } from './plan.js';
import { since, type BuildSettings } from './settings.js';

/**
 * Stage 3, the video: the expensive and least predictable part, so it goes first. It aims
 * at the share the plan gave it with no margin of its own: whatever it really weighs, a few
 * percent over or under, the photos are fitted to the exact remainder in the next stage.
 * Only an output so far over that the photos could not fit even at their lowest quality
 * is encoded once more.
 */

export interface VideoOutcome extends VideoResult {
  method: 'copy' | 'encode';
  /** The part of the source that was kept, seconds; absent for the whole clip. */
  trim?: TrimWindow;
  attempts: number;
  ms: number;
}

/** Copies a clip's streams unchanged into a clean MP4 (no GPS or other metadata, index first). */
async function remux(input: string, output: string, signal: AbortSignal | undefined): Promise<void> {
  await runFfmpeg(input, output, {
    outputOptions: [
      '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    signal,
  });
}

export async function makeVideo(settings: BuildSettings, gate: Gate, plan: Plan, workDir: string): Promise<VideoOutcome | null> {
  const share = plan.budget.video;
  const item = plan.videoItem;
  if (!gate.video || !item || !share || !plan.video) return null;
  const { emit, signal, limitBytes } = settings;
  const file = gate.video.file;
  const duration = plan.video.durationSec;
  const hasAudio = plan.video.hasAudio;
  await settings.enter('video', item.source);
  const start = performance.now();

  // The most the video may weigh: what still leaves the photos their lowest quality.
  const photoFloor = plan.photoSizes.minBytes;
  const hardMax = videoRoomAfterDocx(
    limitBytes,
    plan.overheadBytes,
    plan.docxBaseBytes + photoFloor + docxPhotoSlack(photoFloor, plan.sources.length),
  );

  const trim = gate.videoTrim;
  if (share.mode === 'copy' && copyableVideo(file) && !trim && file.bytes <= hardMax) {
    await remux(file.absPath, item.path, signal);
    const bytes = (await stat(item.path)).size;
    if (bytes <= hardMax) {
      return {
        file: item.path,
        bytes,
        width: file.width ?? 0,
        height: file.height ?? 0,
        durationSec: duration,
        fps: file.video?.fps ?? 0,
        videoKbps: Math.round((bytes * 8) / duration / 1000),
        audioKbps: 0,
        hasAudio,
        passes: 2,
        method: 'copy',
        attempts: 1,
        ms: since(start),
      };
    }
    await rm(item.path, { force: true });
  }

  // A clip that needs converting but fits at copy level is converted at copy level, not bloated to its share.
  let target = share.mode === 'copy' ? Math.min(share.maxBytes, copyLevelBytes(file, duration)) : share.maxBytes;
  for (let attempts = 1; ; attempts++) {
    const tier = videoTier((target * 8) / 1000 / duration);
    const audioKbps = hasAudio ? tier.audioKbps : 0;
    const videoKbps = videoBitrateFor(target, duration, audioKbps, { margin: 0 });
    if (videoKbps < MIN_VIDEO_KBPS * 0.9) {
      throw new AppealError(`only ${Math.round(target / 1000)} KB are left for the video, below the lowest watchable quality.`, {
        exitCode: 1,
        file: item.source,
        hint: 'Trim the video, use fewer photos, or build with --no-video.',
      });
    }
    const result = await encodeVideo(file.absPath, item.path, {
      videoKbps,
      audioKbps: audioKbps || undefined,
      maxWidth: tier.maxWidth,
      maxHeight: tier.maxHeight,
      workDir,
      signal,
      shownAs: item.source,
      ...(trim ? { trim } : {}),
      onProgress: (progress) => emit({ type: 'video-progress', progress, pass: progress.pass, attempt: attempts }),
    });
    await rm(workDir, { recursive: true, force: true });
    if (result.bytes <= hardMax) return { ...result, method: 'encode', attempts, ms: since(start), ...(trim ? { trim } : {}) };
    if (attempts >= 2) {
      throw new AppealError(
        `the converted video is ${Math.round(result.bytes / 1000)} KB, over the ${Math.round(hardMax / 1000)} KB the photos leave for it, twice.`,
        { exitCode: 1, file: item.source, hint: 'Trim the video or build with --no-video.' },
      );
    }
    emit({ type: 'note', text: `The video came out ${Math.round((result.bytes / hardMax - 1) * 1000) / 10}% over the room left for it; encoding it once more.` });
    // Scale the target by the overshoot, and keep 2% clear of the limit this time.
    target = Math.floor(target * (hardMax / result.bytes) * 0.98);
    await rm(item.path, { force: true });
  }
}

/** The pass logs of the encoder live here, inside the build's temp folder. */
export function videoWorkDir(temp: string): string {
  return join(temp, '.work');
}
