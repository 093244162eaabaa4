/**
 * Where print is, without needing a card's outline (pure, no I/O).
 *
 * The card search (regions.ts) finds pale, unsaturated rectangles; it misses a name on a dark
 * slate, a sheet filling the frame, a label on a grey bench, a card whose outline an object
 * breaks. Print itself is recognisable: along a row, letters give dense pairs of rising and
 * falling brightness edges (both sides of every stroke), far denser than wood grain or a
 * shadow's single edge. Blocks with many such pairs are joined sideways into lines; each line
 * cluster becomes a crop to read. Works the same on dark-on-light and light-on-dark print.
 */

export interface TextRegion {
  /** Bounds in the map's pixels: [left, top, right, bottom]. */
  bounds: [number, number, number, number];
  /** How print-like: texty blocks x their mean density (compare across maps per unit of area). */
  score: number;
  /** Typical height of its print, map pixels (median texty blocks per column x block). */
  lineHeight: number;
}

export interface TextRegionOptions {
  /** Block side, map pixels (about a capital's height of the smallest readable print). */
  block: number;
  /** A brightness step counted as a stroke edge. */
  edge: number;
  /** Least stroke-edge pairs per block row for a block to count as print. */
  density: number;
  /** At most this many regions, best first. */
  max: number;
}

export const defaultTextRegionOptions: TextRegionOptions = { block: 8, edge: 26, density: 0.9, max: 4 };

export function findTextRegions(
  grey: Uint8Array,
  width: number,
  height: number,
  options: TextRegionOptions = defaultTextRegionOptions,
): TextRegion[] {
  const { block } = options;
  const bw = Math.floor(width / block);
  const bh = Math.floor(height / block);
  if (bw < 3 || bh < 2) return [];
  const rising = new Uint16Array(bw * bh);
  const falling = new Uint16Array(bw * bh);
  for (let y = 0; y < bh * block; y++) {
    const row = y * width;
    const by = Math.floor(y / block) * bw;
    for (let x = 1; x < bw * block - 1; x++) {
      const d = grey[row + x + 1]! - grey[row + x - 1]!;
      if (d > options.edge) rising[by + Math.floor(x / block)]!++;
      else if (d < -options.edge) falling[by + Math.floor(x / block)]!++;
    }
  }
  // Each stroke crossing gives about two pixels of a rising and two of a falling edge.
  const density = new Float32Array(bw * bh);
  const texty = new Uint8Array(bw * bh);
  for (let i = 0; i < texty.length; i++) {
    density[i] = Math.min(rising[i]!, falling[i]!) / 2 / block;
    if (density[i]! >= options.density) texty[i] = 1;
  }
  // Join letters and words along a line: close gaps of up to three blocks sideways (a tilted
  // line's steps up or down are joined by the 8-neighbour clustering below).
  const joined = new Uint8Array(texty);
  const at = (x: number, y: number) => x >= 0 && x < bw && y >= 0 && y < bh && texty[y * bw + x] === 1;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      if (texty[y * bw + x]) continue;
      let left = false;
      let right = false;
      for (let k = 1; k <= 3; k++) {
        if (at(x - k, y)) left = true;
        if (at(x + k, y)) right = true;
      }
      if (left && right) joined[y * bw + x] = 1;
    }
  }
  // Connected clusters (8-neighbours: a tilted line steps diagonally).
  const label = new Int32Array(bw * bh);
  const stack: number[] = [];
  const regions: TextRegion[] = [];
  let next = 0;
  for (let start = 0; start < joined.length; start++) {
    if (!joined[start] || label[start]) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let l = bw;
    let r = -1;
    let t = bh;
    let b = -1;
    let count = 0;
    let sum = 0;
    const columns = new Map<number, number>();
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % bw;
      const y = (i - x) / bw;
      if (texty[i]) {
        count++;
        sum += density[i]!;
        columns.set(x, (columns.get(x) ?? 0) + 1);
      }
      l = Math.min(l, x);
      r = Math.max(r, x);
      t = Math.min(t, y);
      b = Math.max(b, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || xx >= bw || yy < 0 || yy >= bh) continue;
          const j = yy * bw + xx;
          if (joined[j] && !label[j]) {
            label[j] = next;
            stack.push(j);
          }
        }
      }
    }
    const wBlocks = r - l + 1;
    const hBlocks = b - t + 1;
    // A line of print is wider than tall and holds several letters; a lone busy block is texture.
    if (count < 3 || wBlocks < 3 || wBlocks < hBlocks * 0.8) continue;
    // Filled enough, and not half the picture: wood grain and fabric make sprawling, sparse clusters.
    if (count < 0.25 * wBlocks * hBlocks || wBlocks * hBlocks > 0.25 * bw * bh) continue;
    const perColumn = [...columns.values()].sort((p, q) => p - q);
    const lineHeight = perColumn[Math.floor(perColumn.length / 2)]! * block;
    regions.push({ bounds: [l * block, t * block, (r + 1) * block, (b + 1) * block], score: count * (sum / count), lineHeight });
  }
  // Words of one tilted line land in separate clusters (the line steps between rows): join
  // clusters side by side that share most of their height.
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < regions.length && !merged; i++) {
      for (let j = i + 1; j < regions.length && !merged; j++) {
        const a = regions[i]!.bounds;
        const b = regions[j]!.bounds;
        const line = Math.max(regions[i]!.lineHeight, regions[j]!.lineHeight);
        const gap = Math.max(a[0], b[0]) - Math.min(a[2], b[2]);
        const shared = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (gap <= line * 2 && shared >= 0.5 * Math.min(a[3] - a[1], b[3] - b[1])) {
          regions[i] = {
            bounds: [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])],
            score: regions[i]!.score + regions[j]!.score,
            lineHeight: Math.max(regions[i]!.lineHeight, regions[j]!.lineHeight),
          };
          regions.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  regions.sort((a, b) => b.score - a.score);
  return regions.slice(0, options.max);
}

/** Sauvola's local threshold, in place: ink (darker than its neighbourhood) black, the rest white. */
export function binarize(pixels: Uint8Array, width: number, height: number, window: number, k = 0.2): void {
  const w1 = width + 1;
  const sum = new Float64Array(w1 * (height + 1));
  const squares = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    let rowSq = 0;
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      row += v;
      rowSq += v * v;
      sum[(y + 1) * w1 + x + 1] = sum[y * w1 + x + 1]! + row;
      squares[(y + 1) * w1 + x + 1] = squares[y * w1 + x + 1]! + rowSq;
    }
  }
  const half = Math.max(1, Math.floor(window / 2));
  for (let y = 0; y < height; y++) {
    const t = Math.max(0, y - half);
    const b = Math.min(height, y + half + 1);
    for (let x = 0; x < width; x++) {
      const l = Math.max(0, x - half);
      const r = Math.min(width, x + half + 1);
      const n = (b - t) * (r - l);
      const s1 = sum[b * w1 + r]! - sum[t * w1 + r]! - sum[b * w1 + l]! + sum[t * w1 + l]!;
      const s2 = squares[b * w1 + r]! - squares[t * w1 + r]! - squares[b * w1 + l]! + squares[t * w1 + l]!;
      const mean = s1 / n;
      const deviation = Math.sqrt(Math.max(0, s2 / n - mean * mean));
      const threshold = mean * (1 + k * (deviation / 128 - 1));
      pixels[y * width + x] = pixels[y * width + x]! < threshold ? 0 : 255;
    }
  }
}

/**
 * Whether the print inside a box is dark on light: split at the box's mean grey, the ink is the
 * side whose runs along the rows are shorter (strokes are thin; the ground between them is not),
 * whichever side is lighter and whatever shadows or outlines surround the letters.
 */
export function darkInkByRuns(grey: Uint8Array, width: number, box: [number, number, number, number]): boolean {
  return inkByRuns(grey, width, box).dark;
}

/**
 * Runs this much shorter on one side than on the other say which side is ink; closer than that
 * (light letters with a dark drop shadow on a grained ground: both sides are thin), it is unclear.
 */
const CLEAR_RUN_RATIO = 1.25;

/** darkInkByRuns, and whether the runs made it clear (see CLEAR_RUN_RATIO). */
export function inkByRuns(grey: Uint8Array, width: number, box: [number, number, number, number]): { dark: boolean; clear: boolean } {
  const [l, t, r, b] = box.map(Math.round) as [number, number, number, number];
  let sum = 0;
  let n = 0;
  for (let y = t; y < b; y++) for (let x = l; x < r; x++) {
    sum += grey[y * width + x]!;
    n++;
  }
  if (n === 0) return { dark: true, clear: false };
  const mean = sum / n;
  const runs: [number[], number[]] = [[], []];
  for (let y = t; y < b; y += 2) {
    let side: 0 | 1 = grey[y * width + l]! < mean ? 0 : 1;
    let length = 0;
    for (let x = l; x < r; x++) {
      const now: 0 | 1 = grey[y * width + x]! < mean ? 0 : 1;
      if (now === side) length++;
      else {
        runs[side].push(length);
        side = now;
        length = 1;
      }
    }
  }
  const median = (list: number[]) => (list.length ? [...list].sort((p, q) => p - q)[Math.floor(list.length / 2)]! : Infinity);
  const dark = median(runs[0]);
  const light = median(runs[1]);
  return { dark: dark <= light, clear: Math.max(dark, light) >= CLEAR_RUN_RATIO * Math.min(dark, light) };
}
