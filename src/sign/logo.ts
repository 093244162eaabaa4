import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { AppealError } from '../appeal/errors.js';

/**
 * The seller's logo (PNG, JPG or SVG), made ready for both outputs: turned upright (EXIF),
 * vector logos rasterised sharp enough for print, and written as one PNG (transparency kept)
 * that pdfkit embeds and the PNG preview composites.
 */

export interface Logo {
  png: Buffer;
  width: number;
  height: number;
}

/** Long edge of the prepared logo: ~300 dpi across the 8 inches it can take at most. */
const MAX_EDGE = 2400;

const READABLE = new Set(['png', 'jpeg', 'svg', 'webp', 'gif', 'tiff']);

export async function loadLogo(file: string): Promise<Logo> {
  const fail = (why: string, cause?: unknown) =>
    new AppealError(`--logo: ${why}`, { file, hint: 'Pass a PNG, JPG or SVG file of your logo.', cause });
  const found = await stat(file).then((info) => info.isFile(), () => null);
  if (found === null) throw fail('the file does not exist.');
  if (!found) throw fail('that is a folder, not an image file.');
  let format: string | undefined;
  let width: number;
  let height: number;
  try {
    const meta = await sharp(file, { animated: false }).metadata();
    format = meta.format;
    const sideways = (meta.orientation ?? 1) >= 5;
    width = (sideways ? meta.height : meta.width) ?? 0;
    height = (sideways ? meta.width : meta.height) ?? 0;
  } catch (error) {
    throw fail('the file is not an image that can be read.', error);
  }
  if (!format || !READABLE.has(format)) throw fail(`a ${format ?? 'file of unknown type'} cannot be used as a logo.`);
  if (!(width > 0 && height > 0)) throw fail('the image has no size.');
  // SVG has no pixels of its own: rasterise it at the density that gives MAX_EDGE pixels.
  const density = format === 'svg' ? Math.min(2400, Math.max(72, (72 * MAX_EDGE) / Math.max(width, height))) : undefined;
  try {
    const { data, info } = await sharp(file, { animated: false, ...(density ? { density } : {}) })
      .rotate()
      .resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (error) {
    throw fail('the image could not be decoded.', error);
  }
}
