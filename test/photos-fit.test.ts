import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePhoto, type PreparedPhoto } from '../src/media/image.js';
import { GOOD_QUALITY } from '../src/package/budget.js';
import { fitToRoom } from '../src/package/stages/photos.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

/**
 * The photos fill what the finished video left. The plan measured each photo at one quality;
 * sizes elsewhere are predicted with room kept for the prediction's drift, which grows with the
 * distance from that quality. A video that comes in well under its share leaves a room far from
 * the plan, and the drift kept clear must not cost the seller a quality step the email has room for.
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
      await photo.sizeAt(GOOD_QUALITY); // what the plan measures
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

  it('stays at the plan\'s quality when the room is exactly that', async () => {
    const room = await exactTotal(GOOD_QUALITY);
    const fitted = await fitToRoom(photos, room, undefined);
    expect(fitted.bytes).toBeLessThanOrEqual(room);
    expect(fitted.qualities).toEqual(photos.map(() => GOOD_QUALITY));
  });
});
