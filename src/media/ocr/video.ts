import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../ffmpeg.js';
import { matchBusinessName } from '../name-match.js';
import type { BusinessNameResult, ProbedFile } from '../types.js';
import { stillText, textScore, type SmallFrame } from './frames.js';
import { readImage, wordsOf, type ImageOutcome, type ReadHooks } from './image.js';
import type { OcrPool } from './pool.js';
import { notFoundReason } from './reason.js';
import type { OcrTuning } from './tuning.js';

/**
 * Finding the name in a clip without reading every frame. A sign shown for a few seconds
 * anywhere in the clip must be found, so frames are sampled densely but small:
 * 1. one ffmpeg run writes every keyframe at a small size (decoding only keyframes: cheap); when
 *    keyframes are further apart than `videoMaxGapSec` (long GOPs), one decoding run samples a
 *    frame every `videoStepSec` instead;
 * 2. frames are ranked by how much they look like print (textScore) and read small, best first,
 *    stopping at the first that shows the name;
 * 3. from there, neighbouring samples are read while they still show it (seenAt: the part of the
 *    clip that shows the name, for trimming);
 * 4. only when no small frame shows it are the likeliest few read at full resolution with the
 *    photo method.
 * A name found at the same pixels in every frame while the picture moves is an overlay.
 */

/** Small frames: the short side at this many pixels (96 px letters in 1080p stay ~40 px). */
const SMALL_SHORT = 480;

function parsePgm(buffer: Buffer): { width: number; height: number; grey: Uint8Array } | null {
  // "P5\n<w> <h>\n<max>\n" then bytes (ffmpeg writes no comments).
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buffer.subarray(0, 40).toString('latin1'));
  if (!header) return null;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  if (buffer.length < offset + width * height) return null;
  return { width, height, grey: new Uint8Array(buffer.buffer, buffer.byteOffset + offset, width * height) };
}

async function readFrames(dir: string, prefix: string, timeOf: (n: number) => number): Promise<SmallFrame[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith(prefix) && n.endsWith('.pgm'));
  const frames: SmallFrame[] = [];
  for (const name of names) {
    const n = Number(name.slice(prefix.length, -4));
    const pgm = parsePgm(await readFile(join(dir, name)));
    if (pgm && Number.isFinite(n)) frames.push({ t: timeOf(n), ...pgm });
  }
  return frames.sort((a, b) => a.t - b.t);
}

/** The small frames of a clip (keyframes, or a regular sampling when keyframes are sparse). */
export async function sampleFrames(file: ProbedFile, dir: string, tuning: OcrTuning, signal: AbortSignal): Promise<SmallFrame[]> {
  const duration = file.durationSec && file.durationSec > 0 ? file.durationSec : 0;
  const landscape = (file.width ?? 1) >= (file.height ?? 1);
  const scale = landscape ? `scale=-2:'min(${SMALL_SHORT},ih)'` : `scale='min(${SMALL_SHORT},iw)':-2`;
  // Keyframes only (the decoder skips everything else); named by their time in milliseconds.
  await runFfmpeg(file.absPath, join(dir, 'k%d.pgm'), {
    inputOptions: ['-skip_frame', 'nokey'],
    outputOptions: ['-an', '-vf', `settb=1/1000,${scale},format=gray`, '-vsync', '0', '-enc_time_base', '1/1000', '-frame_pts', '1', '-y'],
    signal,
  });
  let frames = await readFrames(dir, 'k', (ms) => ms / 1000);
  const times = [0, ...frames.map((f) => f.t), duration];
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  if (frames.length === 0 || gap > tuning.videoMaxGapSec) {
    // Sparse keyframes: decode the clip once and keep one small frame every step.
    const step = tuning.videoStepSec;
    await runFfmpeg(file.absPath, join(dir, 's%d.pgm'), {
      outputOptions: ['-an', '-vf', `fps=1/${step}:round=near,${scale},format=gray`, '-y'],
      signal,
    });
    const sampled = await readFrames(dir, 's', (n) => Math.min(duration, (n - 1) * step));
    if (sampled.length > 0) frames = sampled;
  }
  return frames;
}

function pgmOf(frame: SmallFrame): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${frame.width} ${frame.height}\n255\n`, 'ascii'), Buffer.from(frame.grey)]);
}

type Box = [number, number, number, number];

/** Reads one small frame as a whole (one pass); the match's box in the frame's pixels. */
async function readSmall(pool: OcrPool, frame: SmallFrame, name: string): Promise<{ text: string; box: Box } | null> {
  const page = await pool.read(pgmOf(frame));
  const match = matchBusinessName(name, wordsOf(page.data));
  return match ? { text: match.text, box: match.box } : null;
}

export async function readVideo(
  pool: OcrPool,
  file: ProbedFile,
  name: string,
  tuning: OcrTuning,
  signal: AbortSignal,
  hooks: ReadHooks,
): Promise<BusinessNameResult> {
  const { onPass } = hooks;
  const dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-'));
  try {
    const frames = await sampleFrames(file, dir, tuning, signal);
    const displayedW = file.width ?? frames[0]?.width ?? 1;
    const ranked = frames.map((frame) => ({ frame, score: textScore(frame) })).sort((a, b) => b.score - a.score);
    const seen = new Map<SmallFrame, { text: string; box: Box }>();
    const tried = new Set<SmallFrame>();
    const tryFrame = async (frame: SmallFrame) => {
      tried.add(frame);
      const t0 = performance.now();
      const hit = await readSmall(pool, frame, name);
      onPass?.(file, { crop: [0, 0, frame.width, frame.height], scale: 1, angle: 0, label: `frame ${frame.t.toFixed(1)} s small` }, hit !== null, { renderMs: 0, ocrMs: performance.now() - t0 }, '');
      if (hit) seen.set(frame, hit);
      return hit;
    };
    // 2. Likeliest first, until one shows the name.
    let first: SmallFrame | null = null;
    for (const { frame } of ranked.slice(0, tuning.videoSmallReads)) {
      if (await tryFrame(frame)) {
        first = frame;
        break;
      }
    }
    if (first) {
      // 3. Walk to both sides while the neighbours still show it (bounded).
      const at = frames.indexOf(first);
      let budget = tuning.videoSpanReads;
      for (const direction of [-1, 1]) {
        for (let i = at + direction; i >= 0 && i < frames.length && budget > 0; i += direction) {
          const frame = frames[i]!;
          if (tried.has(frame)) {
            if (!seen.has(frame)) break;
            continue;
          }
          budget--;
          if (!(await tryFrame(frame))) break;
        }
      }
      const hit = seen.get(first)!;
      const k = displayedW / first.width;
      const box: Box = [hit.box[0] * k, hit.box[1] * k, hit.box[2] * k, hit.box[3] * k].map(Math.round) as Box;
      const seenAt = frames.filter((f) => seen.has(f)).map((f) => round(f.t));
      const still = stillText(frames, first, hit.box);
      if (still.still && still.sceneMoves) {
        return {
          found: false,
          text: hit.text,
          box,
          atSec: round(first.t),
          seenAt,
          overlay: true,
          overlayReason: `the name stays at exactly the same pixels in all ${still.frames} frames sampled while the picture around it changes`,
        };
      }
      return { found: true, text: hit.text, box, atSec: round(first.t), seenAt };
    }
    // 4. Full resolution for the likeliest few.
    let largest: ImageOutcome['largest'] = null;
    let partial: string | null = null;
    for (const { frame } of ranked.slice(0, tuning.videoFullReads)) {
      const png = join(dir, `full-${Math.round(frame.t * 1000)}.png`);
      // -ss before -i seeks fast; ffmpeg applies the clip's rotation, so frames are as displayed.
      await runFfmpeg(file.absPath, png, { inputOptions: ['-ss', String(frame.t)], outputOptions: ['-frames:v', '1', '-an', '-y'], signal });
      const outcome = await readImage(pool, file, { absPath: png, format: 'png' }, name, tuning, hooks);
      if (outcome.result.found || outcome.result.overlay) return { ...outcome.result, atSec: round(frame.t), seenAt: outcome.result.found ? [round(frame.t)] : [] };
      if (outcome.largest && (!largest || outcome.largest.height > largest.height)) largest = outcome.largest;
      partial ??= outcome.partial;
    }
    const what = `${frames.length} frames sampled from the video`;
    return {
      found: false,
      text: null,
      box: null,
      atSec: null,
      seenAt: [],
      ...(partial ? { partial } : {}),
      reason: notFoundReason(name, { largest, partial }, what),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const round = (t: number) => Math.round(t * 100) / 100;
