import { rm } from 'node:fs/promises';
import { AppealError } from '../../common/errors.js';
import { throwIfCancelled } from '../../common/cancel.js';
import { EDGE_LADDER, type PhotoResult, type PreparedPhoto } from '../../media/image.js';
import { COPY_QUALITY, GOOD_QUALITY, LOG_GROWTH_PER_STEP, MIN_QUALITY, photoRoomBeside, searchQuality } from '../budget.js';
import { PHOTO_CONCURRENCY, photoBytesAt } from '../photo-sizes.js';
import type { Plan } from './plan.js';
import { mapLimit, since, type BuildSettings } from './settings.js';

/**
 * Stage 4, the photos: fitted to the room the finished video left, exactly: the pixels were
 * decoded once in the plan, sizes at other qualities are predicted by quick encodes, and each
 * photo is encoded with mozjpeg once, at one quality for all (they look alike side by side).
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

/**
 * A mozjpeg encode costs about twenty plain libjpeg-turbo ones. So the size of a photo at another
 * quality is predicted from its nearest mozjpeg size already known (the plan estimated them),
 * grown as the quick encode (same quantisation table, no trellis) grows between the two
 * qualities. The prediction drifts by up to ~1.5% a quality step (the trellis pays off
 * differently at other qualities: the mozjpeg/quick ratio moved -4%..+9% over 1..10 steps on
 * our photo sets), so that much is kept clear; then one mozjpeg encode per photo at the chosen
 * quality is exact, and a photo still over goes a step down.
 */
const DRIFT_PER_STEP = 0.015;
/**
 * Kept clear of the plan's estimate of a mozjpeg size (image.ts estimatedSizeAt) while nothing
 * was encoded at full size yet: 0.4% off on average, 1.6% at worst on 25 photos. A photo the
 * estimate put too low is caught by its exact encode and goes a step down.
 */
const ESTIMATE_ERROR = 0.01;

async function predictedBytes(photo: PreparedPhoto, quality: number): Promise<{ bytes: number; padded: number }> {
  const measured = photo.measuredQualities();
  if (measured.includes(quality)) {
    const { bytes } = await photoBytesAt(photo, quality);
    return { bytes, padded: bytes };
  }
  // From the mozjpeg size known with the least room to keep clear: exact ones drift with the
  // distance, estimated ones carry their error too; with none yet (an unplanned photo), an
  // estimate at this very quality.
  const padOf = (q: number) => DRIFT_PER_STEP * Math.abs(quality - q) + (measured.includes(q) ? 0 : ESTIMATE_ERROR);
  const anchors = photo.estimatedQualities();
  const anchor = anchors.length > 0 ? anchors.reduce((best, q) => (padOf(q) < padOf(best) ? q : best)) : quality;
  const anchorBytes = measured.includes(anchor) ? await photo.sizeAt(anchor) : await photo.estimatedSizeAt(anchor);
  const jpeg = anchor === quality ? anchorBytes : (anchorBytes * (await photo.quickSizeAt(quality))) / (await photo.quickSizeAt(anchor));
  const png = photo.screenshotLike ? await photo.pngBytes() : null;
  if (png !== null && png < jpeg) return { bytes: png, padded: png };
  return { bytes: jpeg, padded: jpeg * (1 + padOf(anchor)) };
}

/** Exported for its test; the stage below is its only caller. */
export async function fitToRoom(
  sources: readonly PreparedPhoto[],
  room: number,
  signal: AbortSignal | undefined,
  /** Told of each photo as soon as its exact encode at the quality found exists (it may still step down). */
  onEncoded?: (photo: PreparedPhoto, index: number, quality: number) => void,
): Promise<Fitted> {
  let photos = [...sources];
  for (const edge of [Infinity, ...EDGE_LADDER]) {
    throwIfCancelled(signal);
    if (edge !== Infinity) {
      photos = await mapLimit(photos, PHOTO_CONCURRENCY, (photo) => photo.resized(edge));
      // Fewer pixels: an estimate at the plan's quality to predict from again.
      await mapLimit(photos, PHOTO_CONCURRENCY, (photo) => photo.estimatedSizeAt(GOOD_QUALITY));
    }
    // One quality for all photos, found on the predictions (cheap), with the drift kept clear.
    const padded = async (q: number) =>
      (await mapLimit(photos, PHOTO_CONCURRENCY, async (photo) => (await predictedBytes(photo, q)).padded)).reduce((a, b) => a + b, 0);
    // Start from the qualities every photo was already weighed at (exact or estimated: no new encode).
    const measured = photos.map((photo) => photo.estimatedQualities());
    const common = measured[0]?.filter((q) => measured.every((list) => list.includes(q))) ?? [];
    const known = new Map(await Promise.all(common.map(async (q) => [q, await padded(q)] as const)));
    // The padded sizes grow by the drift kept clear on top of the JPEG's own growth: guessing
    // with both saves a round of quick encodes (5 photos) on a typical fit.
    const found = await searchQuality(padded, room, MIN_QUALITY, COPY_QUALITY, known, LOG_GROWTH_PER_STEP + Math.log1p(DRIFT_PER_STEP));
    if (found.bytes > room) continue;
    // The real encodes, exact; a photo over its prediction takes the total over: the largest goes a step down.
    const qualities = photos.map(() => found.quality);
    const sizes = await mapLimit(photos, PHOTO_CONCURRENCY, async (photo, i) => {
      const { bytes } = await photoBytesAt(photo, found.quality);
      onEncoded?.(photo, i, found.quality);
      return bytes;
    });
    let bytes = sizes.reduce((a, b) => a + b, 0);
    while (bytes > room) {
      throwIfCancelled(signal);
      let largest = -1;
      for (const [i, size] of sizes.entries()) if (qualities[i]! > MIN_QUALITY && (largest < 0 || size > sizes[largest]!)) largest = i;
      if (largest < 0) break;
      qualities[largest]! -= 1;
      const smaller = (await photoBytesAt(photos[largest]!, qualities[largest]!)).bytes;
      bytes += smaller - sizes[largest]!;
      sizes[largest] = smaller;
    }
    if (bytes <= room) return { photos, qualities, bytes };
  }
  throw new AppealError(`the photos do not fit in the ${Math.round(room / 1000)} KB the email leaves for them, even made smaller.`, {
    exitCode: 1,
    hint: 'Use fewer photos, or build with --no-video.',
  });
}

/**
 * @param onWritten told of each file written, as soon as it is: the preflight's statistics of the
 * first photos are then computed while the last ones still encode (a core would wait otherwise).
 */
export async function makePhotos(
  settings: BuildSettings,
  plan: Plan,
  videoBytes: number,
  onWritten?: (file: string) => void,
): Promise<PhotoOutcome> {
  const { signal, limitBytes } = settings;
  await settings.enter('photos', `${plan.sources.length} photo${plan.sources.length === 1 ? '' : 's'}`);
  const start = performance.now();
  const room = photoRoomBeside(limitBytes, plan.overheadBytes, plan.docxBaseBytes, videoBytes, plan.sources.length);
  // A photo is written as soon as its encode at the quality found exists; one the fit then steps
  // down (or makes smaller) is written again once its first write is done, and the first file
  // goes if the second has another name (a PNG that became a JPEG).
  const writes = new Map<number, { photo: PreparedPhoto; quality: number; done: Promise<PhotoResult> }>();
  const write = (photo: PreparedPhoto, i: number, quality: number): Promise<PhotoResult> => {
    const before = writes.get(i);
    if (before && before.photo === photo && before.quality === quality) return before.done;
    const done = (async () => {
      const earlier = await before?.done.catch(() => null);
      throwIfCancelled(signal);
      const { png } = await photoBytesAt(photo, quality);
      const result = await photo.write(plan.photoItems[i]!.path, png ? 'png' : quality);
      if (earlier && earlier.file !== result.file) await rm(earlier.file, { force: true });
      onWritten?.(result.file);
      return result;
    })();
    done.catch(() => undefined); // awaited below, or the fit failed and the staging folder goes
    writes.set(i, { photo, quality, done });
    return done;
  };
  const fitted = await fitToRoom(plan.sources, room, signal, (photo, i, quality) => void write(photo, i, quality));
  const results = await Promise.all(fitted.photos.map((photo, i) => write(photo, i, fitted.qualities[i]!)));
  return { results, roomBytes: room, bytes: fitted.bytes, ms: since(start) };
}
