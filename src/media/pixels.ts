import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { PixelStats } from './types.js';
import { collageScore } from './collage.js';
import { openImage } from './open-image.js';

/**
 * Cheap statistics of what a photo looks like, computed on a small greyscale copy (JPEG
 * shrink-on-load keeps this fast on 12 MP photos): how bright, how sharp, a perceptual
 * hash to spot the same photo twice, and how much it looks like a collage of several photos.
 */

/** Long edge of the copy used for brightness and sharpness (the PixelStats contract). */
const STATS_EDGE = 512;
/** Long edge of the copy used for collage lines: gutters of a few pixels must survive. 1000 (not
 * 1024) lets libjpeg decode a 4000 px phone photo at 1/4 scale instead of 1/2. */
const COLLAGE_EDGE = 1000;
/** A greyscale copy of a photo, one byte a pixel, row by row. */
export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Statistics already computed in this process, by the SHA-256 of the file's bytes: `build`
 * measures the photos it wrote while it writes the Word file and the email (the image library's
 * threads are idle then), and its preflight, which reads the same photos back out of the email,
 * gets them from here only when the bytes it extracted are exactly those. Empty unless
 * something called rememberPixelStats, so a plain check never hashes a file.
 */
const byContent = new Map<string, Promise<PixelStats>>();
/** A build remembers its 3-5 photos; the cap only bounds a long-lived process. */
const MAX_REMEMBERED = 32;

async function contentKey(absPath: string): Promise<string> {
  return createHash('sha256').update(await readFile(absPath)).digest('hex');
}

/**
 * Computes the statistics of files now and keeps them by content for a later pixelStats of
 * the same bytes (wherever they are then). Resolves when they are known; a file that cannot
 * be read, or that changed while it was measured, is simply not remembered.
 */
export async function rememberPixelStats(absPaths: readonly string[]): Promise<void> {
  await Promise.all(
    absPaths.map(async (absPath) => {
      const key = await contentKey(absPath).catch(() => null);
      if (key === null) return;
      const stats = computeStats(absPath);
      if (byContent.size >= MAX_REMEMBERED) byContent.delete(byContent.keys().next().value!);
      byContent.set(key, stats);
      const ok = await stats.then(
        () => true,
        () => false,
      );
      // The file replaced while it was measured (build rewrites a photo it steps down): the
      // statistics may belong to other bytes than those hashed, so they are not kept.
      if (!ok || (await contentKey(absPath).catch(() => null)) !== key) byContent.delete(key);
    }),
  );
}

/** Forgets what rememberPixelStats kept. */
export function forgetPixelStats(): void {
  byContent.clear();
}

export async function pixelStats(absPath: string): Promise<PixelStats> {
  if (byContent.size > 0) {
    const known = byContent.get(await contentKey(absPath));
    if (known) return known;
  }
  return computeStats(absPath);
}

async function computeStats(absPath: string): Promise<PixelStats> {
  const big = await loadGrey(absPath);
  const small = downscale(big, STATS_EDGE);
  return {
    brightness: round2(mean(small.data)),
    sharpness: round2(laplacianVariance(small)),
    phash: phash(await resizeGrey(small, 32, 32)),
    collage: round2(collageScore(big)),
  };
}

async function loadGrey(absPath: string): Promise<Grey> {
  const { image: img } = await openImage(absPath);
  const { data, info } = await img
    .resize(COLLAGE_EDGE, COLLAGE_EDGE, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // greyscale() on an image with alpha keeps two channels: take the first.
  if (info.channels === 1) return { data, width: info.width, height: info.height };
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels]!;
  return { data: grey, width: info.width, height: info.height };
}

/** Box-filter downscale by an integer factor so the long edge is at most `edge`. */
function downscale(img: Grey, edge: number): Grey {
  const factor = Math.ceil(Math.max(img.width, img.height) / edge);
  if (factor <= 1) return img;
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const out = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += img.data[row + dx]!;
      }
      out[y * width + x] = Math.round(sum / area);
    }
  }
  return { data: out, width, height };
}

async function resizeGrey(img: Grey, width: number, height: number): Promise<Grey> {
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

function mean(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return data.length ? sum / data.length : 0;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Variance of the 4-neighbour Laplacian: sharp edges give large responses, blur gives small ones. */
export function laplacianVariance(img: Grey): number {
  const { data, width, height } = img;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const m = sum / n;
  return sumSq / n - m * m;
}

// ---------------------------------------------------------------- perceptual hash

const DCT_N = 32;
const DCT_COS: Float64Array = (() => {
  const table = new Float64Array(DCT_N * DCT_N);
  for (let k = 0; k < DCT_N; k++) {
    for (let n = 0; n < DCT_N; n++) table[k * DCT_N + n] = Math.cos((Math.PI / DCT_N) * (n + 0.5) * k);
  }
  return table;
})();

/**
 * pHash: DCT of the 32x32 greyscale image, the 8x8 lowest frequencies (without the DC term's
 * influence on the threshold), one bit per coefficient above their median. 16 hex digits.
 */
export function phash(img: Grey): string {
  if (img.width !== DCT_N || img.height !== DCT_N) throw new Error('phash needs a 32x32 image');
  const rows = new Float64Array(DCT_N * 8);
  // 1-D DCT along rows, keeping the first 8 frequencies.
  for (let y = 0; y < DCT_N; y++) {
    for (let k = 0; k < 8; k++) {
      let s = 0;
      for (let x = 0; x < DCT_N; x++) s += img.data[y * DCT_N + x]! * DCT_COS[k * DCT_N + x]!;
      rows[y * 8 + k] = s;
    }
  }
  const coeffs: number[] = [];
  for (let ky = 0; ky < 8; ky++) {
    for (let kx = 0; kx < 8; kx++) {
      let s = 0;
      for (let y = 0; y < DCT_N; y++) s += rows[y * 8 + kx]! * DCT_COS[ky * DCT_N + y]!;
      coeffs.push(s);
    }
  }
  const sorted = coeffs.slice(1).sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (coeffs[nibble * 4 + b]! > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

/** Number of differing bits between two 16-hex-digit hashes (0 = same picture, >20 = different). */
export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    let x = parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16);
    while (x) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}
