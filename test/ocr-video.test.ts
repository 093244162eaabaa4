/**
 * Finding the name in a video: a sign shown only for a few seconds in the middle of a clip is
 * found (and when), and a caption added onto every frame is flagged as an overlay.
 * Small clips (640x360), real ffmpeg and tesseract.js.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto, type SignPhotoOptions } from '../bench/ocr/generate.js';
import { runFfmpeg } from '../src/media/ffmpeg.js';
import { findBusinessNames } from '../src/media/ocr.js';
import type { BusinessNameResult, ProbedFile } from '../src/media/types.js';

const NAME = 'Cactus Hands';
let dir: string;
let results: Map<string, BusinessNameResult>;
const clips: Record<string, ProbedFile> = {};

/** A clip from stills, each shown for its seconds; `gop` frames between keyframes. */
async function clip(name: string, stills: { seconds: number; options: SignPhotoOptions }[], gop: number): Promise<ProbedFile> {
  const lines: string[] = [];
  let total = 0;
  for (const [i, still] of stills.entries()) {
    const made = await makeSignPhoto({ width: 640, height: 360, ...still.options });
    const file = join(dir, `${name}-${i}.jpg`);
    await writeFile(file, made.buffer);
    lines.push(`file '${file}'`, `duration ${still.seconds}`);
    total += still.seconds;
  }
  lines.push(`file '${join(dir, `${name}-${stills.length - 1}.jpg`)}'`);
  const list = join(dir, `${name}.txt`);
  await writeFile(list, `${lines.join('\n')}\n`);
  const out = join(dir, `${name}.mp4`);
  await runFfmpeg(list, out, {
    inputOptions: ['-f', 'concat', '-safe', '0'],
    outputOptions: ['-vf', 'fps=10,format=yuv420p', '-c:v', 'libx264', '-g', String(gop), '-t', String(total), '-y'],
  });
  return { file: `${name}.mp4`, absPath: out, kind: 'video', format: 'mp4', bytes: 1, width: 640, height: 360, durationSec: total };
}

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-video-'));
  const plain = (seed: number): SignPhotoOptions => ({ lines: [], seed });
  const sign: SignPhotoOptions = { lines: [NAME, 'made by hand'], capPx: 34, tiltDeg: 4, seed: 5 };
  // 14 s, the sign only from 6 s to 9 s; one keyframe for the whole clip (frames must be sampled).
  clips.middle = await clip('middle', [
    { seconds: 6, options: plain(1) },
    { seconds: 3, options: sign },
    { seconds: 5, options: plain(2) },
  ], 300);
  // The same with a keyframe every second (keyframes alone are dense enough).
  clips.keyframes = await clip('keyframes', [
    { seconds: 6, options: plain(3) },
    { seconds: 3, options: sign },
    { seconds: 5, options: plain(4) },
  ], 10);
  // A caption added onto every frame at the same place while the scene changes.
  const caption = { text: NAME.toUpperCase(), capPx: 30, cx: 0.5, cy: 0.88, color: '#ffffff' };
  clips.overlay = await clip(
    'overlay',
    Array.from({ length: 6 }, (_, i) => ({ seconds: 1.5, options: { lines: [], seed: 20 + i, overlay: caption } })),
    15,
  );
  results = await findBusinessNames(Object.values(clips), NAME, { cache: false });
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the business name in a video', () => {
  for (const which of ['middle', 'keyframes'] as const) {
    it(`finds a sign shown only in the middle seconds of a clip (${which === 'middle' ? 'one keyframe' : 'a keyframe a second'}) and says when`, () => {
      const r = results.get(clips[which]!.absPath)!;
      expect(r.found).toBe(true);
      expect(r.atSec).toBeGreaterThanOrEqual(5.5);
      expect(r.atSec).toBeLessThanOrEqual(9.5);
      expect(r.seenAt!.length).toBeGreaterThan(0);
      for (const t of r.seenAt!) {
        expect(t).toBeGreaterThanOrEqual(5.5);
        expect(t).toBeLessThanOrEqual(9.5);
      }
    });
  }

  it('flags a name added onto every frame as an overlay, not as shown', () => {
    const r = results.get(clips.overlay!.absPath)!;
    expect(r.found).toBe(false);
    expect(r.overlay).toBe(true);
    expect(r.overlayReason).toMatch(/same pixels/);
  });
});
