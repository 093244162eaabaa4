/**
 * Real tesseract.js on real generated photos (small ones: OCR is slow on a shared 2-core box).
 * One batch call reads every photo (as `appeal check` does); the tests then look at the results.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iou, makeSignPhoto, type Box } from '../bench/ocr/generate.js';
import { runFfmpeg } from '../src/media/ffmpeg.js';
import { findBusinessNames } from '../src/media/ocr.js';
import { tessdataPath } from '../src/media/ocr/pool.js';
import type { BusinessNameResult, ProbedFile } from '../src/media/types.js';

const NAME = 'Cactus Hands';
let dir: string;
let startCwd: string;
let movedCwd = false;
const truth = new Map<string, Box | null>();
let files: ProbedFile[] = [];
let results: Map<string, BusinessNameResult>;
const progress: number[] = [];

function probed(absPath: string, width: number, height: number, over: Partial<ProbedFile> = {}): ProbedFile {
  return { file: absPath.split('/').pop()!, absPath, kind: 'image', format: 'jpeg', bytes: 1, width, height, durationSec: null, ...over };
}

async function photo(name: string, options: Parameters<typeof makeSignPhoto>[0]): Promise<ProbedFile> {
  const made = await makeSignPhoto(options);
  const file = join(dir, name);
  await writeFile(file, made.buffer);
  truth.set(file, made.nameBox);
  return probed(file, made.width, made.height);
}

const resultOf = (name: string) => results.get(join(dir, name))!;

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-test-'));
  // Work from an empty folder: tesseract.js's default cache would drop eng.traineddata here.
  startCwd = process.cwd();
  try {
    process.chdir(dir);
    movedCwd = true;
  } catch {
    movedCwd = false; // worker threads cannot chdir; the repo root is checked instead
  }
  files = [
    await photo('tilted.jpg', { width: 1200, height: 900, lines: [NAME, 'handmade in my studio'], capPx: 36, tiltDeg: 20, cx: 0.4, cy: 0.55, seed: 11, font: 'DejaVu Sans', bold: true }),
    await photo('sideways.jpg', { width: 900, height: 1200, lines: [NAME], capPx: 44, tiltDeg: 0, cx: 0.6, cy: 0.3, orientation: 6, seed: 12, font: 'DejaVu Serif' }),
    await photo('other-shop.jpg', { width: 1200, height: 900, lines: ['Cactus Flowers', 'HANDMADE'], capPx: 44, tiltDeg: 0, seed: 13 }),
    await photo('plain.jpg', { width: 1200, height: 900, lines: [], seed: 14 }),
  ];
  // A 2 s clip showing the sign, 640x360.
  const still = join(dir, 'still.png');
  const frame = await makeSignPhoto({ width: 640, height: 360, lines: [NAME], capPx: 30, seed: 15 });
  await sharp(frame.buffer).png().toFile(still);
  const clip = join(dir, 'clip.mp4');
  await runFfmpeg(still, clip, {
    inputOptions: ['-loop', '1'],
    outputOptions: ['-t', '2', '-r', '10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y'],
  });
  files.push(probed(clip, 640, 360, { kind: 'video', format: 'mp4', durationSec: 2 }));
  files.push(probed(join(dir, 'notes.txt'), 0, 0, { kind: 'other', format: 'text' }));
  results = await findBusinessNames(files, NAME, { onProgress: (done) => progress.push(done) });
}, 600_000);

afterAll(async () => {
  if (movedCwd) process.chdir(startCwd);
  await rm(dir, { recursive: true, force: true });
});

describe('reading the business name in photos (tesseract.js, offline)', () => {
  it('finds the business name on a sign tilted 20 degrees', () => {
    const r = resultOf('tilted.jpg');
    expect(r.found).toBe(true);
    expect(r.text?.toUpperCase().replace(/[^A-Z]/g, '')).toContain('CACTUS');
    expect(iou(r.box!, truth.get(join(dir, 'tilted.jpg'))!)).toBeGreaterThan(0.3);
  });

  it('finds it in a photo stored sideways with EXIF orientation 6 and reports the box in displayed coordinates', async () => {
    const file = join(dir, 'sideways.jpg');
    const stored = await sharp(file).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([1200, 900, 6]);
    const r = resultOf('sideways.jpg');
    expect(r.found).toBe(true);
    const box = r.box!;
    // Displayed is 900 wide x 1200 tall: the box must sit inside that, over the true name.
    expect(box[2]).toBeLessThanOrEqual(900);
    expect(iou(box, truth.get(file)!)).toBeGreaterThan(0.3);
  });

  it("does not find a different shop's name, and says what it read instead", () => {
    const r = resultOf('other-shop.jpg');
    expect(r.found).toBe(false);
    expect(r.box).toBeNull();
    expect(r.reason).toMatch(/no text resembling CACTUS HANDS/);
    expect(r.reason).toMatch(/Cactus Flowers|HANDMADE/i);
  });

  it('reports no text on a plain photo', () => {
    const r = resultOf('plain.jpg');
    expect(r.found).toBe(false);
    expect(r.reason).toMatch(/no readable text at all/);
  });

  it('reads frames of a video and says when the name shows', () => {
    const r = results.get(files.find((f) => f.kind === 'video')!.absPath)!;
    expect(r.found).toBe(true);
    expect(r.atSec).toBeGreaterThanOrEqual(0);
    expect(r.atSec).toBeLessThanOrEqual(2);
  });

  it('skips files that are not photos or videos and reports progress per file', () => {
    expect(results.has(join(dir, 'notes.txt'))).toBe(false);
    expect(results.size).toBe(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('uses the model shipped in node_modules and writes no traineddata into the current folder', () => {
    expect(tessdataPath()).toMatch(/node_modules[\\/]@tesseract\.js-data[\\/]eng[\\/]/);
    const here = readdirSync(process.cwd());
    expect(here.filter((f) => f.includes('traineddata'))).toEqual([]);
    expect(existsSync(join(startCwd, 'eng.traineddata'))).toBe(false);
  });
});

describe('the worker pool', () => {
  it('stops at once and terminates its workers when cancelled', async () => {
    const controller = new AbortController();
    // Each live tesseract worker thread holds a MessagePort open.
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(500); // ports of earlier pools close asynchronously
    const before = ports();
    let during = 0;
    const run = findBusinessNames([files[3]!], NAME, {
      // Read for real (the photo was cached by the reading above).
      cache: false,
      signal: controller.signal,
      onPass: () => {
        during = ports();
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(during).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 30 && ports() > before; i++) await sleep(100);
    expect(ports()).toBeLessThanOrEqual(before);
  }, 120_000);

  it('rejects straight away with a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(findBusinessNames([files[3]!], NAME, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
