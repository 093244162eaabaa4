import type { Grey } from './pixels.js';

/**
 * A collage is several photos put in a grid: split lines that run straight across the whole
 * picture (or across one band of it), either a uniform gutter or a hard seam where one photo
 * ends and the next begins, with real picture content on both sides. Natural photos rarely
 * have a perfectly level, full-width discontinuity. Layouts are searched as guillotine cuts
 * (split the picture, then each part once more).
 */
interface Split {
  gutter: boolean;
  coverage: number;
  /** At a half or a third of the picture (or of its band), where collage apps put borders. */
  even?: boolean;
}

interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const SEGMENTS = 8;
/** Lines a seam between two photos spans at most (a step, blurred by JPEG and the downscale). */
const STEP_LINES = 4;
/**
 * More parallel edges than this across a picture (seams plus edges that nearly span it) is a
 * pattern, not a collage: a 3x3 collage has two seams each way, a 1x4 strip three.
 */
const MAX_PARALLEL = 3;
/** How close to a half or a third a seam must be to count as an even division. */
const EVEN_TOLERANCE = 0.01;

export function collageScore(img: Grey): number {
  if (img.width < 48 || img.height < 48) return 0;
  const splits: Split[] = [];
  const whole: Region = { x0: 0, y0: 0, x1: img.width, y1: img.height };
  // Without a first cut the "band" is the whole picture again: each search is done once.
  const memo = new Map<string, { at: number; split: Split }[]>();
  const search = (region: Region, axis: 'rows' | 'cols') => {
    const key = `${axis} ${region.x0} ${region.y0} ${region.x1} ${region.y1}`;
    let cuts = memo.get(key);
    if (!cuts) memo.set(key, (cuts = findSplits(img, region, axis)));
    return cuts;
  };
  for (const first of ['rows', 'cols'] as const) {
    const found: Split[] = [];
    const cuts = search(whole, first);
    found.push(...cuts.map((c) => c.split));
    // Each band between cuts may be split once more the other way.
    const bounds = [first === 'rows' ? whole.y0 : whole.x0, ...cuts.map((c) => c.at), first === 'rows' ? whole.y1 : whole.x1];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const band: Region =
        first === 'rows'
          ? { x0: whole.x0, x1: whole.x1, y0: bounds[i]!, y1: bounds[i + 1]! }
          : { y0: whole.y0, y1: whole.y1, x0: bounds[i]!, x1: bounds[i + 1]! };
      const inner = search(band, first === 'rows' ? 'cols' : 'rows');
      found.push(...inner.map((c) => c.split));
    }
    if (found.length > splits.length) splits.splice(0, splits.length, ...found);
  }
  let notCollage = 1;
  for (const split of splits) notCollage *= 1 - (split.gutter || split.even ? 0.72 : 0.58) * split.coverage;
  return 1 - notCollage;
}

/** The picture turned on its side (columns become rows), made once per picture. */
const transposedOf = new WeakMap<Grey, Uint8Array>();

/**
 * Pixels laid out so that a line along `axis` is contiguous: for 'rows' the picture itself
 * (line = y, pos = x), for 'cols' its transpose (line = x, pos = y). Reading columns straight
 * out of the picture jumps a whole row per pixel, which made this the slowest step of check.
 */
function lineMajor(img: Grey, axis: 'rows' | 'cols'): { data: Uint8Array; stride: number } {
  // A plain Uint8Array view, not the Buffer itself: one element kind keeps the loops monomorphic.
  if (axis === 'rows') return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length), stride: img.width };
  let t = transposedOf.get(img);
  if (!t) {
    t = new Uint8Array(img.width * img.height);
    for (let y = 0; y < img.height; y++) {
      const row = y * img.width;
      for (let x = 0; x < img.width; x++) t[x * img.height + y] = img.data[row + x]!;
    }
    transposedOf.set(img, t);
  }
  return { data: t, stride: img.height };
}

function findSplits(img: Grey, region: Region, axis: 'rows' | 'cols'): { at: number; split: Split }[] {
  const lineStart = axis === 'rows' ? region.y0 : region.x0;
  const lineEnd = axis === 'rows' ? region.y1 : region.x1;
  const posStart = axis === 'rows' ? region.x0 : region.y0;
  const posEnd = axis === 'rows' ? region.x1 : region.y1;
  const lines = lineEnd - lineStart;
  const span = posEnd - posStart;
  if (lines < 40 || span < 40) return [];
  const segLen = span / SEGMENTS;
  const { data, stride } = lineMajor(img, axis);

  // Per line: mean and spread of each segment, and the jump across the line (2 px apart).
  const segMean = new Float64Array(lines * SEGMENTS);
  const segStd = new Float64Array(lines * SEGMENTS);
  const lineStd = new Float64Array(lines);
  for (let l = 0; l < lines; l++) {
    let all = 0;
    let allSq = 0;
    for (let s = 0; s < SEGMENTS; s++) {
      const p0 = posStart + Math.floor(s * segLen);
      const p1 = posStart + Math.floor((s + 1) * segLen);
      let sum = 0;
      let sq = 0;
      const row = (lineStart + l) * stride;
      for (let p = p0; p < p1; p++) {
        const v = data[row + p]!;
        sum += v;
        sq += v * v;
      }
      const n = p1 - p0;
      segMean[l * SEGMENTS + s] = sum / n;
      segStd[l * SEGMENTS + s] = Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
      all += sum;
      allSq += sq;
    }
    lineStd[l] = Math.sqrt(Math.max(0, allSq / span - (all / span) ** 2));
  }
  // Jump of each segment across line l: mean absolute difference between line l-1 and l+1.
  const jump = new Float64Array(lines * SEGMENTS);
  for (let l = 1; l < lines - 1; l++) {
    for (let s = 0; s < SEGMENTS; s++) {
      const p0 = posStart + Math.floor(s * segLen);
      const p1 = posStart + Math.floor((s + 1) * segLen);
      let sum = 0;
      const below = (lineStart + l + 1) * stride;
      const above = (lineStart + l - 1) * stride;
      for (let p = p0; p < p1; p++) sum += Math.abs(data[below + p]! - data[above + p]!);
      jump[l * SEGMENTS + s] = sum / (p1 - p0);
    }
  }

  // A photo in a collage fills at least ~15% of it: lines nearer the border or to each other are not cuts.
  const minCell = Math.max(6, Math.round(lines * 0.15));
  const margin = minCell;
  const isLine = new Uint8Array(lines); // 1 = seam, 2 = uniform gutter row
  const coverage = new Float64Array(lines);
  const firedAt = new Uint8Array(lines);
  for (let l = margin; l < lines - margin; l++) {
    // Gutter: the whole line is one flat colour (collage apps fill it with one colour; a plain
    // wall or bench still has shading and grain well above this).
    if (lineStd[l]! < 1.5) {
      isLine[l] = 2;
      coverage[l] = 1;
      continue;
    }
    // Seam: in most segments the jump across this line stands out against nearby lines.
    let fired = 0;
    for (let s = 0; s < SEGMENTS; s++) if (jumpFires(jump, l, s, lines)) fired++;
    // A seam between two photos runs edge to edge; a sign or a shelf edge stops short.
    const ends = jumpFires(jump, l, 0, lines) && jumpFires(jump, l, SEGMENTS - 1, lines);
    firedAt[l] = fired;
    if (fired >= SEGMENTS - 1 && ends) {
      isLine[l] = 1;
      coverage[l] = fired / SEGMENTS;
    }
  }
  // Streaky textures (wood grain, fabric, a slatted shelf photographed square-on) have many
  // lines that nearly qualify; there a seam is just one more streak. A collage seam stands alone.
  // Counted as runs of neighbouring lines: a level sign's top and bottom edge are two runs.
  let nearMisses = 0;
  let inRun = false;
  for (let l = margin; l < lines - margin; l++) {
    let nearSeam = false;
    for (let d = -3; d <= 3 && !nearSeam; d++) nearSeam = (isLine[l + d] ?? 0) !== 0;
    // More than half the width: a streak inside one photo of a two-across collage is not one.
    const miss = !nearSeam && firedAt[l]! > SEGMENTS / 2;
    if (miss && !inRun) nearMisses++;
    inRun = miss;
  }
  if (nearMisses > 4) {
    for (let l = 0; l < lines; l++) if (isLine[l] === 1) isLine[l] = 0;
  }

  // Group neighbouring line rows (a gutter is a run of flat rows between two seams).
  const result: { at: number; split: Split }[] = [];
  const maxGroup = Math.max(6, Math.round(lines * 0.1));
  let seamGroups = 0;
  for (let l = margin; l < lines - margin; ) {
    if (!isLine[l]) {
      l++;
      continue;
    }
    let end = l;
    let gutter = false;
    let best = 0;
    while (end < lines - margin && (isLine[end] || isLine[end + 1] || isLine[end + 2])) {
      if (isLine[end] === 2) gutter = true;
      best = Math.max(best, coverage[end]!);
      end++;
    }
    const length = end - l;
    const before = l - 3;
    const after = end + 2;
    if (!gutter) seamGroups++;
    // Where two photos meet, the picture steps from one to the other within a line or two; a
    // wider band that is not one flat colour is a thing in the photo (a shelf board, a window
    // bar, tile grout), whatever its straightness.
    const shaped = gutter || length <= STEP_LINES;
    // A seam needs picture content right beside it; a flat gutter may border a plain surface
    // (a pegboard, a white wall) since it is flat itself.
    const inside = before >= 4 && after + 4 < lines;
    const besideContent = inside && (gutter || (textured(segStd, before - 4, before) && textured(segStd, after, after + 4)));
    if (shaped && length <= maxGroup && besideContent) {
      // Both sides must hold picture content: letterbox bars or a plain border are not photos.
      const sideA = regionTexture(lineStd, 0, l);
      const sideB = regionTexture(lineStd, end, lines);
      const at = Math.round((l + end) / 2);
      // Collage apps cut at even divisions (halves, thirds); a seam exactly there counts more.
      const even = [1 / 2, 1 / 3, 2 / 3].some((f) => Math.abs(at / lines - f) < EVEN_TOLERANCE);
      if (sideA > 6 && sideB > 6) result.push({ at: lineStart + at, split: { gutter, coverage: best, even } });
    }
    l = end + 1;
  }
  // Two cuts closer than a cell are the edges of one object (a sign), not photo borders.
  // Many parallel edges are a pattern (shelves, tiles, window bars, cube shelving), not the one
  // or two borders between the photos of a collage; flat gutters are never a pattern.
  const cuts = seamGroups + nearMisses > MAX_PARALLEL ? result.filter((cut) => cut.split.gutter) : result;
  return cuts.filter((cut, i) => {
    const prev = cuts[i - 1];
    const next = cuts[i + 1];
    return (!prev || cut.at - prev.at >= minCell) && (!next || next.at - cut.at >= minCell);
  });
}

/** Whether the jump across line l in segment s stands out against nearby lines. */
const NEARBY = [-7, -6, -5, -4, 4, 5, 6, 7];
const nearby = new Float64Array(NEARBY.length);

function jumpFires(jump: Float64Array, l: number, s: number, lines: number): boolean {
  // Called for every line and segment: a reused buffer and an insertion sort, no allocation.
  let n = 0;
  for (const d of NEARBY) {
    const m = l + d;
    if (m < 1 || m >= lines - 1) continue;
    const v = jump[m * SEGMENTS + s]!;
    let i = n++;
    while (i > 0 && nearby[i - 1]! > v) {
      nearby[i] = nearby[i - 1]!;
      i--;
    }
    nearby[i] = v;
  }
  const baseline = n > 0 ? nearby[Math.floor(n / 2)]! : 0;
  return jump[l * SEGMENTS + s]! > 1.8 * baseline + 5;
}

/** Picture content next to a cut: most segments vary somewhere in the few lines beside it. */
function textured(segStd: Float64Array, from: number, to: number): boolean {
  let count = 0;
  for (let s = 0; s < SEGMENTS; s++) {
    let most = 0;
    for (let line = from; line <= to; line++) most = Math.max(most, segStd[line * SEGMENTS + s]!);
    if (most > 3) count++;
  }
  return count >= SEGMENTS / 2;
}

function regionTexture(lineStd: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let l = from; l < to; l++) sum += lineStd[l]!;
  return to > from ? sum / (to - from) : 0;
}
