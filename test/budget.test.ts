import { describe, expect, it } from 'vitest';
import { base64BodyBytes } from '../src/appeal/size.js';
import { AppealError } from '../src/appeal/errors.js';
import {
  MIN_FILL,
  encodedEmailBytes,
  formatDuration,
  kbpsForBytes,
  maxVideoSecondsFor,
  minVideoBytes,
  planBudget,
  searchQuality,
  videoRoomAfterDocx,
  type PlanInput,
} from '../src/package/budget.js';

const MB = 1_000_000;

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    limitBytes: 18 * MB,
    overheadBytes: 6_000,
    docxBaseBytes: 12_000,
    photos: { copyBytes: 5 * 1.6 * MB, goodBytes: 5 * 0.9 * MB, minBytes: 5 * 0.25 * MB },
    video: { file: 'clip.mov', durationSec: 75, hasAudio: true, copyBytes: 60 * MB },
    ...over,
  };
}

/** The email a plan leads to when each output lands exactly on its share. */
function plannedEmailBytes(plan: ReturnType<typeof planBudget>): number {
  const sizes = [plan.docxBaseBytes + plan.photoBytes];
  if (plan.video) sizes.push(plan.video.maxBytes);
  return encodedEmailBytes(plan.overheadBytes, sizes);
}

describe('the email budget', () => {
  it('adds the base64 body of every attachment to the measured overhead', () => {
    expect(encodedEmailBytes(1000, [57, 58])).toBe(1000 + 78 + 84);
    expect(encodedEmailBytes(1000, [])).toBe(1000);
  });

  it('keeps photos and video at copy level when the originals fit', () => {
    const plan = planBudget(input({ video: { file: 'clip.mp4', durationSec: 20, hasAudio: true, copyBytes: 4 * MB } }));
    expect(plan.mode).toBe('copy');
    expect(plan.photoLevel).toBe('copy');
    expect(plan.video).toEqual({ mode: 'copy', maxBytes: 4 * MB });
    expect(plannedEmailBytes(plan)).toBeLessThanOrEqual(18 * MB);
  });

  it('gives the photos their good quality and the video the rest, filling the budget exactly', () => {
    const plan = planBudget(input());
    expect(plan.mode).toBe('fit');
    expect(plan.photoLevel).toBe('good');
    expect(plan.photoBytes).toBe(4.5 * MB);
    expect(plan.video?.mode).toBe('encode');
    const total = plannedEmailBytes(plan);
    expect(total).toBeLessThanOrEqual(18 * MB);
    expect(total).toBeGreaterThan(18 * MB - 80); // one base64 line of slack at most
  });

  it('caps the photos share so a video keeps room, and searches a quality under the cap', () => {
    const plan = planBudget(
      input({ photos: { copyBytes: 30 * MB, goodBytes: 14 * MB, minBytes: 2 * MB } }),
    );
    expect(plan.photoLevel).toBe('search');
    expect(plan.photoBytes).toBeLessThan(14 * MB);
    expect(base64BodyBytes(plan.docxBaseBytes + plan.photoBytes)).toBeLessThanOrEqual(0.45 * (18 * MB - 6_000));
    expect(plannedEmailBytes(plan)).toBeLessThanOrEqual(18 * MB);
    expect(plannedEmailBytes(plan)).toBeGreaterThanOrEqual(MIN_FILL * 18 * MB);
  });

  it('hands the room a short video does not need back to the photos', () => {
    const plan = planBudget(
      input({
        photos: { copyBytes: 16 * MB, goodBytes: 4 * MB, minBytes: 1 * MB },
        video: { file: 'short.mp4', durationSec: 8, hasAudio: true, copyBytes: 3 * MB },
      }),
    );
    expect(plan.video).toEqual({ mode: 'copy', maxBytes: 3 * MB });
    expect(plan.photoLevel).toBe('search');
    expect(plannedEmailBytes(plan)).toBeLessThanOrEqual(18 * MB);
    expect(plannedEmailBytes(plan)).toBeGreaterThanOrEqual(MIN_FILL * 18 * MB);
  });

  it('without a video gives the photos the whole budget', () => {
    const plan = planBudget(input({ video: null, photos: { copyBytes: 40 * MB, goodBytes: 20 * MB, minBytes: 2 * MB } }));
    expect(plan.video).toBeNull();
    expect(plannedEmailBytes(plan)).toBeLessThanOrEqual(18 * MB);
    expect(plannedEmailBytes(plan)).toBeGreaterThan(18 * MB - 80);
  });

  it('refuses a 10-minute video before encoding, with the numbers and a trim length', () => {
    let error: unknown;
    try {
      planBudget(input({ video: { file: 'long.mov', durationSec: 600, hasAudio: true, copyBytes: 900 * MB } }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppealError);
    const line = (error as AppealError).toLine();
    expect(line).toContain('10:00 video needs at least 22');
    expect(line).toMatch(/trim it to under \d+:\d\d/i);
    expect(line).toContain('--no-video');
    expect((error as AppealError).exitCode).toBe(1);
    // The suggested length really fits beside the photos at their lowest quality.
    const seconds = Number(/under (\d+):(\d\d)/i.exec(line)!.slice(1).reduce((m, s) => String(Number(m) * 60 + Number(s))));
    const room = videoRoomAfterDocx(18 * MB, 6_000, 12_000 + 1.25 * MB);
    expect(minVideoBytes(seconds)).toBeLessThanOrEqual(room);
    expect(minVideoBytes(seconds + 2)).toBeGreaterThan(room);
  });

  it('refuses photos that cannot fit even at their lowest quality', () => {
    expect(() => planBudget(input({ limitBytes: 1 * MB, video: null }))).toThrow(/photos need at least/);
  });

  it('converts bytes, durations and bitrates both ways', () => {
    expect(formatDuration(105)).toBe('1:45');
    expect(formatDuration(600)).toBe('10:00');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(minVideoBytes(600)).toBeGreaterThan(22 * MB);
    expect(minVideoBytes(600)).toBeLessThan(23 * MB);
    expect(maxVideoSecondsFor(minVideoBytes(100))).toBe(100);
    const kbps = kbpsForBytes(10 * MB, 75);
    expect(kbps).toBeGreaterThan(1000);
    expect(kbps * 1000 * 75 / 8 * 1.02).toBeLessThanOrEqual(10 * MB);
  });

  it('finds the highest quality whose size fits', async () => {
    const sizeAt = async (q: number) => 1000 * q;
    expect(await searchQuality(sizeAt, 73_500, 40, 92)).toEqual({ quality: 73, bytes: 73_000 });
    expect(await searchQuality(sizeAt, 200_000, 40, 92)).toEqual({ quality: 92, bytes: 92_000 });
    expect((await searchQuality(sizeAt, 10, 40, 92)).quality).toBe(40);
  });

  it('finds the fitting quality in a few encodes, starting from a size the plan already measured', async () => {
    // A JPEG grows ~3-7% per quality step; the search must not walk 40 qualities to find out.
    for (const growth of [0.03, 0.05, 0.07]) {
      const size = (q: number) => Math.round(1_000_000 * Math.exp(growth * (q - 82)));
      for (const limit of [600_000, 1_040_000, 1_400_000, 3_000_000]) {
        let encodes = 0;
        const found = await searchQuality(async (q) => (encodes++, size(q)), limit, 55, 92, new Map([[82, size(82)]]));
        let best = 55;
        for (let q = 55; q <= 92; q++) if (size(q) <= limit) best = q;
        expect(found.quality).toBe(best);
        expect(encodes).toBeLessThanOrEqual(4);
      }
    }
  });
});
