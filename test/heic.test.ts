import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { decodeHeic, looksLikeHeic, readHead } from '../src/media/heic.js';
import { encodePhoto } from '../src/media/image.js';
import { makeFakeHeic, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
let heic: string;
let reference: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-heic-');
  // Same scene twice: as an iPhone-style HEIC (HEVC still) and as a lossless PNG.
  heic = await makePhoto(work.path('IMG_0001.heic'), { width: 640, height: 480, seed: 11, format: 'heic', quality: 90 });
  reference = await makePhoto(work.path('reference.png'), { width: 640, height: 480, seed: 11, format: 'png' });
});

afterAll(async () => {
  await work.cleanup();
});

describe('HEIC photos', () => {
  it("needs its own decoder: sharp's prebuilt libvips has no HEVC", async () => {
    expect(looksLikeHeic(await readHead(heic))).toBe(true);
    await expect(sharp(heic).raw().toBuffer()).rejects.toThrow();
  });

  it('decodes an iPhone HEIC photo to RGBA pixels', async () => {
    const decoded = await decodeHeic(heic);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([640, 480, 4]);
    expect(decoded.data.length).toBe(640 * 480 * 4);
  });

  it('converts a HEIC photo to a JPEG of the same scene', async () => {
    const result = await encodePhoto(heic, work.path('out', 'IMG_0001.heic'));
    expect(result.format).toBe('jpeg');
    expect(result.file).toBe(work.path('out', 'IMG_0001.jpg'));
    const meta = await sharp(result.file).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 640, 480, undefined]);
    const [a, b] = await Promise.all([result.file, reference].map((f) => sharp(f).removeAlpha().raw().toBuffer()));
    let diff = 0;
    for (let i = 0; i < a!.length; i++) diff += Math.abs(a![i]! - b![i]!);
    // Lossy HEVC then JPEG: close to the original scene, far from a blank or garbled image.
    expect(diff / a!.length).toBeLessThan(12);
  });

  it('fits a HEIC photo into a byte target like any other photo', async () => {
    const result = await encodePhoto(heic, work.path('out', 'target.jpg'), { targetBytes: 40_000 });
    expect(result.bytes).toBeLessThanOrEqual(40_000);
  });

  it('a HEIC that cannot be decoded gives one clear line naming the file', async () => {
    const fake = await makeFakeHeic(work.path('broken.heic'));
    const error = await encodePhoto(fake, work.path('out', 'broken.jpg')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/^broken\.heic: this HEIC photo could not be decoded.*export it as JPEG/);

    const cut = work.path('cut.heic');
    const bytes = await readFile(heic);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cutError = await encodePhoto(cut, work.path('out', 'cut.jpg')).catch((e: unknown) => e);
    expect(cutError).toBeInstanceOf(AppealError);
    expect((cutError as AppealError).toLine()).toMatch(/^cut\.heic: /);
  });

  it('recognises HEIC by its brand and leaves AVIF to sharp', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const body = Buffer.from(major + '\0\0\0\0' + compatible.join(''), 'latin1');
      const head = Buffer.alloc(8);
      head.writeUInt32BE(8 + body.length);
      head.write('ftyp', 4, 'latin1');
      return Buffer.concat([head, body, Buffer.alloc(16)]);
    };
    expect(looksLikeHeic(ftyp('heic', 'mif1', 'heic'))).toBe(true);
    expect(looksLikeHeic(ftyp('mif1', 'mif1', 'heic'))).toBe(true);
    expect(looksLikeHeic(ftyp('avif', 'mif1', 'avif'))).toBe(false);
    expect(looksLikeHeic(ftyp('mif1', 'mif1', 'avif'))).toBe(false);
    expect(looksLikeHeic(ftyp('isom', 'mp41'))).toBe(false);
    expect(looksLikeHeic(Buffer.from('\xff\xd8\xff\xe0 not a heic at all', 'latin1'))).toBe(false);
  });
});
