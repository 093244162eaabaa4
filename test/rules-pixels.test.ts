/**
 * The image rules on real pixels: photos generated like a seller's (a workbench with a printed
 * sign), measured by the probe's pixelStats, judged by the rules. Guards the thresholds against
 * drift in how the probe computes its statistics.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelStats } from '../src/media/pixels.js';
import type { CheckedFile } from '../src/rules/types.js';
import { makeContext, messagesOf, photo } from './helpers/context.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
const files: Record<string, CheckedFile> = {};

async function probed(name: string, path: string): Promise<CheckedFile> {
  const meta = await sharp(path).metadata();
  return photo(name, { width: meta.width ?? null, height: meta.height ?? null, pixels: await pixelStats(path) });
}

beforeAll(async () => {
  work = await makeWorkDir('rules-pixels');
  const sign = { text: 'CACTUS HANDS' };
  const sharpPath = await makePhoto(work.path('sharp.jpg'), { width: 1600, height: 1200, seed: 7, sign });
  const blurPath = await makePhoto(work.path('blurred.jpg'), { width: 1600, height: 1200, seed: 8, sign, blur: 8 });
  const darkPath = await makePhoto(work.path('dark.jpg'), { width: 1600, height: 1200, seed: 9, sign, dark: true });
  const otherPath = await makePhoto(work.path('other.jpg'), { width: 1600, height: 1200, seed: 10, sign: { text: 'CACTUS HANDS', x: 400, y: 300 } });
  // The same photo re-saved smaller and at a lower quality, as a messenger app would.
  const copyPath = work.path('sharp-copy.jpg');
  await sharp(sharpPath).resize(1200).jpeg({ quality: 60 }).toFile(copyPath);
  files.sharp = await probed('sharp.jpg', sharpPath);
  files.blurred = await probed('blurred.jpg', blurPath);
  files.dark = await probed('dark.jpg', darkPath);
  files.other = await probed('other.jpg', otherPath);
  files.copy = await probed('sharp-copy.jpg', copyPath);
});

afterAll(async () => {
  await work?.cleanup();
});

describe('image rules on generated photos', () => {
  it('flags the blurred photo and not the sharp one', () => {
    const context = makeContext({ files: [files.sharp!, files.blurred!, files.other!] });
    expect(messagesOf('image-blur', context).map((m) => m.file)).toEqual(['photos/blurred.jpg']);
  });

  it('flags the dark photo and not the others', () => {
    const context = makeContext({ files: [files.sharp!, files.dark!, files.other!] });
    expect(messagesOf('image-dark', context).map((m) => m.file)).toEqual(['photos/dark.jpg']);
  });

  it('pairs a re-saved copy with its original but not two different scenes', () => {
    const context = makeContext({ files: [files.sharp!, files.other!, files.copy!] });
    const messages = messagesOf('duplicate-photo', context);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('photos/sharp-copy.jpg and photos/sharp.jpg');
  });
});
