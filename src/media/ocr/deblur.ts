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
 * `inkIsDark`: dark print on a light ground (see richardsonLucy).
 */
export function restore(pixels: Uint8Array, width: number, height: number, sigma: number, iterations = 10, inkIsDark = true): void {
  const kernel = kernelOf(sigma);
  const tmp = new Float32Array(width * height);
  richardsonLucy(pixels, (src, out) => gaussian(src, width, height, kernel, tmp, out), iterations, inkIsDark);
}

/**
 * Richardson-Lucy's iteration in place on 8-bit pixels, for a blur that is its own mirror image
 * (`blur(src, out)` writes src blurred into out). It runs on the ink as the bright side: its
 * step is a ratio, so a ground near zero stays near zero, and the ghosts a blur leaves on the
 * ground fold back into the letters. Run on a white ground instead, a ghost is a small dip in
 * a large value and stays (a shaken "Cactus Hands" restored that way read "Cactus" only;
 * with the ink bright, both words).
 */
function richardsonLucy(pixels: Uint8Array, blur: (src: Float32Array, out: Float32Array) => void, iterations: number, inkIsDark: boolean): void {
  const n = pixels.length;
  const observed = new Float32Array(n);
  for (let i = 0; i < n; i++) observed[i] = (inkIsDark ? 255 - pixels[i]! : pixels[i]!) + 1;
  const estimate = Float32Array.from(observed);
  const blurred = new Float32Array(n);
  const ratio = new Float32Array(n);
  for (let it = 0; it < iterations; it++) {
    blur(estimate, blurred);
    for (let i = 0; i < n; i++) ratio[i] = observed[i]! / Math.max(1e-3, blurred[i]!);
    blur(ratio, blurred);
    for (let i = 0; i < n; i++) estimate[i] = estimate[i]! * blurred[i]!;
  }
  for (let i = 0; i < n; i++) {
    const v = Math.round(estimate[i]! - 1);
    const ink = v < 0 ? 0 : v > 255 ? 255 : v;
    pixels[i] = inkIsDark ? 255 - ink : ink;
  }
}

/** A shake: every point of the scene smeared along one line of `length` pixels at `angle`. */
export interface Shake {
  /** Length of the smear, pixels of the image it was measured on. */
  length: number;
  /** Its direction, degrees clockwise from the x axis (y points down), 0 to 180. */
  angle: number;
}

/**
 * How much more the brightness changes across a shake than along it, at least, for the photo
 * to count as shaken. Print alone (upright and round strokes in every direction) stays under
 * about 2.5; a smear of a fifth of a letter's height or more passes 3.
 */
export const SHAKE_MIN_ANISOTROPY = 3;

/** How far below zero the slope's self-correlation must dip at the shake's length. */
const SHAKE_MIN_DIP = 0.03;

/**
 * The likely shakes of a rectangle of a greyscale image (at most two lengths, likeliest first),
 * or none when its edges are not smeared along one direction (a sharp photo, or a lens out of
 * focus, which smears every way alike).
 *
 * Direction: a shake flattens the brightness along its line, so the direction in which the
 * brightness changes least (the structure tensor's weaker axis) is the shake's, when it is
 * clearly weaker than the other. Length: along that line the shaken image's slope is the sharp
 * image's slope minus itself moved by the length (a line kernel's two ends), so the slope's
 * correlation with itself dips below zero at that distance.
 * The rectangle is averaged down by `step` first (cheap, and the sensor's grain goes).
 */
export function shakeOf(
  grey: Uint8Array,
  width: number,
  height: number,
  rect: [number, number, number, number],
  step: number,
  maxLength: number,
): Shake[] {
  const l = Math.max(0, Math.floor(rect[0]));
  const t = Math.max(0, Math.floor(rect[1]));
  const s = Math.max(1, Math.round(step));
  const w = Math.floor((Math.min(width, Math.ceil(rect[2])) - l) / s);
  const h = Math.floor((Math.min(height, Math.ceil(rect[3])) - t) / s);
  if (w < 24 || h < 24) return [];
  const small = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < s; dy++) {
        const row = (t + y * s + dy) * width + l + x * s;
        for (let dx = 0; dx < s; dx++) sum += grey[row + dx]!;
      }
      small[y * w + x] = sum / (s * s);
    }
  }
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const dx = (small[i + 1]! - small[i - 1]!) / 2;
      const dy = (small[i + w]! - small[i - w]!) / 2;
      gx[i] = dx;
      gy[i] = dy;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
  }
  // The structure tensor's two axes: the weaker one is the direction of least change.
  const half = (sxx + syy) / 2;
  const spread = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
  const strong = half + spread;
  const weak = half - spread;
  if (strong <= 0 || weak * SHAKE_MIN_ANISOTROPY > strong) return [];
  // The eigenvector of the weak eigenvalue: (sxy, weak - sxx), or (weak - syy, sxy).
  const a = Math.abs(sxy) > 1e-9 ? Math.atan2(weak - sxx, sxy) : sxx < syy ? 0 : Math.PI / 2;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const slope = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) slope[i] = gx[i]! * cos + gy[i]! * sin;
  const most = Math.min(Math.floor(maxLength / s), Math.floor(Math.min(w, h) * 0.6));
  // A dip one or two samples away is the slope's own width, not a shake: from 3 on.
  const curve = new Float32Array(most + 1);
  for (let k = 3; k <= most; k++) {
    const ox = k * cos;
    const oy = k * sin;
    const fx = Math.floor(ox);
    const fy = Math.floor(oy);
    const ax = ox - fx;
    const ay = oy - fy;
    let product = 0;
    let energy = 0;
    for (let y = 1; y < h - 1; y++) {
      const yy = y + fy;
      if (yy < 1 || yy + 1 >= h - 1) continue;
      for (let x = 1; x < w - 1; x++) {
        const xx = x + fx;
        if (xx < 1 || xx + 1 >= w - 1) continue;
        const j = yy * w + xx;
        const moved =
          (1 - ay) * ((1 - ax) * slope[j]! + ax * slope[j + 1]!) + ay * ((1 - ax) * slope[j + w]! + ax * slope[j + w + 1]!);
        const here = slope[y * w + x]!;
        product += here * moved;
        energy += here * here;
      }
    }
    curve[k] = energy > 0 ? product / energy : 0;
  }
  // Clear dips: below zero and the lowest from half their distance to half again beyond. The
  // letters' own widths and spacing dip too, so the two deepest are kept, deepest first: each
  // is tried, and what the restored view reads decides.
  const dips: number[] = [];
  for (let k = 3; k <= most; k++) {
    if (curve[k]! >= -SHAKE_MIN_DIP) continue;
    let lowest = true;
    for (let j = Math.max(3, Math.floor(k / 2)); j <= Math.min(most, Math.ceil(k * 1.5)); j++) if (curve[j]! < curve[k]!) lowest = false;
    if (lowest) dips.push(k);
  }
  dips.sort((p, q) => curve[p]! - curve[q]!);
  let angle = (a * 180) / Math.PI;
  angle = ((angle % 180) + 180) % 180;
  return dips.slice(0, 2).map((k) => ({ length: k * s, angle }));
}

/** A line kernel as integer offsets and weights (each point of the line shared bilinearly). */
function lineTaps(length: number, angle: number): { dx: Int32Array; dy: Int32Array; weight: Float32Array } {
  const a = (angle * Math.PI) / 180;
  const points = Math.max(2, Math.ceil(length * 2));
  const taps = new Map<string, number>();
  for (let p = 0; p < points; p++) {
    const u = (p / (points - 1) - 0.5) * length;
    const x = u * Math.cos(a);
    const y = u * Math.sin(a);
    const fx = Math.floor(x);
    const fy = Math.floor(y);
    const ax = x - fx;
    const ay = y - fy;
    for (const [ox, oy, wgt] of [
      [fx, fy, (1 - ax) * (1 - ay)],
      [fx + 1, fy, ax * (1 - ay)],
      [fx, fy + 1, (1 - ax) * ay],
      [fx + 1, fy + 1, ax * ay],
    ] as const) {
      if (wgt <= 0) continue;
      const key = `${ox},${oy}`;
      taps.set(key, (taps.get(key) ?? 0) + wgt / points);
    }
  }
  const dx = new Int32Array(taps.size);
  const dy = new Int32Array(taps.size);
  const weight = new Float32Array(taps.size);
  let i = 0;
  for (const [key, wgt] of taps) {
    const [x, y] = key.split(',').map(Number);
    dx[i] = x!;
    dy[i] = y!;
    weight[i] = wgt;
    i++;
  }
  return { dx, dy, weight };
}

/** Convolution with a line kernel (symmetric, so the same as correlation), edges clamped. */
function smear(src: Float32Array, width: number, height: number, taps: ReturnType<typeof lineTaps>, out: Float32Array): void {
  out.fill(0);
  for (let k = 0; k < taps.weight.length; k++) {
    const dx = taps.dx[k]!;
    const dy = taps.dy[k]!;
    const wgt = taps.weight[k]!;
    for (let y = 0; y < height; y++) {
      const yy = y + dy < 0 ? 0 : y + dy >= height ? height - 1 : y + dy;
      const row = y * width;
      const from = yy * width;
      for (let x = 0; x < width; x++) {
        const xx = x + dx < 0 ? 0 : x + dx >= width ? width - 1 : x + dx;
        out[row + x] = out[row + x]! + wgt * src[from + xx]!;
      }
    }
  }
}

/**
 * Richardson-Lucy restoration of a greyscale image shaken along a line (see shakeOf), in
 * place. A shake's kernel has sharp ends, so it is undone far better as what it is than as a
 * Gaussian: the letters' ghosts fold back into them.
 */
export function restoreShake(pixels: Uint8Array, width: number, height: number, shake: Shake, iterations = 20, inkIsDark = true): void {
  const taps = lineTaps(shake.length, shake.angle);
  // A long shake on a big view costs pixels x taps per step: fewer steps there (about a second
  // of work at most), never fewer than 6.
  const perStep = 2 * width * height * taps.weight.length;
  const steps = Math.max(6, Math.min(iterations, Math.floor(SHAKE_WORK_BUDGET / Math.max(1, perStep))));
  richardsonLucy(pixels, (src, out) => smear(src, width, height, taps, out), steps, inkIsDark);
}

/** Multiply-adds one restoration may spend (about a second on a slow core). */
const SHAKE_WORK_BUDGET = 6e8;
