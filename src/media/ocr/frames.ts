import { darkInkByRuns } from './text-regions.js';

/**
 * Pure measurements on small greyscale video frames (no I/O): how likely a frame shows text,
 * and whether the name sits at the same pixels in every frame (an overlay added in editing).
 */

export interface SmallFrame {
  /** Seconds into the clip. */
  t: number;
  width: number;
  height: number;
  /** One byte per pixel. */
  grey: Uint8Array;
}

/**
 * How much a frame looks like it shows print: text is dense, alternating dark-light strokes.
 * Counts strong horizontal gradients of both signs in 24 px blocks; the score is the mean of the
 * busiest few blocks (a sign is a small part of the frame), per pixel of a block.
 */
export function textScore(frame: SmallFrame, block = 24): number {
  const { width: w, height: h, grey } = frame;
  const bw = Math.max(1, Math.floor(w / block));
  const bh = Math.max(1, Math.floor(h / block));
  const rising = new Float64Array(bw * bh);
  const falling = new Float64Array(bw * bh);
  for (let y = 1; y < h - 1; y += 2) {
    const row = y * w;
    const by = Math.min(bh - 1, Math.floor(y / block));
    for (let x = 1; x < w - 1; x++) {
      const d = grey[row + x + 1]! - grey[row + x - 1]!;
      if (d > 40) rising[by * bw + Math.min(bw - 1, Math.floor(x / block))]!++;
      else if (d < -40) falling[by * bw + Math.min(bw - 1, Math.floor(x / block))]!++;
    }
  }
  // Both edges of a stroke: min(rising, falling) ignores single edges of objects and shadows.
  const counts = Array.from(rising, (r, i) => Math.min(r, falling[i]!)).sort((a, b) => b - a);
  const top = counts.slice(0, Math.max(3, Math.round(counts.length * 0.02)));
  return top.reduce((a, b) => a + b, 0) / top.length / ((block * block) / 2);
}

/** Mean absolute difference of two frames inside a box (in the frames' pixels), or the whole frame. */
export function meanDifference(a: SmallFrame, b: SmallFrame, box?: [number, number, number, number]): number {
  if (a.width !== b.width || a.height !== b.height) return 255;
  const [l, t, r, btm] = box ?? [0, 0, a.width, a.height];
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, t); y < Math.min(a.height, btm); y++) {
    for (let x = Math.max(0, l); x < Math.min(a.width, r); x++) {
      sum += Math.abs(a.grey[y * a.width + x]! - b.grey[y * a.width + x]!);
      n++;
    }
  }
  return n === 0 ? 255 : sum / n;
}

export interface StillText {
  /** The name's pixels stay the same (within compression noise) in every sampled frame. */
  still: boolean;
  /** ...while the picture around it changes. */
  sceneMoves: boolean;
  frames: number;
}

/**
 * Whether the name's box shows the same pixels in every sampled frame while the rest of the
 * picture changes: text added onto the video in editing. A real card moves with the hand or the
 * camera; if nothing in the clip moves at all, nothing can be told and `sceneMoves` is false.
 * `box` is in the small frames' pixels; `reference` is the frame the name was read in.
 */
export function stillText(frames: readonly SmallFrame[], reference: SmallFrame, box: [number, number, number, number]): StillText {
  const others = frames.filter((f) => f !== reference && f.width === reference.width && f.height === reference.height);
  if (others.length < 3) return { still: false, sceneMoves: false, frames: others.length + 1 };
  // Only the letters' own pixels: between and around them the scene shows through.
  const letters = letterPixels(reference, box);
  if (letters.length < 20) return { still: false, sceneMoves: false, frames: others.length + 1 };
  const inLetters = others.map((f) => {
    let sum = 0;
    for (const i of letters) sum += Math.abs(reference.grey[i]! - f.grey[i]!);
    return sum / letters.length;
  });
  const whole = others.map((f) => meanDifference(reference, f));
  const still = inLetters.every((d) => d <= 8);
  const sorted = [...whole].sort((a, b) => a - b);
  const sceneMoves = sorted[Math.floor(sorted.length / 2)]! >= 6;
  return { still, sceneMoves, frames: others.length + 1 };
}

/**
 * Indices of the letter strokes inside a box: on the side of the box's mean grey with the shorter
 * runs (see darkInkByRuns), past halfway to the extreme, kept
 * only where the whole 3x3 neighbourhood is on that side (edges blend with the scene).
 */
function letterPixels(frame: SmallFrame, box: [number, number, number, number]): number[] {
  const { width, grey } = frame;
  const l = Math.max(1, Math.floor(box[0]));
  const t = Math.max(1, Math.floor(box[1]));
  const r = Math.min(frame.width - 1, Math.ceil(box[2]));
  const b = Math.min(frame.height - 1, Math.ceil(box[3]));
  let sum = 0;
  let n = 0;
  for (let y = t; y < b; y++) for (let x = l; x < r; x++) {
    sum += grey[y * width + x]!;
    n++;
  }
  if (n === 0) return [];
  const mean = sum / n;
  const inkAbove = !darkInkByRuns(grey, width, [l, t, r, b]);
  // Halfway from the mean to the extreme: the letters, not the lighter (darker) parts of the scene.
  let extreme = inkAbove ? 0 : 255;
  for (let y = t; y < b; y++) {
    for (let x = l; x < r; x++) extreme = inkAbove ? Math.max(extreme, grey[y * width + x]!) : Math.min(extreme, grey[y * width + x]!);
  }
  const cut = (mean + extreme) / 2;
  const ink = (i: number) => (inkAbove ? grey[i]! > cut : grey[i]! < cut);
  const out: number[] = [];
  for (let y = t; y < b; y++) {
    for (let x = l; x < r; x++) {
      const i = y * width + x;
      let all = true;
      for (let dy = -1; dy <= 1 && all; dy++) for (let dx = -1; dx <= 1; dx++) if (!ink(i + dy * width + dx)) all = false;
      if (all) out.push(i);
    }
  }
  return out;
}
