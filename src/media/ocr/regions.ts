/**
 * Cheap detection of sign-like regions before any OCR (pure, no I/O).
 *
 * Reading a whole 12 MP photo at many rotations is what makes OCR slow, and small tilted signs
 * are what it misses. A sign held up for the photo is almost always a paper card or label: a
 * roughly rectangular patch of low colour saturation (white, cream, grey under shadow) with
 * dark, equally unsaturated ink inside, on a coloured background (wood, fabric, tools). Found
 * on a small copy of the photo, each patch gives a crop to read at full resolution, scaled so
 * the text has the height Tesseract reads best, and deskewed by the patch's own tilt (its
 * principal axis from second moments). Anything this misses is still found by the whole-photo
 * passes that follow.
 */

export interface SignRegion {
  /** Centre, in the detection map's pixels. */
  cx: number;
  cy: number;
  /** Side lengths of the fitted (rotated) rectangle, long and short, in map pixels. */
  long: number;
  short: number;
  /** Tilt of the long axis, degrees, clockwise positive (image y points down). */
  angle: number;
  /** Axis-aligned bounds in map pixels: [left, top, right, bottom]. */
  bounds: [number, number, number, number];
  /** Fraction of the fitted rectangle the patch fills (1 = a clean rectangle). */
  fill: number;
  /** Pixels in the patch. */
  area: number;
}

export interface RegionOptions {
  /** Saturation ((max - min) / max) below which a pixel counts as paper or ink. */
  maxSaturation: number;
  /** Darker pixels than this are ignored (saturation is meaningless near black). */
  minValue: number;
  /** Smallest patch, as a fraction of the map's pixels. */
  minArea: number;
  /** Largest patch, as a fraction of the map's pixels. */
  maxArea: number;
  /** Least fill of the fitted rectangle. */
  minFill: number;
  /** At most this many regions, best first. */
  max: number;
}

export const defaultRegionOptions: RegionOptions = {
  maxSaturation: 0.16,
  minValue: 24,
  minArea: 0.0008,
  maxArea: 0.5,
  minFill: 0.6,
  max: 3,
};

/** One 3x3 erosion or dilation of a 0/1 mask (out-of-bounds counts as 0). */
function morph(mask: Uint8Array, w: number, h: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let any = 0;
      let all = 1;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const v = yy >= 0 && yy < h && xx >= 0 && xx < w ? mask[yy * w + xx]! : 0;
          any |= v;
          all &= v;
        }
      }
      out[y * w + x] = dilate ? any : all;
    }
  }
  return out;
}

/**
 * Sign-like regions of an RGB (3 or 4 channels) image, best first: large, clean rectangles of
 * unsaturated pixels. The map should be small (~400-600 px long edge): this runs in plain JS.
 */
export function findSignRegions(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  options: RegionOptions = defaultRegionOptions,
): SignRegion[] {
  const n = width * height;
  let mask: Uint8Array = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p]!;
    const g = pixels[p + 1]!;
    const b = pixels[p + 2]!;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (max >= options.minValue && max - min <= options.maxSaturation * max) mask[i] = 1;
  }
  // Opening removes grey speckle of the background; closing mends the card around its ink.
  mask = morph(morph(mask, width, height, false), width, height, true);
  mask = morph(morph(mask, width, height, true), width, height, false);

  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  const regions: (SignRegion & { score: number })[] = [];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (!mask[start] || label[start]) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let area = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let left = width;
    let right = 0;
    let up = height;
    let down = 0;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      area++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < up) up = y;
      if (y > down) down = y;
      if (x > 0 && mask[i - 1] && !label[i - 1]) {
        label[i - 1] = next;
        stack[top++] = i - 1;
      }
      if (x < width - 1 && mask[i + 1] && !label[i + 1]) {
        label[i + 1] = next;
        stack[top++] = i + 1;
      }
      if (y > 0 && mask[i - width] && !label[i - width]) {
        label[i - width] = next;
        stack[top++] = i - width;
      }
      if (y < height - 1 && mask[i + width] && !label[i + width]) {
        label[i + width] = next;
        stack[top++] = i + width;
      }
    }
    if (area < options.minArea * n || area > options.maxArea * n) continue;
    const cx = sx / area;
    const cy = sy / area;
    const mxx = sxx / area - cx * cx;
    const myy = syy / area - cy * cy;
    const mxy = sxy / area - cx * cy;
    // Eigenvalues of the covariance: a w x h rectangle has w^2/12 and h^2/12.
    const half = (mxx + myy) / 2;
    const root = Math.sqrt(((mxx - myy) / 2) ** 2 + mxy * mxy);
    const long = Math.sqrt(12 * (half + root));
    const short = Math.sqrt(12 * Math.max(0, half - root));
    if (short < 4) continue;
    const fill = area / (long * short);
    if (fill < options.minFill || fill > 1.3) continue;
    const angle = (0.5 * Math.atan2(2 * mxy, mxx - myy) * 180) / Math.PI;
    // Clean rectangles first, then bigger ones (a bigger card is likelier the sign).
    const score = Math.min(fill, 1 / fill) * Math.sqrt(area);
    regions.push({ cx, cy, long, short, angle, bounds: [left, up, right + 1, down + 1], fill, area, score });
  }
  regions.sort((a, b) => b.score - a.score);
  return regions.slice(0, options.max).map(({ score: _score, ...region }) => region);
}

/** Otsu's threshold of a histogram: the grey level that best splits it into two classes. */
export function otsu(histogram: readonly number[], total: number): number {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let sumBelow = 0;
  let below = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    below += histogram[v]!;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += v * histogram[v]!;
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

export interface Skew {
  /** Tilt of the text lines, degrees, clockwise positive (image y points down). */
  angle: number;
  /** How much sharper the best angle's line profile is than the average angle's (1 = no lines). */
  strength: number;
  /** The ink (the minority class inside the rectangle) is darker than what it is printed on. */
  inkIsDark: boolean;
}

/**
 * The tilt of the text inside a rectangle of a greyscale image, by projection profiles: ink
 * pixels (the minority class of Otsu's split) are projected across lines at each candidate
 * angle; at the text's own angle the lines and the gaps between them give the sharpest profile.
 * Reads the ink itself, so it works where the card's outline is blurred into a grey background.
 */
export function estimateSkew(
  grey: Uint8Array,
  width: number,
  height: number,
  card: { cx: number; cy: number; long: number; short: number; angle: number },
  maxAngle = 35,
): Skew | null {
  // Only pixels well inside the card's outline: the bench around it has lines of its own (grain).
  const a = (card.angle * Math.PI) / 180;
  const ux = Math.cos(a);
  const uy = Math.sin(a);
  const halfLong = (card.long * 0.85) / 2;
  const halfShort = (card.short * 0.8) / 2;
  const reachX = Math.abs(halfLong * ux) + Math.abs(halfShort * uy);
  const reachY = Math.abs(halfLong * uy) + Math.abs(halfShort * ux);
  const left = Math.max(0, Math.floor(card.cx - reachX));
  const top = Math.max(0, Math.floor(card.cy - reachY));
  const right = Math.min(width, Math.ceil(card.cx + reachX));
  const bottom = Math.min(height, Math.ceil(card.cy + reachY));
  if (right - left < 16 || bottom - top < 16) return null;
  const inside = (x: number, y: number) => {
    const dx = x - card.cx;
    const dy = y - card.cy;
    return Math.abs(dx * ux + dy * uy) <= halfLong && Math.abs(-dx * uy + dy * ux) <= halfShort;
  };
  // ~400 samples across the longer side is plenty for a line angle and keeps this cheap.
  const step = Math.max(1, Math.round(Math.max(right - left, bottom - top) / 400));
  const histogram = new Array<number>(256).fill(0);
  let total = 0;
  for (let y = top; y < bottom; y += step) {
    for (let x = left; x < right; x += step) {
      if (!inside(x, y)) continue;
      histogram[grey[y * width + x]!]!++;
      total++;
    }
  }
  if (total < 200) return null;
  const threshold = otsu(histogram, total);
  let dark = 0;
  for (let v = 0; v <= threshold; v++) dark += histogram[v]!;
  const inkIsDark = dark <= total / 2;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = top; y < bottom; y += step) {
    for (let x = left; x < right; x += step) {
      if (!inside(x, y)) continue;
      const v = grey[y * width + x]!;
      if (inkIsDark ? v <= threshold : v > threshold) {
        xs.push((x - left) / step);
        ys.push((y - top) / step);
      }
    }
  }
  if (xs.length < 50) return null;
  const w = (right - left) / step;
  const h = (bottom - top) / step;
  const reach = Math.ceil(Math.hypot(w, h));
  const bins = new Float64Array(2 * reach + 2);
  let bestScore = -1;
  let bestAngle = 0;
  let sumScores = 0;
  let count = 0;
  for (let tenths = -maxAngle * 2; tenths <= maxAngle * 2; tenths++) {
    const angle = tenths / 2;
    const a = (angle * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(-xs[i]! * sin + ys[i]! * cos) + reach]!++;
    let score = 0;
    for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
    sumScores += score;
    count++;
    if (score > bestScore) {
      bestScore = score;
      bestAngle = angle;
    }
  }
  return { angle: bestAngle, strength: bestScore / (sumScores / count), inkIsDark };
}
