import { AppealError } from '../../common/errors.js';
import { throwIfCancelled } from '../../common/cancel.js';
import { EDGE_LADDER, type PhotoResult, type PreparedPhoto } from '../../media/image.js';
import { COPY_QUALITY, GOOD_QUALITY, MIN_QUALITY, photoRoomBeside, searchQuality } from '../budget.js';
import { PHOTO_CONCURRENCY, photoBytesAt, totalAt } from '../photo-sizes.js';
import type { Plan } from './plan.js';
import { mapLimit, since, type BuildSettings } from './settings.js';

/**
 * Stage 4, the photos: fitted to the exact room the finished video left (sharp makes this
 * cheap: the pixels were decoded once in the plan, each try is one JPEG encode). One quality
 * for all photos, so they look alike side by side; then single photos one step higher
 * while that still fits, so the budget is used to the last few kilobytes.
 */

export interface PhotoOutcome {
  results: PhotoResult[];
  /** Raw bytes the photos were allowed together, and what they took. */
  roomBytes: number;
  bytes: number;
  ms: number;
}

interface Fitted {
  photos: PreparedPhoto[];
  qualities: number[];
  bytes: number;
}

async function fitToRoom(
  sources: readonly PreparedPhoto[],
  room: number,
  measured: ReadonlyMap<number, number>,
  signal: AbortSignal | undefined,
): Promise<Fitted> {
  let photos = [...sources];
  let known = measured;
  for (const edge of [Infinity, ...EDGE_LADDER]) {
    throwIfCancelled(signal);
    if (edge !== Infinity) {
      photos = await mapLimit(photos, PHOTO_CONCURRENCY, (photo) => photo.resized(edge));
      // Fewer pixels: the sizes measured at the last edge no longer apply.
      known = new Map();
    }
    const found = await searchQuality((q) => totalAt(photos, q), room, MIN_QUALITY, COPY_QUALITY, known);
    if (found.bytes > room) continue;
    const qualities = photos.map(() => found.quality);
    let bytes = found.bytes;
    if (found.quality < COPY_QUALITY) {
      for (const [i, photo] of photos.entries()) {
        throwIfCancelled(signal);
        const now = await photoBytesAt(photo, found.quality);
        const up = await photoBytesAt(photo, found.quality + 1);
        if (bytes - now.bytes + up.bytes > room) continue;
        qualities[i] = found.quality + 1;
        bytes += up.bytes - now.bytes;
      }
    }
    return { photos, qualities, bytes };
  }
  throw new AppealError(`the photos do not fit in the ${Math.round(room / 1000)} KB the email leaves for them, even made smaller.`, {
    exitCode: 1,
    hint: 'Use fewer photos, or build with --no-video.',
  });
}

/** The photos' total sizes the plan already measured, by quality (each a set of encodes not to repeat). */
function measuredTotals(plan: Plan): Map<number, number> {
  const { copyBytes, goodBytes, minBytes } = plan.photoSizes;
  const known = new Map<number, number>();
  const real = (bytes: number) => bytes > 0 && bytes < Number.MAX_SAFE_INTEGER;
  if (real(goodBytes)) known.set(GOOD_QUALITY, goodBytes);
  if (real(copyBytes)) known.set(COPY_QUALITY, copyBytes);
  // minBytes stands in for goodBytes when the minimum was not worth measuring.
  if (real(minBytes) && minBytes < goodBytes) known.set(MIN_QUALITY, minBytes);
  return known;
}

export async function makePhotos(settings: BuildSettings, plan: Plan, videoBytes: number): Promise<PhotoOutcome> {
  const { signal, limitBytes } = settings;
  await settings.enter('photos', `${plan.sources.length} photo${plan.sources.length === 1 ? '' : 's'}`);
  const start = performance.now();
  const room = photoRoomBeside(limitBytes, plan.overheadBytes, plan.docxBaseBytes, videoBytes, plan.sources.length);
  const fitted = await fitToRoom(plan.sources, room, measuredTotals(plan), signal);
  const results = await mapLimit(fitted.photos, PHOTO_CONCURRENCY, async (photo, i) => {
    throwIfCancelled(signal);
    const quality = fitted.qualities[i]!;
    const { png } = await photoBytesAt(photo, quality);
    return photo.write(plan.photoItems[i]!.path, png ? 'png' : quality);
  });
  return { results, roomBytes: room, bytes: fitted.bytes, ms: since(start) };
}
