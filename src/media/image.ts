// Longer than most modules: the prepared photo (decode once, encode at many qualities) and the
// quality search are one unit; encodePhoto is the same steps for a single photo.
import { basename, extname } from 'node:path';
import sharp from 'sharp';
import { AppealError } from '../common/errors.js';
import { writeFileAtomic } from '../common/files.js';
import { openImage } from './open-image.js';

/**
 * Photo recompression for the package: EXIF orientation applied, every bit of
 * metadata (GPS!) dropped, sRGB, long edge capped, mozjpeg at the highest quality
 * that fits the photo's share of the email budget.
 *
 * The photo is decoded and resized ONCE into raw pixels (PreparedPhoto); every
 * quality probe is then only a JPEG encode of that buffer.
 */

export const DEFAULT_MAX_EDGE = 2560;
/** Used when there is no byte target: visually lossless for photos of a workbench. */
export const DEFAULT_QUALITY = 88;
/** Long edges tried, in order, when even the lowest quality does not fit the target. */
export const EDGE_LADDER = [2048, 1600, 1280] as const;
/** Colour count under which a PNG looks like a screenshot/drawing rather than a photo. */
const SCREENSHOT_MAX_COLOURS = 4096;

export type PhotoFormat = 'jpeg' | 'png';

export interface PhotoResult {
  /** The file actually written: the requested path with its extension set to .jpg or .png. */
  file: string;
  bytes: number;
  width: number;
  height: number;
  /** JPEG quality used; 100 for a (lossless) PNG. */
  quality: number;
  format: PhotoFormat;
  /** The source carried GPS coordinates and the output has none. */
  gpsRemoved: boolean;
  /** The source was not upright (EXIF orientation / HEIC rotation) and the output is. */
  orientationApplied: boolean;
}

export interface PrepareOptions {
  /** Cap of the long edge in pixels (never upscaled). Default 2560. */
  maxEdge?: number;
  /** How the file is named in messages (defaults to its base name). */
  shownAs?: string;
}

export interface EncodePhotoOptions extends PrepareOptions {
  /** Byte budget of this photo; the highest quality within it is chosen. */
  targetBytes?: number;
  /** Lowest JPEG quality accepted before the long edge is reduced. Default 55. */
  minQuality?: number;
  /** Highest JPEG quality tried. Default 92. */
  maxQuality?: number;
  /** Quality without a target. Default 88 (clamped into [minQuality, maxQuality]). */
  quality?: number;
  /** Smallest long edge the ladder may step down to. Default 1280. */
  minEdge?: number;
}

/** A photo decoded, upright, sRGB and resized, ready to be encoded at any quality. */
export interface PreparedPhoto {
  readonly input: string;
  readonly shownAs: string;
  /** Format sharp/heic detected in the source: jpeg, png, webp, gif, tiff, heif, ... */
  readonly sourceFormat: string;
  readonly width: number;
  readonly height: number;
  readonly hadGps: boolean;
  readonly orientationApplied: boolean;
  /** PNG-worthy: has transparency or only a few colours (screenshot, drawing). */
  readonly screenshotLike: boolean;
  /** Bytes of the JPEG at this quality (cached; encodes once per quality). */
  sizeAt(quality: number): Promise<number>;
  /** The JPEG itself (cached like sizeAt). */
  jpegAt(quality: number): Promise<Buffer>;
  /**
   * Bytes of a quick JPEG at this quality: mozjpeg's quantisation table without its slow
   * trellis and scan search, nor an optimised Huffman table, about twenty times faster. With the same table it grows with the
   * quality as the mozjpeg JPEG does (their ratio moves ~1-2% a step; libjpeg's own table grows
   * up to 20% apart in a single step near quality 90), so it predicts how much a mozjpeg JPEG
   * grows between two qualities (cached).
   */
  quickSizeAt(quality: number): Promise<number>;
  /**
   * Bytes of the mozjpeg JPEG at this quality, estimated for a fifth of the cost of encoding it:
   * the quick size of the whole photo times the mozjpeg/quick ratio of one band of rows in every
   * STRIP_EVERY (see stripsOf). Exact when that quality was already encoded, or when the photo is
   * too small to sample. Cached.
   */
  estimatedSizeAt(quality: number): Promise<number>;
  /** The qualities whose mozjpeg size is already known (encoded before), without encoding. */
  measuredQualities(): number[];
  /** The qualities estimatedSizeAt has sampled (or measured), without encoding. */
  estimatedQualities(): number[];
  /** Bytes of a lossless PNG, or null when the source is not a screenshot-like PNG. */
  pngBytes(): Promise<number | null>;
  /** Writes the JPEG at `quality`, or the PNG, atomically. */
  write(output: string, quality: number | 'png'): Promise<PhotoResult>;
  /** The same photo with a smaller long edge, resized from the prepared pixels (no new decode). */
  resized(maxEdge: number): Promise<PreparedPhoto>;
}

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

interface SourceFacts {
  input: string;
  shownAs: string;
  sourceFormat: string;
  hadGps: boolean;
  orientationApplied: boolean;
}

const unreadable = (shownAs: string, cause: unknown) =>
  new AppealError('could not be read as a photo (damaged, or not an image).', {
    file: shownAs,
    hint: 'Open it on the device it came from and export it again as JPEG.',
    cause,
  });

/**
 * Decodes, orients, converts to sRGB and caps the long edge once (see open-image.ts for
 * HEIC, the orientation and the pixel limit).
 */
/** The quantisation table `mozjpeg: true` uses (sharp's documented equivalent). */
const MOZJPEG_TABLE = 3;

/**
 * One band of 16 rows in this many is encoded to estimate a photo's mozjpeg size. A band is one
 * row of the JPEG's 16x16 blocks (4:2:0) at its own place in the grid, so its blocks are the very
 * blocks of the whole photo; only the entropy coding around them differs. Measured on 25 photos
 * (phone-like, bench and OCR-set scenes, 720 px to 12 MP) at q82 and q86: the estimate was within
 * 0.40% on average and 1.6% at worst, for 18% of a full encode's time. The mozjpeg/quick ratio
 * itself ranged 1.15 to 1.64 across those photos, so no fixed ratio would do.
 */
const STRIP_EVERY = 6;
/** Photos with fewer bands than this are encoded whole to know their size (cheap anyway). */
const STRIP_MIN_BANDS = STRIP_EVERY * 4;

/** Every STRIP_EVERY-th band of 16 rows of the pixels, stacked; null when the photo is too small. */
function stripsOf(pixels: { data: Buffer; width: number; height: number; channels: number }): Buffer | null {
  const bands = Math.floor(pixels.height / 16);
  if (bands < STRIP_MIN_BANDS) return null;
  const bandBytes = 16 * pixels.width * pixels.channels;
  const picked: number[] = [];
  for (let b = Math.floor(STRIP_EVERY / 2); b < bands; b += STRIP_EVERY) picked.push(b);
  const out = Buffer.allocUnsafe(picked.length * bandBytes);
  picked.forEach((b, i) => pixels.data.copy(out, i * bandBytes, b * bandBytes, (b + 1) * bandBytes));
  return out;
}

export async function preparePhoto(input: string, options: PrepareOptions = {}): Promise<PreparedPhoto> {
  const maxEdge = options.maxEdge ?? DEFAULT_MAX_EDGE;
  const shownAs = options.shownAs ?? basename(input);
  const opened = await openImage(input, { shownAs });
  const facts: SourceFacts = {
    input,
    shownAs,
    sourceFormat: opened.header.format,
    hadGps: opened.header.hasGps,
    orientationApplied: opened.turned,
  };
  let pixels: Pixels;
  try {
    const { data, info } = await opened.image
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    pixels = { data, width: info.width, height: info.height, channels: info.channels };
  } catch (cause) {
    throw unreadable(shownAs, cause);
  }
  // An alpha channel that is fully opaque (HEIC decode, many screenshots) only costs bytes.
  if ((pixels.channels === 2 || pixels.channels === 4) && opaque(pixels)) pixels = dropAlpha(pixels);
  return makePrepared(facts, pixels);
}

function makePrepared(facts: SourceFacts, pixels: Pixels): PreparedPhoto {
  const hasAlpha = pixels.channels === 2 || pixels.channels === 4;
  const colours = facts.sourceFormat === 'png' ? countColours(pixels, SCREENSHOT_MAX_COLOURS) : Infinity;
  const screenshotLike = facts.sourceFormat === 'png' && (hasAlpha || colours <= SCREENSHOT_MAX_COLOURS);
  const raw = () => sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });

  // Sizes of every quality tried; the JPEGs themselves only for the last few (memory).
  const sizes = new Map<number, number>();
  const quickSizes = new Map<number, Promise<number>>();
  const estimates = new Map<number, Promise<number>>();
  const jpegs = new Map<number, Promise<Buffer>>();
  let png: Promise<Buffer> | undefined;

  const jpegAt = (quality: number): Promise<Buffer> => {
    const q = Math.round(quality);
    if (q < 1 || q > 100) throw new RangeError(`JPEG quality must be 1..100, got ${quality}`);
    let pending = jpegs.get(q);
    if (!pending) {
      let chain = raw();
      if (hasAlpha) chain = chain.flatten({ background: '#ffffff' });
      pending = chain.jpeg({ quality: q, mozjpeg: true }).toBuffer();
      jpegs.set(q, pending);
      pending.then((b) => sizes.set(q, b.length)).catch(() => jpegs.delete(q));
      while (jpegs.size > 3) jpegs.delete(jpegs.keys().next().value!);
    }
    return pending;
  };

  const pngBuffer = (): Promise<Buffer> => {
    png ??= raw()
      .png({ compressionLevel: 9, palette: colours <= 256 && !hasAlpha, colours: 256, dither: 0, effort: 7 })
      .toBuffer();
    return png;
  };

  const prepared: PreparedPhoto = {
    input: facts.input,
    shownAs: facts.shownAs,
    sourceFormat: facts.sourceFormat,
    width: pixels.width,
    height: pixels.height,
    hadGps: facts.hadGps,
    orientationApplied: facts.orientationApplied,
    screenshotLike,
    async sizeAt(quality) {
      const known = sizes.get(Math.round(quality));
      return known ?? (await jpegAt(quality)).length;
    },
    measuredQualities: () => [...sizes.keys()],
    estimatedQualities: () => [...new Set([...sizes.keys(), ...estimates.keys()])],
    async estimatedSizeAt(quality) {
      const q = Math.round(quality);
      const known = sizes.get(q);
      if (known !== undefined) return known;
      let pending = estimates.get(q);
      if (!pending) {
        const strips = stripsOf(pixels);
        if (!strips) {
          pending = jpegAt(q).then((b) => b.length);
        } else {
          const height = strips.length / (pixels.width * pixels.channels);
          const encode = (options: sharp.JpegOptions) => {
            let chain = sharp(strips, { raw: { width: pixels.width, height, channels: pixels.channels } });
            if (hasAlpha) chain = chain.flatten({ background: '#ffffff' });
            return chain.jpeg(options).toBuffer().then((b) => b.length);
          };
          pending = Promise.all([
            prepared.quickSizeAt(q),
            encode({ quality: q, mozjpeg: true }),
            encode({ quality: q, quantisationTable: MOZJPEG_TABLE, optimiseCoding: false }),
          ]).then(([quick, stripFull, stripQuick]) => Math.round((quick * stripFull) / stripQuick));
        }
        estimates.set(q, pending);
        pending.catch(() => estimates.delete(q));
      }
      return pending;
    },
    async quickSizeAt(quality) {
      const q = Math.round(quality);
      let pending = quickSizes.get(q);
      if (!pending) {
        let chain = raw();
        if (hasAlpha) chain = chain.flatten({ background: '#ffffff' });
        // Standard Huffman tables (no optimising pass): ~3x faster again, and its growth from one
        // quality to another followed mozjpeg's as closely (worst 0.85% vs 1.17% a step on 7 photos).
        pending = chain
          .jpeg({ quality: q, quantisationTable: MOZJPEG_TABLE, optimiseCoding: false })
          .toBuffer()
          .then((b) => b.length);
        quickSizes.set(q, pending);
      }
      return pending;
    },
    jpegAt,
    async pngBytes() {
      return screenshotLike ? (await pngBuffer()).length : null;
    },
    async write(output, quality) {
      const format: PhotoFormat = quality === 'png' ? 'png' : 'jpeg';
      const data = quality === 'png' ? await pngBuffer() : await jpegAt(quality);
      const file = withExtension(output, format);
      await writeFileAtomic(file, data);
      return {
        file,
        bytes: data.length,
        width: pixels.width,
        height: pixels.height,
        quality: quality === 'png' ? 100 : Math.round(quality),
        format,
        gpsRemoved: facts.hadGps,
        orientationApplied: facts.orientationApplied,
      };
    },
    async resized(maxEdge) {
      if (Math.max(pixels.width, pixels.height) <= maxEdge) return prepared;
      const { data, info } = await raw()
        .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return makePrepared(facts, { data, width: info.width, height: info.height, channels: info.channels });
    },
  };
  return prepared;
}

/**
 * Highest integer quality in [minQuality, maxQuality] whose JPEG is at most
 * targetBytes, or null when even minQuality is too big. Interpolates on
 * log(size) (size grows smoothly with quality) and falls back to bisection
 * when a guess does not halve the bracket: typically 3-5 encodes, not 6-7.
 */
export async function highestQualityWithin(
  photo: Pick<PreparedPhoto, 'sizeAt'>,
  targetBytes: number,
  minQuality: number,
  maxQuality: number,
): Promise<number | null> {
  // The top quality alone first: with a generous share that is the only encode.
  const atMax = await photo.sizeAt(maxQuality);
  if (atMax <= targetBytes) return maxQuality;
  const atMin = await photo.sizeAt(minQuality);
  if (atMin > targetBytes) return null;
  let lo = minQuality; // fits
  let hi = maxQuality; // does not fit
  let sizeLo = atMin;
  let sizeHi = atMax;
  let bisect = false;
  while (hi - lo > 1) {
    let guess: number;
    if (bisect) {
      guess = Math.floor((lo + hi) / 2);
    } else {
      const t = (Math.log(targetBytes) - Math.log(sizeLo)) / (Math.log(sizeHi) - Math.log(sizeLo));
      guess = Math.round(lo + t * (hi - lo));
    }
    guess = Math.min(hi - 1, Math.max(lo + 1, guess));
    const before = hi - lo;
    const size = await photo.sizeAt(guess);
    if (size <= targetBytes) {
      lo = guess;
      sizeLo = size;
    } else {
      hi = guess;
      sizeHi = size;
    }
    bisect = hi - lo > before / 2;
  }
  return lo;
}

/**
 * Recompresses one photo for the package (see the module comment). Without a
 * target the quality is fixed (88). A PNG stays PNG only when it looks like a
 * screenshot AND its PNG is smaller than the JPEG (and within the target).
 * When no quality fits at the requested edge, the edge steps down
 * (2048, 1600, 1280 px); below minEdge it gives up with an AppealError.
 */
export async function encodePhoto(input: string, output: string, options: EncodePhotoOptions = {}): Promise<PhotoResult> {
  const minQuality = options.minQuality ?? 55;
  const maxQuality = options.maxQuality ?? 92;
  const minEdge = options.minEdge ?? EDGE_LADDER[EDGE_LADDER.length - 1]!;
  if (minQuality > maxQuality) throw new RangeError('minQuality is above maxQuality');
  const { targetBytes } = options;
  let photo = await preparePhoto(input, options);

  if (targetBytes === undefined) {
    const quality = Math.min(maxQuality, Math.max(minQuality, options.quality ?? DEFAULT_QUALITY));
    const choosePng = photo.screenshotLike && (await photo.pngBytes())! < (await photo.sizeAt(quality));
    return photo.write(output, choosePng ? 'png' : quality);
  }

  const edges = [Math.max(photo.width, photo.height), ...EDGE_LADDER.filter((e) => e < Math.max(photo.width, photo.height) && e >= minEdge)];
  let smallest = Infinity;
  for (const edge of edges) {
    photo = await photo.resized(edge);
    const quality = await highestQualityWithin(photo, targetBytes, minQuality, maxQuality);
    const pngBytes = await photo.pngBytes();
    if (quality !== null) {
      const jpegBytes = await photo.sizeAt(quality);
      const choosePng = pngBytes !== null && pngBytes < jpegBytes;
      return photo.write(output, choosePng ? 'png' : quality);
    }
    if (pngBytes !== null && pngBytes <= targetBytes) return photo.write(output, 'png');
    smallest = Math.min(smallest, await photo.sizeAt(minQuality), pngBytes ?? Infinity);
  }
  throw new AppealError(
    `cannot be made small enough for its share of the email (${formatKb(targetBytes)} allowed, ${formatKb(smallest)} at the lowest acceptable quality).`,
    {
      file: photo.shownAs,
      exitCode: 1,
      hint: 'Raise --max-email-size, use fewer photos, or build with --no-video to give the photos more room.',
    },
  );
}

function formatKb(bytes: number): string {
  return `${Math.round(bytes / 1000)} KB`;
}

function withExtension(output: string, format: PhotoFormat): string {
  const ext = extname(output);
  const wanted = format === 'png' ? '.png' : '.jpg';
  if (format === 'jpeg' && /^\.jpe?g$/i.test(ext)) return output;
  if (format === 'png' && /^\.png$/i.test(ext)) return output;
  return (ext ? output.slice(0, -ext.length) : output) + wanted;
}

/** Counts distinct RGB colours, stopping early once above `limit` (photos hit it within a few rows). */
export function countColours(pixels: Pixels, limit: number): number {
  const { data, channels } = pixels;
  const seen = new Uint8Array(1 << 21); // one bit per 24-bit colour
  let count = 0;
  for (let i = 0; i < data.length; i += channels) {
    const rgb = channels >= 3 ? (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]! : data[i]! * 0x010101;
    const byte = rgb >>> 3;
    const bit = 1 << (rgb & 7);
    if (!(seen[byte]! & bit)) {
      seen[byte]! |= bit;
      if (++count > limit) return count;
    }
  }
  return count;
}

/** True when every alpha value is 255 (call only for 2- or 4-channel pixels). */
function opaque(pixels: Pixels): boolean {
  const { data, channels } = pixels;
  for (let i = channels - 1; i < data.length; i += channels) if (data[i] !== 255) return false;
  return true;
}

function dropAlpha(pixels: Pixels): Pixels {
  const { data, width, height, channels } = pixels;
  const out = Buffer.alloc(width * height * (channels - 1));
  for (let i = 0, o = 0; i < data.length; i += channels) {
    for (let c = 0; c < channels - 1; c++) out[o++] = data[i + c]!;
  }
  return { data: out, width, height, channels: (channels - 1) as 1 | 3 };
}
