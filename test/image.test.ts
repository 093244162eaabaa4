import { readdir, stat, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { encodePhoto, highestQualityWithin, preparePhoto } from '../src/media/image.js';
import { exifHasGps } from '../src/media/exif.js';
import { makeAnimatedGif, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
let bigPhoto: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-image-');
  // Larger than the 2560 cap, like every phone photo (8 MP here to keep two shared cores free).
  bigPhoto = await makePhoto(work.path('in', 'wallet.jpg'), { width: 3200, height: 2400, seed: 7, quality: 90 });
});

afterAll(async () => {
  await work.cleanup();
});

/** Mean absolute difference of two images of the same size, 0..255. */
async function meanDiff(a: string | Buffer, b: string | Buffer): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  expect(ra!.info.width).toBe(rb!.info.width);
  expect(ra!.info.height).toBe(rb!.info.height);
  let sum = 0;
  for (let i = 0; i < ra!.data.length; i++) sum += Math.abs(ra!.data[i]! - rb!.data[i]!);
  return sum / ra!.data.length;
}

describe('encodePhoto', () => {
  it('strips GPS and all EXIF from a photo', async () => {
    const input = await makePhoto(work.path('in', 'gps.jpg'), { width: 1200, height: 900, exif: { gps: true } });
    const before = await sharp(input).metadata();
    expect(before.exif && exifHasGps(before.exif)).toBe(true);

    const result = await encodePhoto(input, work.path('out', 'gps.jpg'));
    const after = await sharp(result.file).metadata();
    expect(result.gpsRemoved).toBe(true);
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    // The picture itself survives: only the metadata is gone.
    expect(await meanDiff(result.file, input)).toBeLessThan(6);
  });

  it('reports no GPS removal for a photo that had none', async () => {
    const input = await makePhoto(work.path('in', 'nogps.jpg'), { width: 800, height: 600 });
    const result = await encodePhoto(input, work.path('out', 'nogps.jpg'));
    expect(result.gpsRemoved).toBe(false);
    expect(result.orientationApplied).toBe(false);
  });

  it('applies EXIF orientation 6 before stripping', async () => {
    // Same scene: once stored sideways with orientation 6, once stored upright.
    const sideways = await makePhoto(work.path('in', 'rot6.jpg'), { width: 600, height: 400, seed: 3, exif: { orientation: 6 }, quality: 95 });
    const upright = await makePhoto(work.path('in', 'upright.jpg'), { width: 400, height: 600, seed: 3, quality: 95 });
    expect((await sharp(sideways).metadata()).width).toBe(600);

    const result = await encodePhoto(sideways, work.path('out', 'rot6.jpg'), { quality: 92 });
    expect(result.orientationApplied).toBe(true);
    expect([result.width, result.height]).toEqual([400, 600]);
    const meta = await sharp(result.file).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([400, 600, undefined]);
    // Pixels match the upright scene, not a turned one.
    const reference = await encodePhoto(upright, work.path('out', 'upright.jpg'), { quality: 92 });
    const same = await meanDiff(result.file, reference.file);
    const turned = await sharp(reference.file).rotate(180).toBuffer();
    expect(same).toBeLessThan(4);
    expect(await meanDiff(result.file, turned)).toBeGreaterThan(same * 3);
  });

  it('caps the long edge at 2560', async () => {
    const result = await encodePhoto(bigPhoto, work.path('out', 'big.jpg'));
    expect([result.width, result.height]).toEqual([2560, 1920]);
    const meta = await sharp(result.file).metadata();
    expect([meta.width, meta.height]).toEqual([2560, 1920]);
    expect(result.bytes).toBe((await stat(result.file)).size);
    const reference = await sharp(bigPhoto).resize(2560, 1920).png({ compressionLevel: 1 }).toBuffer();
    expect(await meanDiff(result.file, reference)).toBeLessThan(6);
  });

  it('honours a smaller long-edge cap and never enlarges a small photo', async () => {
    const capped = await encodePhoto(bigPhoto, work.path('out', 'capped.jpg'), { maxEdge: 1600 });
    expect([capped.width, capped.height]).toEqual([1600, 1200]);
    const small = await makePhoto(work.path('in', 'small.jpg'), { width: 640, height: 480 });
    const kept = await encodePhoto(small, work.path('out', 'small.jpg'));
    expect([kept.width, kept.height]).toEqual([640, 480]);
  });

  it('finds the highest JPEG quality that fits the target', async () => {
    // Searched at a 1600 px edge: the same search, a quarter of the encode time.
    const prepared = await preparePhoto(bigPhoto, { maxEdge: 1600 });
    const at70 = await prepared.sizeAt(70);
    const at80 = await prepared.sizeAt(80);
    expect(at80).toBeGreaterThan(at70);
    const target = Math.round((at70 + at80) / 2);

    const result = await encodePhoto(bigPhoto, work.path('out', 'target.jpg'), { targetBytes: target, maxEdge: 1600 });
    expect(result.format).toBe('jpeg');
    expect(result.bytes).toBeLessThanOrEqual(target);
    expect(result.quality).toBeGreaterThanOrEqual(70);
    expect(result.quality).toBeLessThan(80);
    // One step up no longer fits: it is the highest, not just a fitting quality.
    expect(await prepared.sizeAt(result.quality + 1)).toBeGreaterThan(target);
    expect(result.bytes).toBe(await prepared.sizeAt(result.quality));
    expect([result.width, result.height]).toEqual([1600, 1200]);
  });

  it('uses the top quality when the target is generous', async () => {
    const result = await encodePhoto(bigPhoto, work.path('out', 'generous.jpg'), { targetBytes: 50_000_000, maxQuality: 90, maxEdge: 1280 });
    expect(result.quality).toBe(90);
  });

  it('shrinks the edge when even the lowest quality does not fit', async () => {
    const prepared = await preparePhoto(bigPhoto, { maxEdge: 1600 });
    const lowest = await prepared.sizeAt(55);
    const target = Math.round(lowest * 0.8);
    const result = await encodePhoto(bigPhoto, work.path('out', 'shrunk.jpg'), { targetBytes: target, maxEdge: 1600 });
    expect(result.bytes).toBeLessThanOrEqual(target);
    // 1600 does not fit even at quality 55: the next step of the ladder does.
    expect([result.width, result.height]).toEqual([1280, 960]);
    expect(result.quality).toBeGreaterThanOrEqual(55);
  });

  it('gives up with a clear message when the photo cannot fit its share', async () => {
    const error = await encodePhoto(bigPhoto, work.path('out', 'never.jpg'), { targetBytes: 5_000, maxEdge: 1600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/wallet\.jpg: cannot be made small enough .*5 KB allowed/);
    expect((await readdir(work.path('out'))).filter((n) => n.startsWith('never') || n.includes('.tmp'))).toEqual([]);
  });

  it('converts a WebP / GIF to JPEG', async () => {
    const webp = await makePhoto(work.path('in', 'bench.webp'), { width: 900, height: 600 });
    const fromWebp = await encodePhoto(webp, work.path('out', 'bench.webp'));
    expect(fromWebp.format).toBe('jpeg');
    expect(fromWebp.file).toBe(work.path('out', 'bench.jpg'));
    expect((await sharp(fromWebp.file).metadata()).format).toBe('jpeg');

    const gif = await makeAnimatedGif(work.path('in', 'spin.gif'), { width: 120, height: 80, frames: 3 });
    const fromGif = await encodePhoto(gif, work.path('out', 'spin.jpg'));
    const meta = await sharp(fromGif.file).metadata();
    // The first frame only, not the frames stacked.
    expect([meta.format, meta.width, meta.height, meta.pages]).toEqual(['jpeg', 120, 80, undefined]);
  });

  it('converts AVIF and TIFF to JPEG', async () => {
    const avif = await makePhoto(work.path('in', 'tool.avif'), { width: 640, height: 480 });
    expect((await encodePhoto(avif, work.path('out', 'tool.jpg'))).format).toBe('jpeg');
    const tiff = work.path('in', 'scan.tiff');
    await sharp(await makePhoto(work.path('in', 'scan-src.png'), { width: 500, height: 400 })).tiff().toFile(tiff);
    const fromTiff = await encodePhoto(tiff, work.path('out', 'scan.jpg'));
    expect((await sharp(fromTiff.file).metadata()).format).toBe('jpeg');
  });

  it('keeps a screenshot PNG as PNG when smaller', async () => {
    // Flat colours and text: what a screenshot of an order page looks like.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1170" height="2532">
      <rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="180" fill="#232f3e"/>
      ${Array.from({ length: 30 }, (_, i) => `<text x="40" y="${260 + i * 70}" font-family="DejaVu Sans" font-size="36" fill="#111">Order line ${i + 1}: leather wallet B0CACTUS01</text>`).join('')}
    </svg>`;
    const input = work.path('in', 'screenshot.png');
    await sharp(Buffer.from(svg)).png().toFile(input);
    const result = await encodePhoto(input, work.path('out', 'screenshot.png'));
    expect(result.format).toBe('png');
    expect(result.file).toBe(work.path('out', 'screenshot.png'));
    const jpegBytes = await (await preparePhoto(input)).sizeAt(result.quality === 100 ? 88 : result.quality);
    expect(result.bytes).toBeLessThan(jpegBytes);
    expect((await sharp(result.file).metadata()).format).toBe('png');
  });

  it('turns a photo saved as PNG into a JPEG', async () => {
    const input = await makePhoto(work.path('in', 'photo.png'), { width: 1000, height: 750 });
    const result = await encodePhoto(input, work.path('out', 'photo.png'));
    expect(result.format).toBe('jpeg');
    expect(result.file).toBe(work.path('out', 'photo.jpg'));
  });

  it('flattens a transparent PNG photo onto white when JPEG wins', async () => {
    const { data, info } = await sharp(await makePhoto(work.path('in', 'alpha-src.png'), { width: 800, height: 600 }))
      .ensureAlpha(0.5)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const input = work.path('in', 'alpha.png');
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toFile(input);
    const result = await encodePhoto(input, work.path('out', 'alpha.jpg'));
    expect(result.format).toBe('jpeg');
    const stats = await sharp(result.file).stats();
    // Half-transparent over white: brighter than the scene itself.
    expect(stats.channels[0]!.mean).toBeGreaterThan(150);
  });

  it('converts a CMYK JPEG and a 16-bit PNG to 8-bit sRGB', async () => {
    const scene = await makePhoto(work.path('in', 'scene.png'), { width: 400, height: 300, seed: 5 });
    const cmyk = work.path('in', 'print.jpg');
    await sharp(scene).toColourspace('cmyk').jpeg({ quality: 95 }).toFile(cmyk);
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const deep = work.path('in', 'deep.png');
    await sharp(scene).toColourspace('rgb16').png().toFile(deep);
    expect((await sharp(deep).metadata()).depth).toBe('ushort');

    for (const input of [cmyk, deep]) {
      const result = await encodePhoto(input, work.path('out', 'converted.jpg'));
      const meta = await sharp(result.file).metadata();
      expect([meta.space, meta.channels, meta.depth]).toEqual(['srgb', 3, 'uchar']);
      // Same scene, not inverted or darkened by a missed conversion.
      expect(await meanDiff(result.file, scene)).toBeLessThan(12);
    }
  });

  it('rejects a file that is not an image with a one-line reason', async () => {
    const input = work.path('in', 'notes.jpg');
    await writeFile(input, 'these are notes, not a photo');
    const error = await encodePhoto(input, work.path('out', 'notes.jpg')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/^notes\.jpg: could not be read as a photo/);
  });
});

describe('highestQualityWithin', () => {
  it('finds the boundary of any monotonic size curve with few encodes', async () => {
    const calls: number[] = [];
    const curve = { sizeAt: async (q: number) => (calls.push(q), Math.round(1000 * Math.exp(q / 20))) };
    const target = Math.round(1000 * Math.exp(73.5 / 20));
    expect(await highestQualityWithin(curve, target, 55, 92)).toBe(73);
    expect(calls.length).toBeLessThanOrEqual(7);
    expect(await highestQualityWithin(curve, 10, 55, 92)).toBeNull();
  });
});
