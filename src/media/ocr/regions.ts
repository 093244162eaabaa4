/**
 * Cheap detection of sign-like regions before any OCR (pure, no I/O).
 *
 * Reading a whole 12 MP photo at many rotations is what makes OCR slow, and small tilted signs
 * are what it misses. A sign held up for the photo is almost always a paper card or label: a
 * roughly rectangular patch of low colour saturation (white, cream, grey under shadow) with
 * dark, equally unsaturated ink inside, on a coloured background (wood, fabric, tools); else a
 * hang tag or label of one even colour (kraft, a printed label) with print on it. Found
 * on a small copy of the photo, each patch gives a crop to read at full resolution, scaled so
 * the text has the height Tesseract reads best, and deskewed by the patch's own tilt (its
 * principal axis from second moments). Anything this misses is still found by the whole-photo
 * passes that follow.
 *
 * Longer than most modules: the patch search, its outline (moments and smallest rectangle), the
 * split of merged patches by brightness and the ink's tilt all work on the same small map and
 * thresholds; apart, each would need the others' internals.
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
  /**
   * The smallest rectangle around the patch, turned by `angle` in (-45, 45] degrees (clockwise):
   * its side nearer the horizontal, `along` long, and the other, `across` long (map pixels).
   * Unlike the moments' long axis, it holds for near-square sheets and sheets standing on end
   * (a Letter sheet's moments measure it squarer than it is).
   */
  upright: Upright;
}

/** A rectangle turned by `angle` (-45, 45]: centre, side along the angle, side across it, and how much of it the patch fills. */
export interface Upright {
  cx: number;
  cy: number;
  angle: number;
  along: number;
  across: number;
  fill: number;
}

/** Smallest-area rectangle around points (x, y pairs), its angle folded into (-45, 45]. */
export function uprightRectangle(points: readonly number[], area: number): Upright {
  let best = { angle: 0, along: 0, across: 0, cu: 0, cv: 0, area: Infinity };
  for (let tenths = -445; tenths <= 450; tenths += 5) {
    const angle = tenths / 10;
    const a = (angle * Math.PI) / 180;
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    let uMin = Infinity;
    let uMax = -Infinity;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = 0; i < points.length; i += 2) {
      const u = points[i]! * cos + points[i + 1]! * sin;
      const v = -points[i]! * sin + points[i + 1]! * cos;
      if (u < uMin) uMin = u;
      if (u > uMax) uMax = u;
      if (v < vMin) vMin = v;
      if (v > vMax) vMax = v;
    }
    // Pixel centres: a patch n pixels wide spans n, not n - 1.
    const along = uMax - uMin + 1;
    const across = vMax - vMin + 1;
    if (along * across < best.area - 1e-9) best = { angle, along, across, cu: (uMin + uMax) / 2, cv: (vMin + vMax) / 2, area: along * across };
  }
  const a = (best.angle * Math.PI) / 180;
  return {
    cx: best.cu * Math.cos(a) - best.cv * Math.sin(a),
    cy: best.cu * Math.sin(a) + best.cv * Math.cos(a),
    angle: best.angle,
    along: best.along,
    across: best.across,
    fill: area / best.area,
  };
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
  /** A patch filling less of its smallest rectangle than this is also tried split in two by brightness. */
  splitBelowFill: number;
}

export const defaultRegionOptions: RegionOptions = {
  splitBelowFill: 0.8,
  maxSaturation: 0.16,
  minValue: 24,
  minArea: 0.0008,
  maxArea: 0.5,
  minFill: 0.6,
  max: 3,
};

/**
 * Gains that make the photo's pale surfaces grey on average: paper under a warm bulb is cream,
 * in shade bluish, and would fail the saturation test. The pale surfaces are the brighter half of
 * the pixels that are at most moderately coloured (paper, walls, cloth; not wood or objects).
 * The correction is bounded: a scene of cream walls is not turned blue.
 */
export function whiteBalance(pixels: Uint8Array, n: number, channels: number): [number, number, number] {
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let count = 0;
  const brightness = new Uint32Array(256);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p]!;
    const g = pixels[p + 1]!;
    const b = pixels[p + 2]!;
    brightness[r > g ? (r > b ? r : b) : g > b ? g : b]!++;
  }
  let median = 0;
  for (let seen = 0; median < 255 && seen + brightness[median]! < n / 2; median++) seen += brightness[median]!;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p]!;
    const g = pixels[p + 1]!;
    const b = pixels[p + 2]!;
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    if (max < median || max - min > 0.3 * max) continue;
    sr += r;
    sg += g;
    sb += b;
    count++;
  }
  if (count < n * 0.01 || sr <= 0 || sg <= 0 || sb <= 0) return [1, 1, 1];
  const grey = (sr + sg + sb) / 3;
  const bound = (k: number) => Math.min(1.3, Math.max(1 / 1.3, k));
  return [bound(grey / sr), bound(grey / sg), bound(grey / sb)];
}

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

interface Patch extends Omit<SignRegion, 'upright'> {
  score: number;
  outline: number[];
  /** Its pixels' indices in the map. */
  members: Int32Array;
}

/**
 * The connected patches of a 0/1 mask (4-neighbours), measured: centre, moments, bounds, the
 * pixels of its outline. `label` is scratch space of the mask's size (zeroed here).
 */
function patchesOf(mask: Uint8Array, width: number, height: number, label: Int32Array): Patch[] {
  const n = width * height;
  label.fill(0);
  const stack = new Int32Array(n);
  const patches: Patch[] = [];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (!mask[start] || label[start]) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    const members: number[] = [];
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let left = width;
    let right = 0;
    let up = height;
    let down = 0;
    const outline: number[] = [];
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      members.push(i);
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < up) up = y;
      if (y > down) down = y;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - width] || !mask[i + width]) {
        outline.push(x, y);
      }
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
    const area = members.length;
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
    const fill = area / Math.max(1, long * short);
    const angle = (0.5 * Math.atan2(2 * mxy, mxx - myy) * 180) / Math.PI;
    // Clean rectangles first, then bigger ones (a bigger card is likelier the sign).
    const score = Math.min(fill, 1 / fill) * Math.sqrt(area);
    patches.push({ cx, cy, long, short, angle, bounds: [left, up, right + 1, down + 1], fill, area, score, outline, members: Int32Array.from(members) });
  }
  return patches;
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
  const label = new Int32Array(n);
  // Paper under tinted light is tinted: the pale patches are looked for as the camera saw them
  // and again with the pale surfaces made grey on average (whiteBalance); a balance thrown by a
  // pink wall must not lose a sheet found without it.
  const balance = whiteBalance(pixels, n, channels);
  const gains: [number, number, number][] = [[1, 1, 1]];
  if (Math.max(...balance) / Math.min(...balance) > 1.04) gains.push(balance);
  const candidates: Patch[] = [];
  for (const [kr, kg, kb] of gains) {
    let mask: Uint8Array = new Uint8Array(n);
    const light = new Uint8Array(n);
    for (let i = 0, p = 0; i < n; i++, p += channels) {
      const r = pixels[p]! * kr;
      const g = pixels[p + 1]! * kg;
      const b = pixels[p + 2]! * kb;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      light[i] = Math.min(255, Math.round(0.3 * r + 0.59 * g + 0.11 * b));
      if (max >= options.minValue && max - min <= options.maxSaturation * max) mask[i] = 1;
    }
    // Opening removes grey speckle of the background; closing mends the card around its ink.
    mask = morph(morph(mask, width, height, false), width, height, true);
    mask = morph(morph(mask, width, height, true), width, height, false);
    const patches = patchesOf(mask, width, height, label);
    candidates.push(...patches);
    // A patch that is no clean rectangle may be two pale surfaces touching: a sheet against a
    // grey wall or on a white cloth. Such a patch is also tried split at the brightness that
    // best separates its pixels (Otsu); each side's pieces are candidates too. The split is
    // tried once more on the pieces: on a mottled grey mat the first split runs between the
    // mat's own light and dark mottles, and the white sheet on it is still joined to the light ones.
    const split = (patch: Patch, depth: number, penalty: number) => {
      if (patch.area < options.minArea * n * 2) return;
      // So is a patch too big to be a sign (a grey cloth or table with the sheet lying on it),
      // but its pieces come after every other candidate: a mottled cloth splits into many.
      const upright = uprightRectangle(patch.outline, patch.area);
      const tooBig = patch.area > options.maxArea * n;
      if (upright.fill >= options.splitBelowFill && !tooBig) return;
      const histogram = new Array<number>(256).fill(0);
      for (const i of patch.members) histogram[light[i]!]!++;
      const threshold = otsu(histogram, patch.area);
      const kept = tooBig ? penalty * 4 : penalty;
      for (const bright of [true, false]) {
        let side: Uint8Array = new Uint8Array(n);
        for (const i of patch.members) if (light[i]! > threshold === bright) side[i] = 1;
        side = morph(morph(side, width, height, false), width, height, true);
        const pieces = patchesOf(side, width, height, label);
        for (const piece of pieces) piece.score /= kept;
        candidates.push(...pieces);
        // Only the lighter side holds paper.
        if (bright && depth < SPLIT_DEPTH) for (const piece of pieces) split(piece, depth + 1, kept);
      }
    };
    for (const patch of patches) split(patch, 1, 1);
  }

  // Tags and labels of any even colour (kraft, a coloured label) with print on them.
  for (const patch of evenPatches(pixels, width, height, channels, label, options.minArea * n)) {
    if (patch.area < options.minArea * n || patch.area > options.maxArea * n) continue;
    const holes = enclosedHoles(patch, width);
    const whole = patch.area + holes;
    const share = holes / whole;
    if (share < EVEN_INK.least || share > EVEN_INK.most) continue;
    if (uprightRectangle(patch.outline, whole).fill < EVEN_MIN_FILL) continue;
    patch.score = Math.sqrt(whole) / EVEN_PENALTY;
    candidates.push(patch);
  }

  const regions: Patch[] = [];
  for (const patch of candidates) {
    if (patch.area < options.minArea * n || patch.area > options.maxArea * n) continue;
    if (patch.short < 4) continue;
    if (patch.fill < options.minFill || patch.fill > 1.3) continue;
    // A patch reaching across the frame to two of its edges is a wall, a table or a cloth more
    // often than a sign.
    // The opening above wears a pixel off the frame's border: within 2 pixels counts as reaching it.
    const [l, t, r, b] = patch.bounds;
    const edges = Number(l <= 2) + Number(t <= 2) + Number(r >= width - 2) + Number(b >= height - 2);
    // Reaching three, it is the ground itself (a grey mat, a wall filling one side of the frame).
    if (edges >= 2) patch.score /= edges >= 3 ? 4 : 2;
    regions.push(patch);
  }
  regions.sort((a, b) => b.score - a.score);
  // The same surface may come out twice (both balances, whole and split): keep its best version.
  const distinct: Patch[] = [];
  for (const patch of regions) if (!distinct.some((d) => boundsOverlap(d.bounds, patch.bounds) > 0.7)) distinct.push(patch);
  return distinct.slice(0, options.max).map(({ score: _score, outline, members: _members, ...region }) => ({ ...region, upright: uprightRectangle(outline, region.area) }));
}

/**
 * A patch of one even colour counts only as a clean rectangle (a tag, a label; the mottles of a
 * cloth or a mat are ragged) with print on it: pixels of another colour enclosed by it, a share
 * of it a line of print would take (a plain patch of colour is a box, a tool, a shape of the
 * scene). It ranks after a pale patch of the same size: paper is what a seller's sign usually is.
 */
const EVEN_MIN_FILL = 0.85;
const EVEN_INK = { least: 0.005, most: 0.35 };
const EVEN_PENALTY = 2;
/** How far (RGB distance) a pixel's colour may be from the mean of the patch it joins. */
const EVEN_STEP = 22;

/**
 * Patches of one even colour, whatever the colour: a kraft hang tag or a coloured label on a
 * green mat is no pale patch. Each is grown from a pixel while its neighbours' colours stay
 * within EVEN_STEP of the patch's running mean: the edge between two surfaces stops it, blurred
 * or not, where a smooth shading does not. A patch's own border is left out, so touching
 * patches stay apart.
 */
function evenPatches(pixels: Uint8Array, width: number, height: number, channels: number, label: Int32Array, least: number): Patch[] {
  const n = width * height;
  const grown = new Int32Array(n);
  const stack = new Int32Array(n);
  // Pixels per patch grown: the many small ones (grain, print, noise) are not measured at all.
  const sizes: number[] = [0];
  let next = 0;
  for (let start = 0; start < n; start++) {
    if (grown[start]) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    grown[start] = next;
    let count = 1;
    let sr = pixels[start * channels]!;
    let sg = pixels[start * channels + 1]!;
    let sb = pixels[start * channels + 2]!;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      for (let k = 0; k < 4; k++) {
        const j = k === 0 ? (x > 0 ? i - 1 : -1) : k === 1 ? (x < width - 1 ? i + 1 : -1) : k === 2 ? i - width : i + width;
        if (j < 0 || j >= n || grown[j]) continue;
        const p = j * channels;
        const dr = pixels[p]! - sr / count;
        const dg = pixels[p + 1]! - sg / count;
        const db = pixels[p + 2]! - sb / count;
        if (dr * dr + dg * dg + db * db > EVEN_STEP * EVEN_STEP) continue;
        grown[j] = next;
        stack[top++] = j;
        count++;
        sr += pixels[p]!;
        sg += pixels[p + 1]!;
        sb += pixels[p + 2]!;
      }
    }
    sizes.push(count);
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % width;
    const g = grown[i]!;
    if (sizes[g]! >= least && (x === 0 || grown[i - 1] === g) && (x === width - 1 || grown[i + 1] === g) && (i < width || grown[i - width] === g) && (i >= n - width || grown[i + width] === g)) {
      mask[i] = 1;
    }
  }
  return patchesOf(mask, width, height, label);
}

/** Pixels inside a patch's bounds that are not its own and that it encloses (print, a logo). */
function enclosedHoles(patch: Patch, width: number): number {
  const [l, t, r, b] = patch.bounds;
  const w = r - l;
  const h = b - t;
  const own = new Uint8Array(w * h);
  for (const i of patch.members) own[(Math.floor(i / width) - t) * w + ((i % width) - l)] = 1;
  // Whatever is reached from the bounds' edge without crossing the patch is outside it.
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let x = 0; x < w; x++) for (const y of [0, h - 1]) stack.push(y * w + x);
  for (let y = 0; y < h; y++) for (const x of [0, w - 1]) stack.push(y * w + x);
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (own[k] || outside[k]) continue;
    outside[k] = 1;
    const x = k % w;
    if (x > 0) stack.push(k - 1);
    if (x < w - 1) stack.push(k + 1);
    if (k >= w) stack.push(k - w);
    if (k < w * (h - 1)) stack.push(k + w);
  }
  let holes = 0;
  for (let k = 0; k < own.length; k++) if (!own[k] && !outside[k]) holes++;
  return holes;
}

/** How many times a pale patch is split by brightness (see findSignRegions). */
const SPLIT_DEPTH = 2;

/** Intersection over union of two [left, top, right, bottom] boxes. */
function boundsOverlap(a: readonly number[], b: readonly number[]): number {
  const w = Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!);
  const h = Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!);
  if (w <= 0 || h <= 0) return 0;
  const area = (x: readonly number[]) => (x[2]! - x[0]!) * (x[3]! - x[1]!);
  return (w * h) / (area(a) + area(b) - w * h);
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
