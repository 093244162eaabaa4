import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { AppealError } from '../common/errors.js';
import { exifHasGps } from './exif.js';
import { decodeHeic, looksLikeHeic, readHead } from './heic.js';

/**
 * The one door to a photo's pixels, used by the probe, the pixel statistics, the name
 * reader, the contact sheet and the encoder: the size is read from the header and checked
 * against one pixel limit BEFORE anything is decoded (a pixel bomb, or a HEIC that would
 * decode to gigabytes, stops here); HEIC goes through the wasm decoder (sharp's prebuilt
 * libvips has no HEVC); everything else through sharp with the EXIF orientation applied,
 * so every user sees the photo as a person does.
 */

/** Phones top out at 200 MP; anything larger is a decompression bomb, not a photo. */
export const MAX_PIXELS = 220_000_000;

export interface ImageHeader {
  /** sharp's format name (jpeg, png, webp, gif, tiff, heif, ...), 'heic' for HEVC stills. */
  format: string;
  /** Stored size (before the EXIF orientation); null when the header does not say. */
  width: number | null;
  height: number | null;
  /** EXIF orientation 1..8 (1 = upright). */
  orientation: number;
  hasGps: boolean;
  pages: number;
}

/** Size of the primary image of a HEIF file from its first `ispe` box (libvips may not tell). */
async function heifImageSize(file: string): Promise<[number, number] | null> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    const at = head.indexOf(Buffer.from('ispe', 'latin1'));
    if (at < 4 || at + 16 > head.length) return null;
    const width = head.readUInt32BE(at + 8);
    const height = head.readUInt32BE(at + 12);
    return width > 0 && height > 0 ? [width, height] : null;
  } finally {
    await handle.close();
  }
}

/**
 * What the header says, without decoding a pixel. Throws what sharp throws for a file it
 * cannot read at all (the caller decides how to word it); HEIC headers never throw here.
 */
export async function readImageHeader(file: string, head?: Buffer): Promise<ImageHeader> {
  const start = head ?? (await readHead(file));
  const heic = looksLikeHeic(start);
  let meta: sharp.Metadata | null = null;
  try {
    meta = await sharp(file, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch (error) {
    if (!heic) throw error;
  }
  let width = meta?.width ?? null;
  let height = meta?.height ?? null;
  if (heic && (width === null || height === null)) [width, height] = (await heifImageSize(file)) ?? [null, null];
  const orientation = meta?.orientation ?? 1;
  return {
    format: heic && (meta === null || meta.format === 'heif') ? 'heic' : (meta?.format ?? 'unknown'),
    width,
    height,
    orientation: orientation >= 1 && orientation <= 8 ? orientation : 1,
    hasGps: meta?.exif ? exifHasGps(meta.exif) : false,
    pages: meta?.pages ?? 1,
  };
}

/** The size a person sees: orientations 5..8 turn the photo a quarter. */
export function displayedSize(header: Pick<ImageHeader, 'width' | 'height' | 'orientation'>): { width: number | null; height: number | null } {
  const quarter = header.orientation >= 5 && header.orientation <= 8;
  return quarter ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

/** The pixel-limit problem of a header, in the seller's words, or null. */
export function tooManyPixels(header: Pick<ImageHeader, 'width' | 'height'>): string | null {
  const { width, height } = header;
  if (width === null || height === null || width * height <= MAX_PIXELS) return null;
  return (
    `the photo claims ${width} x ${height} pixels (${Math.round((width * height) / 1e6)} megapixels), ` +
    `more than the ${MAX_PIXELS / 1e6} megapixels a phone photo has`
  );
}

export interface OpenedImage {
  /** A sharp pipeline of the photo as displayed (upright), first page/frame only. */
  image: sharp.Sharp;
  header: ImageHeader;
  /** The EXIF orientation was not upright and has been applied. */
  turned: boolean;
}

export interface OpenOptions {
  shownAs?: string;
}

export async function openImage(file: string, options: OpenOptions = {}): Promise<OpenedImage> {
  const shownAs = options.shownAs ?? basename(file);
  const head = await readHead(file).catch((cause: unknown) => {
    throw new AppealError('could not be opened.', { file: shownAs, hint: 'Check that the file exists and is readable.', cause });
  });
  let header: ImageHeader;
  try {
    header = await readImageHeader(file, head);
  } catch (cause) {
    throw new AppealError('could not be read as a photo (damaged, or not an image).', {
      file: shownAs,
      hint: 'Open it on the device it came from and export it again as JPEG.',
      cause,
    });
  }
  const problem = tooManyPixels(header);
  if (problem) throw new AppealError(`${problem}.`, { file: shownAs, hint: 'Use the photo as the camera saved it, not an enlarged or stitched copy.' });
  const turned = header.orientation > 1;
  if (header.format === 'heic') {
    if (header.width === null || header.height === null) {
      // No size in the header: a damaged file, and decoding it blind could take any amount of memory.
      throw new AppealError('this HEIC photo could not be decoded (damaged: its header has no image size).', {
        file: shownAs,
        hint: 'Open it on the phone and share/export it as JPEG, then use that file.',
      });
    }
    // libheif applies the container's own rotation (irot/imir) while decoding.
    const decoded = await decodeHeic(file, shownAs);
    const image = sharp(decoded.data, {
      raw: { width: decoded.width, height: decoded.height, channels: decoded.channels },
      limitInputPixels: MAX_PIXELS,
    });
    return { image, header, turned: false };
  }
  // What decodes is used, the same way by the check and the build: a photo the check passed
  // (truncation is caught by the probe) must never stop the build that follows it.
  const image = sharp(file, { limitInputPixels: MAX_PIXELS, failOn: 'none', pages: 1 }).rotate();
  return { image, header, turned };
}
