import type { PreparedPhoto } from '../media/image.js';
import { mapLimit } from './stages/settings.js';

/**
 * What a photo weighs in the package at a JPEG quality: the JPEG, or the lossless PNG when
 * the photo is a screenshot-like PNG and that is smaller. Every encode is cached by the
 * prepared photo, so asking twice costs nothing.
 */

/** Photos encoded at once (2 cores; each holds a ~15 MB pixel buffer). */
export const PHOTO_CONCURRENCY = 2;

export async function photoBytesAt(photo: PreparedPhoto, quality: number, how: 'exact' | 'estimated' = 'exact'): Promise<{ bytes: number; png: boolean }> {
  const jpeg = how === 'exact' ? await photo.sizeAt(quality) : await photo.estimatedSizeAt(quality);
  const png = photo.screenshotLike ? await photo.pngBytes() : null;
  return png !== null && png < jpeg ? { bytes: png, png: true } : { bytes: jpeg, png: false };
}

/** Sum over the photos, each at its own quality (a number = the same for all). */
export async function totalAt(photos: readonly PreparedPhoto[], quality: number | readonly number[], how: 'exact' | 'estimated' = 'exact'): Promise<number> {
  const sizes = await mapLimit(photos, PHOTO_CONCURRENCY, async (photo, i) =>
    (await photoBytesAt(photo, typeof quality === 'number' ? quality : quality[i]!, how)).bytes,
  );
  return sizes.reduce((a, b) => a + b, 0);
}
