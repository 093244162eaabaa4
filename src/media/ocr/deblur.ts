/**
 * Out-of-focus and shaken photos (pure, no I/O). Tesseract reads nothing once the blur of a
 * letter's edge is more than about a tenth of its height, where a person still reads the name.
 * So the blur is measured on a sign's ink, and a blurred sign is also read restored: the blur
 * taken as Gaussian (a lens out of focus is close to that; a shake is a line, but restoring it as
 * a Gaussian of the same spread still brings back edges), undone by Richardson-Lucy's iteration,
 * which keeps the pixels positive and rings less than a plain inverse filter.
 */
import { otsu } from './regions.js';

/**
 * The spread (Gaussian sigma, pixels) of the edges inside a rectangle of a greyscale image: an
 * edge of contrast C blurred by sigma rises at most C / (sigma * sqrt(2 pi)) per pixel. C is
 * the gap between the two sides of Otsu's split of the rectangle's greys; the steepest rise is
 * taken at the 99th percentile of the gradient (the noise's single pixels stay under it).
 * Null when the rectangle shows too little contrast to say.
 */
export function edgeSpread(grey: Uint8Array, width: number, height: number, rect: [number, number, number, number]): number | null {
  const l = Math.max(1, Math.floor(rect[0]));
  const t = Math.max(1, Math.floor(rect[1]));
  const r = Math.min(width - 1, Math.ceil(rect[2]));
  const b = Math.min(height - 1, Math.ceil(rect[3]));
  if (r - l < 16 || b - t < 16) return null;
  // At most ~200k pixels are looked at: a step over the rows and columns of a big rectangle.
  const step = Math.max(1, Math.floor(Math.sqrt(((r - l) * (b - t)) / 200_000)));
  const histogram = new Array<number>(256).fill(0);
  const gradients = new Array<number>(512).fill(0);
  let n = 0;
  for (let y = t; y < b; y += step) {
    for (let x = l; x < r; x += step) {
      const i = y * width + x;
      histogram[grey[i]!]!++;
      // A 3x3 mean before differencing: the sensor's noise of single pixels is not an edge.
      const gx = mean3(grey, width, i + 1) - mean3(grey, width, i - 1);
      const gy = mean3(grey, width, i + width) - mean3(grey, width, i - width);
      gradients[Math.min(511, Math.round(Math.hypot(gx, gy) / 2))]!++;
      n++;
    }
  }
  // How far apart ink and ground are: the class means on either side of Otsu's split.
  const total = n;
  const split = otsu(histogram, total);
  let sum = 0;
  let below = 0;
  let belowSum = 0;
  for (let g = 0; g < 256; g++) {
    sum += g * histogram[g]!;
    if (g <= split) {
      below += histogram[g]!;
      belowSum += g * histogram[g]!;
    }
  }
  const bestSplit = below === 0 || below === total ? 0 : (sum - belowSum) / (total - below) - belowSum / below;
  if (bestSplit < 30) return null;
  let seen = 0;
  let steepest = 0;
  for (let g = 511; g >= 0; g--) {
    seen += gradients[g]!;
    if (seen >= n * 0.01) {
      steepest = g;
      break;
    }
  }
  // The 3x3 mean spreads a sharp edge by about a pixel: that much is the box's, not the photo's.
  return steepest > 0 ? Math.max(0, bestSplit / (steepest * Math.sqrt(2 * Math.PI)) - 0.8) : null;
}

function mean3(grey: Uint8Array, width: number, i: number): number {
  return (
    (grey[i - width - 1]! + grey[i - width]! + grey[i - width + 1]! + grey[i - 1]! + grey[i]! + grey[i + 1]! + grey[i + width - 1]! + grey[i + width]! + grey[i + width + 1]!) / 9
  );
}

/** Separable Gaussian blur of a float image, edges clamped. */
function gaussian(src: Float32Array, width: number, height: number, kernel: Float32Array, tmp: Float32Array, out: Float32Array): void {
  const radius = (kernel.length - 1) / 2;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k;
        s += src[row + xx]! * kernel[k + radius]!;
      }
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k;
        s += tmp[yy * width + x]! * kernel[k + radius]!;
      }
      out[y * width + x] = s;
    }
  }
}

function kernelOf(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 2.5));
  const kernel = new Float32Array(radius * 2 + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    sum += kernel[k + radius]!;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] = kernel[k]! / sum;
  return kernel;
}

/**
 * Richardson-Lucy restoration of a greyscale image blurred by a Gaussian of `sigma` pixels,
 * in place. Few iterations: enough to bring back a letter's edges, too few to grow the noise.
 */
export function restore(pixels: Uint8Array, width: number, height: number, sigma: number, iterations = 10): void {
  const n = width * height;
  const kernel = kernelOf(sigma);
  const observed = new Float32Array(n);
  for (let i = 0; i < n; i++) observed[i] = pixels[i]! + 1;
  const estimate = Float32Array.from(observed);
  const blurred = new Float32Array(n);
  const ratio = new Float32Array(n);
  const tmp = new Float32Array(n);
  for (let it = 0; it < iterations; it++) {
    gaussian(estimate, width, height, kernel, tmp, blurred);
    for (let i = 0; i < n; i++) ratio[i] = observed[i]! / Math.max(1e-3, blurred[i]!);
    gaussian(ratio, width, height, kernel, tmp, blurred);
    for (let i = 0; i < n; i++) estimate[i] = estimate[i]! * blurred[i]!;
  }
  for (let i = 0; i < n; i++) {
    const v = Math.round(estimate[i]! - 1);
    pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}
