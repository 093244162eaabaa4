import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { forgetPixelStats, hammingDistance, phash, pixelStats, rememberPixelStats } from '../src/media/pixels.js';
import { makeCollage, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
const scenes: string[] = [];

beforeAll(async () => {
  work = await makeWorkDir('appeal-pixels');
  const looks = [
    { background: '#8a6a4a', sign: { text: 'CACTUS HANDS', angle: 7 } },
    { background: '#506070' },
    { background: '#705040', sign: { text: 'CACTUS HANDS', angle: 0 } },
    { background: '#407050', sign: { text: 'CACTUS HANDS', angle: -5, fontSize: 40 } },
  ];
  for (const [i, look] of looks.entries()) {
    scenes.push(await makePhoto(work.path(`scene-${i}.jpg`), { width: 1200, height: 900, seed: i + 1, ...look }));
  }
});

afterAll(async () => {
  await work.cleanup();
});

describe('brightness and sharpness', () => {
  it('gives a normal photo a middle brightness and a high sharpness', async () => {
    const stats = await pixelStats(scenes[0]!);
    expect(stats.brightness).toBeGreaterThan(70);
    expect(stats.brightness).toBeLessThan(200);
    expect(stats.sharpness).toBeGreaterThan(100);
  });

  it('measures a dark photo as dark', async () => {
    const dark = await makePhoto(work.path('dark.jpg'), { width: 800, height: 600, seed: 1, dark: true });
    const normal = await pixelStats(scenes[0]!);
    const stats = await pixelStats(dark);
    expect(stats.brightness).toBeLessThan(30);
    expect(stats.brightness).toBeLessThan(normal.brightness / 3);
  });

  it('measures an out-of-focus photo as much less sharp than the same scene in focus', async () => {
    const sharpFile = await makePhoto(work.path('focus.jpg'), { width: 800, height: 600, seed: 5, sign: { text: 'CACTUS HANDS' } });
    const blurFile = await makePhoto(work.path('blur.jpg'), { width: 800, height: 600, seed: 5, sign: { text: 'CACTUS HANDS' }, blur: 5 });
    const inFocus = await pixelStats(sharpFile);
    const blurred = await pixelStats(blurFile);
    expect(blurred.sharpness).toBeLessThan(inFocus.sharpness / 10);
    expect(blurred.sharpness).toBeLessThan(20);
  });

  it('works on the displayed orientation and on a 12 MP photo', async () => {
    const big = await makePhoto(work.path('big.jpg'), { width: 4000, height: 3000, seed: 9, exif: { orientation: 6 }, sign: { text: 'CACTUS HANDS' } });
    const stats = await pixelStats(big);
    expect(stats.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(stats.sharpness).toBeGreaterThan(50);
  });
});

describe('perceptual hash', () => {
  it('gives the same photo, resized and recompressed, a nearly identical hash', async () => {
    const copy = work.path('copy.jpg');
    await sharp(scenes[0]).resize(500).jpeg({ quality: 60 }).toFile(copy);
    const a = await pixelStats(scenes[0]!);
    const b = await pixelStats(copy);
    expect(hammingDistance(a.phash, b.phash)).toBeLessThanOrEqual(4);
  });

  it('gives different photos clearly different hashes', async () => {
    const hashes = await Promise.all(scenes.map(async (s) => (await pixelStats(s)).phash));
    for (let i = 0; i < hashes.length; i++) {
      for (let k = i + 1; k < hashes.length; k++) {
        expect(hammingDistance(hashes[i]!, hashes[k]!), `scene ${i} vs ${k}`).toBeGreaterThan(12);
      }
    }
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
  });

  it('needs a 32x32 input', () => {
    expect(() => phash({ data: new Uint8Array(16), width: 4, height: 4 })).toThrow(/32x32/);
  });
});

describe('collage detection', () => {
  it('scores single photos with a sign low, tilted or level', async () => {
    for (const scene of scenes) {
      expect((await pixelStats(scene)).collage, scene).toBeLessThan(0.3);
    }
  });

  it('scores a 2x2 collage with white gutters high', async () => {
    const file = await makeCollage(work.path('grid-gutters.jpg'), scenes, { width: 1600, height: 1200, gutter: 16 });
    expect((await pixelStats(file)).collage).toBeGreaterThan(0.8);
  });

  it('scores a 2x2 collage without gutters (hard edges only) high', async () => {
    const file = await makeCollage(work.path('grid-tight.jpg'), scenes, { width: 1600, height: 1200 });
    expect((await pixelStats(file)).collage).toBeGreaterThan(0.7);
  });

  it('scores a 3-photo layout (one wide on top, two below) high', async () => {
    const top = await sharp(scenes[0]).resize(1600, 600, { fit: 'cover' }).toBuffer();
    const left = await sharp(scenes[1]).resize(790, 600, { fit: 'cover' }).toBuffer();
    const right = await sharp(scenes[2]).resize(790, 600, { fit: 'cover' }).toBuffer();
    const file = work.path('layout.jpg');
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#fff' } })
      .composite([
        { input: top, left: 0, top: 0 },
        { input: left, left: 0, top: 600 },
        { input: right, left: 810, top: 600 },
      ])
      .jpeg()
      .toFile(file);
    expect((await pixelStats(file)).collage).toBeGreaterThan(0.7);
  });

  it('does not take level wood grain (many straight streaks) for collage seams', async () => {
    for (const seed of [1, 2, 3]) {
      const file = await makePhoto(work.path(`wood-${seed}.jpg`), { width: 1600, height: 1200, seed, texture: 'wood', sign: { text: 'CACTUS HANDS', angle: 0 } });
      expect((await pixelStats(file)).collage, `wood ${seed}`).toBeLessThan(0.3);
    }
  });

  it('still finds the gutters of a collage of wood-grain photos', async () => {
    const woods = await Promise.all(
      [4, 5, 6, 7].map((seed) => makePhoto(work.path(`woodc-${seed}.jpg`), { width: 800, height: 600, seed, texture: 'wood', background: seed % 2 ? '#8a6a4a' : '#6a5038' })),
    );
    const file = await makeCollage(work.path('wood-grid.jpg'), woods, { width: 1600, height: 1200, gutter: 14 });
    expect((await pixelStats(file)).collage).toBeGreaterThan(0.8);
  });

  it('does not take a letterboxed photo (plain bars) for a collage', async () => {
    const inner = await sharp(scenes[1]).resize(1600, 900, { fit: 'cover' }).toBuffer();
    const file = work.path('letterbox.jpg');
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#000' } })
      .composite([{ input: inner, left: 0, top: 150 }])
      .jpeg()
      .toFile(file);
    expect((await pixelStats(file)).collage).toBeLessThan(0.3);
  });
});

describe('statistics remembered by content (the build measures its photos before its preflight reads them back)', () => {
  it('reuses them only for the very same bytes, wherever the file is', async () => {
    const copy = work.path('same-bytes.jpg');
    await copyFile(scenes[1]!, copy);
    // One byte changed inside the picture data: another photo as far as the memory goes.
    const bytes = await readFile(scenes[1]!);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    const changed = work.path('one-byte-changed.jpg');
    await writeFile(changed, bytes);
    try {
      await rememberPixelStats([scenes[1]!]);
      const first = await pixelStats(scenes[1]!);
      expect(await pixelStats(copy)).toBe(first);
      expect(await pixelStats(changed)).not.toBe(first);
      forgetPixelStats();
      const fresh = await pixelStats(copy);
      expect(fresh).not.toBe(first);
      // Remembering changes nothing in what is measured.
      expect(fresh).toEqual(first);
    } finally {
      forgetPixelStats();
    }
  });

  it('remembers nothing for a file it cannot read, and does not fail', async () => {
    await expect(rememberPixelStats([work.path('missing.jpg')])).resolves.toBeUndefined();
    forgetPixelStats();
  });
});
