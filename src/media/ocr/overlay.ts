import { estimateSkew, otsu } from './regions.js';

/**
 * Text added onto a finished photo (an editing app's caption, a watermark) versus text printed
 * on paper and photographed. Two measurements on the greyscale working copy, inside the box
 * where the name was read (pure, no I/O):
 * - level: a caption is laid exactly along the pixel rows; a card in a hand or on a bench is
 *   almost never within half a degree of level, and never without perspective;
 * - smooth ink: a photographed letter carries the same sensor grain as the paper around it
 *   (both went through the camera); an added letter is one flat colour painted after the grain,
 *   so the grain inside its strokes is far weaker than around them.
 * Thresholds in overlayVerdict were chosen on the bench's dev parts (bench/ocr.js prints both
 * measurements for every photo found).
 */

export interface OverlayEvidence {
  /** Tilt of the text lines inside the box (degrees), null when too little ink to tell. */
  angle: number | null;
  /** Mean residual grain (|pixel - 3x3 mean|) inside letter strokes, and in the paper/scene between them. */
  inkGrain: number;
  backgroundGrain: number;
  /** inkGrain / backgroundGrain: about 1 for a photographed sign, well below for painted text. */
  ratio: number;
  /** Stroke pixels measured (thin strokes give few: the ratio is then unreliable). */
  inkPixels: number;
}

/** `box` in the grey image's pixels: [left, top, right, bottom]. */
export function overlayEvidence(grey: Uint8Array, width: number, height: number, box: [number, number, number, number]): OverlayEvidence {
  const left = Math.max(1, Math.floor(box[0]));
  const top = Math.max(1, Math.floor(box[1]));
  const right = Math.min(width - 1, Math.ceil(box[2]));
  const bottom = Math.min(height - 1, Math.ceil(box[3]));
  const w = Math.max(0, right - left);
  const h = Math.max(0, bottom - top);
  const none: OverlayEvidence = { angle: null, inkGrain: 0, backgroundGrain: 0, ratio: 1, inkPixels: 0 };
  if (w < 8 || h < 8) return none;
  const patch = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) patch[y * w + x] = grey[(top + y) * width + left + x]!;
  const histogram = new Array<number>(256).fill(0);
  for (const v of patch) histogram[v]!++;
  const threshold = otsu(histogram, patch.length);
  let dark = 0;
  for (const v of patch) if (v <= threshold) dark++;
  // Letters are the minority class inside a tight box around a word.
  const inkIsDark = dark <= patch.length / 2;
  const isInk = (v: number) => (inkIsDark ? v <= threshold : v > threshold);
  let inkSum = 0;
  let inkCount = 0;
  let backSum = 0;
  let backCount = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const ink = isInk(patch[i]!);
      // Interior pixels only (the 3x3 neighbourhood all of one class): edges are not grain.
      let mean = 0;
      let same = true;
      for (let dy = -1; dy <= 1 && same; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const v = patch[i + dy * w + dx]!;
          if (isInk(v) !== ink) {
            same = false;
            break;
          }
          mean += v;
        }
      }
      if (!same) continue;
      const residual = Math.abs(patch[i]! - mean / 9);
      if (ink) {
        inkSum += residual;
        inkCount++;
      } else {
        backSum += residual;
        backCount++;
      }
    }
  }
  const inkGrain = inkCount ? inkSum / inkCount : 0;
  const backgroundGrain = backCount ? backSum / backCount : 0;
  const skew = estimateSkew(grey, width, height, {
    cx: (box[0] + box[2]) / 2,
    cy: (box[1] + box[3]) / 2,
    // estimateSkew looks at 85% x 80% of this: give it the whole box and a little more.
    long: (box[2] - box[0]) * 1.15,
    short: (box[3] - box[1]) * 1.3,
    angle: 0,
  }, 10);
  return {
    // A single line of letters gives a weaker profile than a card's lines: a lower bar than regions use.
    angle: skew && skew.strength >= 1.15 ? skew.angle : null,
    inkGrain,
    backgroundGrain,
    ratio: backgroundGrain > 0.05 ? inkGrain / backgroundGrain : 1,
    inkPixels: inkCount,
  };
}

/** Whether the measurements say "added afterwards". */
export function overlayVerdict(evidence: OverlayEvidence): { overlay: boolean; reason: string } {
  const level = evidence.angle !== null && Math.abs(evidence.angle) <= 0.5;
  const smooth = evidence.inkPixels >= 150 && evidence.ratio < OVERLAY_MAX_GRAIN_RATIO;
  return {
    overlay: level && smooth,
    reason: `its letters are exactly level and one flat colour, without the grain of the rest of the picture`,
  };
}

/**
 * Ink grain below this fraction of the background's marks painted-on text. Measured on the dev
 * parts (bench/ocr.js): printed signs found 1.9 at the least (median 5.2: letters on a flat card
 * carry grain, the card between them little), added text 0.66.
 */
export const OVERLAY_MAX_GRAIN_RATIO = 1;
