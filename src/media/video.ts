// Longer than most modules: the two-pass encode's arguments, progress, trim and clean-up belong
// together; ffmpeg itself is behind ffmpeg.ts.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppealError } from '../common/errors.js';
import { Cancelled, isCancelled } from '../common/cancel.js';
import { FfmpegError, ffprobe, hasFilter, runFfmpeg, type FfmpegProgress, type FfprobeData } from './ffmpeg.js';

/**
 * The one video of the appeal: H.264 (high, yuv420p) + AAC in MP4 with
 * faststart, upright, fitted inside 1280x720 (either orientation), at most
 * 30 fps, two-pass at the bitrate the budget planner chose.
 */

export interface VideoProgress {
  /** 0..100 across both passes. */
  percent: number;
  /** Speed of the running pass relative to real time (null while unknown). */
  speed: number | null;
  /** Seconds left for both passes (null while unknown). */
  etaSec: number | null;
  pass: 1 | 2;
}

export interface EncodeVideoOptions {
  videoKbps: number;
  /** AAC bitrate; ignored for clips without sound; 0 drops the sound. Default 96. */
  audioKbps?: number;
  /** Box the picture must fit: the long edge is capped at max(maxWidth, maxHeight), the short at the min. */
  maxWidth?: number;
  maxHeight?: number;
  /** Frame rate cap; sources above it are resampled. Default 30. */
  maxFps?: number;
  /** x264 preset. Default 'medium'. */
  preset?: string;
  onProgress?: (progress: VideoProgress) => void;
  signal?: AbortSignal;
  /** Folder for the pass log files (a per-build temp folder). */
  workDir: string;
  /** How the file is named in messages. */
  shownAs?: string;
  /** Receives each ffmpeg process id (diagnostics, tests). */
  onStart?: (pid: number) => void;
  /**
   * Keep only this part of the clip (seconds). Applied as input seeking in both passes, so the
   * cut costs no extra pass: ffmpeg decodes from the key frame before `startSec`, drops what
   * precedes it, and both streams of the result start at 0.
   */
  trim?: { startSec: number; endSec: number };
}

export interface VideoResult {
  file: string;
  bytes: number;
  width: number;
  height: number;
  durationSec: number;
  fps: number;
  videoKbps: number;
  /** 0 when the clip has no sound. */
  audioKbps: number;
  hasAudio: boolean;
  /** An HDR source was tone-mapped to SDR (absent = no). */
  toneMapped?: boolean;
  passes: 2;
}

/** What the encoder needs to know about a source clip. */
export interface VideoSource {
  /** Displayed size: rotation and non-square pixels applied. */
  width: number;
  height: number;
  durationSec: number | null;
  fps: number | null;
  rotation: number;
  videoCodec: string | null;
  videoStream: number;
  audioStream: number | null;
  audioChannels: number | null;
  audioSampleRate: number | null;
  /** HDR transfer (HLG or PQ), as iPhones record by default: needs tone mapping for SDR H.264. */
  hdr: boolean;
}

/**
 * MP4 index and headers: a fixed part plus about 16 bytes per video frame and 12 per
 * AAC frame (~47/s). Measured: 14.5 KB for 12 s of 30 fps video with sound, whatever
 * the bitrate (2.5% of a 600 KB clip, 0.5% of a 3 MB one).
 */
export function containerOverheadBytes(durationSec: number, options: { fps?: number; hasAudio?: boolean } = {}): number {
  const perSecond = (options.fps ?? 30) * 16 + (options.hasAudio === false ? 0 : 47 * 12);
  return Math.round(2048 + durationSec * perSecond);
}

/**
 * x264 two-pass lands within about +2% of the asked video bitrate (measured -0.5..+1.7%
 * on 12 s 720p, up to +2% on short clips); ffmpeg's AAC about +1%. Aim this much lower.
 */
export const RATE_MARGIN = 0.02;

/**
 * Video bitrate (kbit/s, 1000 bit) that makes a clip of `durationSec` with
 * `audioKbps` sound (0 = none) land at or just under `targetBytes`, container
 * included. Never negative; the planner decides whether the result is watchable. `margin`
 * (default RATE_MARGIN) is how far under the target to aim; a caller that can absorb a
 * small overshoot elsewhere (the build: the photos fit what the video leaves) passes 0.
 */
export function videoBitrateFor(
  targetBytes: number,
  durationSec: number,
  audioKbps: number,
  options: { fps?: number; margin?: number } = {},
): number {
  if (!(durationSec > 0)) throw new RangeError('durationSec must be positive');
  const streamBytes = targetBytes - containerOverheadBytes(durationSec, { fps: options.fps, hasAudio: audioKbps > 0 });
  const totalKbps = (streamBytes * 8) / 1000 / durationSec / (1 + (options.margin ?? RATE_MARGIN));
  return Math.max(0, Math.floor(totalKbps - audioKbps));
}

/** Largest even size with the same aspect inside the box (long edge / short edge), never upscaled. */
export function fitInside(width: number, height: number, maxLong: number, maxShort: number): { width: number; height: number } {
  const landscape = width >= height;
  const boxW = landscape ? maxLong : maxShort;
  const boxH = landscape ? maxShort : maxLong;
  const scale = Math.min(1, boxW / width, boxH / height);
  const even = (v: number, cap: number) => Math.max(2, Math.min(cap - (cap % 2), 2 * Math.round(v / 2)));
  return { width: even(width * scale, Math.max(2, Math.floor(Math.min(width, boxW)))), height: even(height * scale, Math.max(2, Math.floor(Math.min(height, boxH)))) };
}

/** HLG (iPhone default since the 12) and PQ (HDR10 / Dolby Vision base layer). */
const HDR_TRANSFERS = new Set(['arib-std-b67', 'smpte2084']);

/**
 * HDR to SDR BT.709: linearise, convert primaries, tone-map (hable keeps highlights),
 * back to BT.709 limited range. Without it HDR clips come out grey and washed out.
 */
const TONEMAP = ['zscale=t=linear:npl=100', 'format=gbrpf32le', 'zscale=p=bt709', 'tonemap=tonemap=hable:desat=0', 'zscale=t=bt709:m=bt709:r=tv'];

function rate(text: string | undefined): number | null {
  if (!text) return null;
  const [num, den] = text.split('/').map(Number);
  if (!num || !Number.isFinite(num)) return null;
  const value = den ? num / den : num;
  return Number.isFinite(value) && value > 0 && value < 1000 ? value : null;
}

/** Reads the facts the encoder needs from ffprobe. AppealError when the file has no picture. */
export function videoSourceFrom(data: FfprobeData, shownAs: string): VideoSource {
  const streams = data.streams;
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video || !video.width || !video.height) {
    throw new AppealError('has no video picture that could be read.', {
      file: shownAs,
      hint: 'Export the clip again from the phone or camera as MP4 or MOV.',
    });
  }
  // Skip sound tracks ffmpeg cannot decode (e.g. Apple's spatial "apac" next to the AAC one).
  const audio = streams.find((s) => s.codec_type === 'audio' && s.codec_name && !['none', 'unknown', 'apac'].includes(s.codec_name));
  const raw = video as unknown as { rotation?: number | string; tags?: Record<string, string> };
  const rotation = Number(raw.rotation ?? raw.tags?.rotate ?? 0) || 0;
  const quarter = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  const [sarW, sarH] = (video.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const sar = sarW && sarH ? sarW / sarH : 1;
  const storedW = Math.round(video.width * sar);
  const duration = Number(data.format.duration ?? video.duration);
  return {
    width: quarter ? video.height : storedW,
    height: quarter ? storedW : video.height,
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : null,
    fps: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
    rotation,
    videoCodec: video.codec_name ?? null,
    videoStream: video.index,
    audioStream: audio ? audio.index : null,
    audioChannels: audio?.channels ?? null,
    audioSampleRate: audio?.sample_rate ? Number(audio.sample_rate) : null,
    hdr: HDR_TRANSFERS.has(String((video as { color_transfer?: string }).color_transfer ?? '')),
  };
}

export async function inspectVideo(input: string, shownAs: string = basename(input)): Promise<VideoSource> {
  let data: FfprobeData;
  try {
    data = await ffprobe(input);
  } catch (cause) {
    throw new AppealError('could not be read as a video (damaged, or not a video).', {
      file: shownAs,
      hint: 'Export the clip again from the phone or camera as MP4 or MOV.',
      cause,
    });
  }
  return videoSourceFrom(data, shownAs);
}

/**
 * Pass 2 runs at about half the speed of pass 1 (x264 analyses less in its fast
 * first pass): weights for one percent scale across both passes.
 */
const PASS2_SPEED_RATIO = 0.5;
const PASS1_WEIGHT = PASS2_SPEED_RATIO / (1 + PASS2_SPEED_RATIO);

/** Two-pass encode (see module comment). Writes atomically to `output`; cleans up its pass logs. */
export async function encodeVideo(input: string, output: string, options: EncodeVideoOptions): Promise<VideoResult> {
  const shownAs = options.shownAs ?? basename(input);
  const audioKbps = options.audioKbps ?? 96;
  const maxFps = options.maxFps ?? 30;
  const maxLong = Math.max(options.maxWidth ?? 1280, options.maxHeight ?? 720);
  const maxShort = Math.min(options.maxWidth ?? 1280, options.maxHeight ?? 720);
  const videoKbps = Math.round(options.videoKbps);
  if (!(videoKbps > 0)) throw new RangeError(`videoKbps must be positive, got ${options.videoKbps}`);
  const { signal } = options;
  if (signal?.aborted) throw new Cancelled(undefined, { cause: signal.reason });

  const source = await inspectVideo(input, shownAs);
  const size = fitInside(source.width, source.height, maxLong, maxShort);
  const capFps = source.fps !== null && source.fps > maxFps + 0.01;
  const fps = capFps ? maxFps : (source.fps ?? maxFps);

  // ffmpeg rotates the decoded frames itself (autorotate) before this chain, so
  // the sizes here are the displayed ones. Scale before tone mapping: it runs in float.
  const tonemap = source.hdr && (await hasFilter('zscale')) && (await hasFilter('tonemap'));
  const filters = [
    ...(capFps ? [`fps=${maxFps}`] : []),
    `scale=${size.width}:${size.height}`,
    ...(tonemap ? TONEMAP : []),
    'setsar=1',
    'format=yuv420p',
  ];
  const colour = tonemap ? ['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709'] : [];
  // audioKbps 0 means: leave the sound out.
  const hasAudio = source.audioStream !== null && audioKbps > 0;
  const id = `appeal-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(options.workDir, { recursive: true });
  const passlog = join(options.workDir, id);
  const partial = join(dirname(output), `.${basename(output)}.${id}.partial`);
  const common = [
    '-map', `0:${source.videoStream}`,
    '-vf', filters.join(','),
    '-c:v', 'libx264',
    '-preset', options.preset ?? 'medium',
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
    '-b:v', `${videoKbps}k`,
    ...colour,
    '-passlogfile', passlog,
  ];
  const audioArgs = hasAudio
    ? [
        '-map', `0:${source.audioStream}`,
        '-c:a', 'aac',
        '-b:a', `${Math.round(audioKbps)}k`,
        ...(source.audioChannels !== null && source.audioChannels > 2 ? ['-ac', '2'] : []),
        ...(source.audioSampleRate !== null && source.audioSampleRate > 48000 ? ['-ar', '48000'] : []),
      ]
    : ['-an'];

  const trim = options.trim;
  if (trim && !(trim.startSec >= 0 && trim.endSec > trim.startSec)) {
    throw new RangeError(`trim must keep a positive span, got ${trim.startSec}..${trim.endSec}`);
  }
  const seek = trim ? ['-ss', seconds(trim.startSec), '-t', seconds(trim.endSec - trim.startSec)] : [];
  const duration =
    trim && source.durationSec !== null
      ? Math.max(0, Math.min(trim.endSec, source.durationSec) - trim.startSec)
      : trim
        ? trim.endSec - trim.startSec
        : source.durationSec;
  let lastPercent = 0;
  const report = (pass: 1 | 2, p: FfmpegProgress) => {
    if (!options.onProgress) return;
    const done = duration ? Math.min(1, p.outTimeSec / duration) : 0;
    const raw = pass === 1 ? done * PASS1_WEIGHT : PASS1_WEIGHT + done * (1 - PASS1_WEIGHT);
    lastPercent = Math.max(lastPercent, Math.round(raw * 1000) / 10);
    let etaSec: number | null = null;
    if (duration && p.speed) {
      const left = (duration - Math.min(duration, p.outTimeSec)) / p.speed;
      etaSec = pass === 1 ? left + duration / (p.speed * PASS2_SPEED_RATIO) : left;
      etaSec = Math.round(etaSec * 10) / 10;
    }
    options.onProgress({ percent: lastPercent, speed: p.speed, etaSec, pass });
  };

  try {
    await mkdir(dirname(output), { recursive: true });
    await runFfmpeg(input, '-', {
      inputOptions: seek,
      outputOptions: [...common, '-pass', '1', '-an', '-f', 'null'],
      onProgress: (p) => report(1, p),
      signal,
      onStart: options.onStart,
    });
    await runFfmpeg(input, partial, {
      inputOptions: seek,
      outputOptions: [
        ...common,
        '-pass', '2',
        ...audioArgs,
        // Privacy: phones put the recording place (GPS) in the clip's metadata.
        '-map_metadata', '-1',
        '-map_chapters', '-1',
        '-movflags', '+faststart',
        '-max_muxing_queue_size', '4096',
        '-f', 'mp4',
      ],
      onProgress: (p) => report(2, p),
      signal,
      onStart: options.onStart,
    });
    await rename(partial, output);
  } catch (error) {
    await rm(partial, { force: true });
    if (isCancelled(error)) throw error;
    if (error instanceof FfmpegError) {
      throw new AppealError(`could not be converted to MP4: ${lastLine(error.tail) || error.message}`, {
        file: shownAs,
        hint: 'Check that the clip plays on your computer; if it does, export it again from the phone as MP4.',
        cause: error,
      });
    }
    throw error;
  } finally {
    await removePasslogs(options.workDir, id);
  }
  options.onProgress?.({ percent: 100, speed: null, etaSec: 0, pass: 2 });

  const bytes = (await stat(output)).size;
  return {
    file: output,
    bytes,
    width: size.width,
    height: size.height,
    durationSec: duration ?? 0,
    fps,
    videoKbps,
    audioKbps: hasAudio ? Math.round(audioKbps) : 0,
    hasAudio,
    toneMapped: tonemap,
    passes: 2,
  };
}

/** A time for ffmpeg's -ss/-t: plain seconds, millisecond precision. */
function seconds(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}

/** x264 writes <prefix>-0.log, -0.log.mbtree and temporaries of both. */
async function removePasslogs(workDir: string, id: string): Promise<void> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(id)).map((n) => rm(join(workDir, n), { force: true })));
}
