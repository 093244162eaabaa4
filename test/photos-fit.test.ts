import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePhoto, type PreparedPhoto } from '../src/media/image.js';
import { GOOD_QUALITY } from '../src/package/budget.js';
import { fitToRoom } from '../src/package/stages/photos.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

/**
 * The photos fill what the finished video left. The plan estimated each photo at one quality
 * (without a full mozjpeg encode); sizes elsewhere are predicted with room kept for the
 * estimate's error and the prediction's drift, which grows with the distance from that quality.
 * A video that comes in well under its share leaves a room far from the plan, and the room kept
 * clear must not cost the seller more than a quality step the email has room for.
 */
describe('photos fitted to the room the video left', () => {
  let work: WorkDir;
  let photos: PreparedPhoto[];
  /** The same photos prepared apart, to measure exact sizes without teaching the fitted ones. */
  let ruler: PreparedPhoto[];
  beforeAll(async () => {
    work = await makeWorkDir('appeal-fit-');
    photos = [];
    ruler = [];
    for (const [i, texture] of (['leather', 'wood', 'leather'] as const).entries()) {
      const file = await makePhoto(join(work.dir, `p${i}.jpg`), { width: 1600, height: 1200, texture, seed: 40 + i, quality: 95 });
      const photo = await preparePhoto(file);
      await photo.estimatedSizeAt(GOOD_QUALITY); // what the plan weighs
      photos.push(photo);
      ruler.push(await preparePhoto(file));
    }
  });
  afterAll(() => work.cleanup());

  const exactTotal = async (quality: number) => {
    let sum = 0;
    for (const photo of ruler) sum += await photo.sizeAt(quality);
    return sum;
  };

  it('takes the highest common quality that fits when the room is far above the plan, never over it', async () => {
    const room = Math.round((await exactTotal(91)) * 1.005);
    const fitted = await fitToRoom(photos, room, undefined);
    expect(fitted.bytes).toBeLessThanOrEqual(room);
    expect(new Set(fitted.qualities).size).toBe(1);
    // q91 fits exactly; one step below is the most the drift may cost.
    expect(fitted.qualities[0]).toBeGreaterThanOrEqual(90);
  });

  it('tells of each photo as soon as its encode at the quality found exists, so the build can write it early', async () => {
    const room = Math.round((await exactTotal(87)) * 1.002);
    const told: { index: number; quality: number }[] = [];
    const fitted = await fitToRoom(photos, room, undefined, (photo, index, quality) => {
      // Told with the very photo and quality the fit encoded: its size is known without a new encode.
      expect(photo.measuredQualities()).toContain(quality);
      told.push({ index, quality });
    });
    expect(told.map((t) => t.index).sort()).toEqual(photos.map((_, i) => i));
    // A photo may still step down after it was told of; never up.
    for (const t of told) expect(fitted.qualities[t.index]).toBeLessThanOrEqual(t.quality);
    expect(fitted.bytes).toBeLessThanOrEqual(room);
  });

  it('stays at the plan\'s quality, or one step under, when the room is exactly that', async () => {
    const room = await exactTotal(GOOD_QUALITY);
    const fitted = await fitToRoom(photos, room, undefined);
    expect(fitted.bytes).toBeLessThanOrEqual(room);
    for (const q of fitted.qualities) expect(q).toBeGreaterThanOrEqual(GOOD_QUALITY - 1);
  });

  it('encodes each photo in full once when the room matches the plan, however the estimate fell', async () => {
    const fresh = await Promise.all(ruler.map((photo) => preparePhoto(photo.input)));
    for (const photo of fresh) await photo.estimatedSizeAt(GOOD_QUALITY);
    // Room for q80: the estimate's error kept clear still leaves a quality all photos fit at.
    const room = Math.round((await exactTotal(80)) * 1.01);
    const fitted = await fitToRoom(fresh, room, undefined);
    expect(fitted.bytes).toBeLessThanOrEqual(room);
    const fullEncodes = fresh.map((photo) => photo.measuredQualities().length);
    // One full encode per photo, and at most one photo stepped down once after it.
    expect(fullEncodes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(fresh.length + 1);
  });
});

describe('a photo\'s mozjpeg size, estimated from a band of rows in six', () => {
  let work: WorkDir;
  beforeAll(async () => {
    work = await makeWorkDir('appeal-estimate-');
  });
  afterAll(() => work.cleanup());

  it('lands within 2% of the real encode on blotchy and grained scenes, portrait and landscape, low and high quality', async () => {
    const cases = [
      { width: 2400, height: 1800, texture: 'leather' as const, seed: 3, quality: 82 },
      { width: 1800, height: 2400, texture: 'wood' as const, seed: 5, quality: 90 },
      { width: 2000, height: 1500, texture: 'wood' as const, seed: 8, quality: 60 },
      { width: 1600, height: 1200, texture: 'leather' as const, seed: 11, quality: 75, blur: 3 },
    ];
    for (const [i, c] of cases.entries()) {
      const file = await makePhoto(join(work.dir, `e${i}.jpg`), { width: c.width, height: c.height, texture: c.texture, seed: c.seed, quality: 92, ...(c.blur ? { blur: c.blur } : {}) });
      const estimated = await (await preparePhoto(file)).estimatedSizeAt(c.quality);
      const real = await (await preparePhoto(file)).sizeAt(c.quality);
      expect(Math.abs(estimated / real - 1), `${file} at q${c.quality}: ${estimated} vs ${real}`).toBeLessThan(0.02);
    }
  });

  it('is the real size once that quality was encoded, and encodes a small photo whole', async () => {
    const big = await preparePhoto(await makePhoto(join(work.dir, 'big.jpg'), { width: 1600, height: 1200, seed: 1 }));
    const real = await big.sizeAt(70);
    expect(await big.estimatedSizeAt(70)).toBe(real);
    const small = await preparePhoto(await makePhoto(join(work.dir, 'small.jpg'), { width: 400, height: 300, seed: 2 }));
    // 300 rows are fewer than 24 bands of 16: too few to sample, so the estimate is the encode itself.
    expect(await small.estimatedSizeAt(80)).toBe(await small.sizeAt(80));
    expect(small.measuredQualities()).toContain(80);
  });
});
