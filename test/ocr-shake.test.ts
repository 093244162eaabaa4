/**
 * A seller's hand moved as the photo was taken: every letter of the sign is smeared along one
 * line, its ends doubled like ghosts. A person still reads the name; Tesseract reads nothing
 * until the shake is measured and undone (deblur.ts shakeOf, restoreShake).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { findBusinessNames } from '../src/media/ocr.js';
import type { ProbedFile } from '../src/media/types.js';

let dir: string;

/** A JPEG of `photo` smeared along a straight line of `length` px at `angle` degrees. */
async function shake(photo: Buffer, length: number, angle: number): Promise<Buffer> {
  const size = length | 1;
  const kernel = new Array<number>(size * size).fill(0);
  const a = (angle * Math.PI) / 180;
  const c = (size - 1) / 2;
  for (let u = -c; u <= c; u += 0.1) kernel[Math.round(c + u * Math.sin(a)) * size + Math.round(c + u * Math.cos(a))] = 1;
  return sharp(photo)
    .convolve({ width: size, height: size, kernel, scale: kernel.reduce((p, q) => p + q, 0) })
    .jpeg({ quality: 80 })
    .toBuffer();
}

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-shake-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a shaken photo', () => {
  it.each([
    [40, 25, 35],
    [30, 19, 150],
  ])("finds the business name in %i px letters smeared %i px at %i degrees (over half their height)", async (capPx, length, angle) => {
    const made = await makeSignPhoto({ width: 1200, height: 900, lines: ['Tin Roof Pottery', 'wheel thrown stoneware'], capPx, tiltDeg: -8, seed: 21, font: 'DejaVu Serif' });
    const file = join(dir, `shaken-${length}-${angle}.jpg`);
    await writeFile(file, await shake(made.buffer, length, angle));
    const probed: ProbedFile = { file: 'shaken.jpg', absPath: file, kind: 'image', format: 'jpeg', bytes: 1, width: 1200, height: 900, durationSec: null };
    const result = (await findBusinessNames([probed], 'Tin Roof Pottery', { cache: false })).get(file)!;
    expect(result.found, result.reason ?? '').toBe(true);
  }, 240_000);
});
