import type { Box } from '../name-match.js';
import type { Shake } from './deblur.js';

/**
 * One way of looking at a photo for OCR: a crop of the displayed image, scaled, then rotated.
 * OCR reports boxes in the view's pixels; `toDisplayed` undoes rotation, scale and crop so the
 * seller sees the box where the name really is in the photo.
 */
export interface View {
  /** Region of the displayed image: [left, top, width, height]. */
  crop: [number, number, number, number];
  /** View pixels per displayed pixel. */
  scale: number;
  /** Clockwise rotation applied to the scaled crop, degrees (sharp's convention). */
  angle: number;
  /** Short label for diagnostics ("full -8°", "tile 2/4"). */
  label: string;
  /** Light print on a dark ground: turned negative, since Tesseract's layout expects dark on light. */
  invert?: boolean;
  /** Restored from a Gaussian blur of this sigma (view pixels) before reading: a blurred photo. */
  deblur?: number;
  /** Restored from a shake along this line (view pixels) before reading: a shaken photo. */
  shake?: Shake;
  /** Thresholded locally (Sauvola) before reading: print on a busy or uneven ground. */
  binarize?: boolean;
  /**
   * Read as scattered words (Tesseract's sparse-text mode) instead of as a page: a logo or a
   * stamp beside a name can make the page layout join them into one block read as nonsense.
   */
  sparse?: boolean;
  /**
   * A sign card inside the crop (displayed coordinates, long side along `-angle`): after the
   * rotation straightens it, the view is cut down to the card plus `margin` x its short side,
   * so Tesseract's layout analysis sees only the card, not the bench around it.
   */
  card?: { cx: number; cy: number; long: number; short: number; margin: number };
}

/** Size of a w x h image after rotating it by `angle` degrees with the canvas expanded. */
export function rotatedSize(w: number, h: number, angleDeg: number): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.abs(Math.cos(a));
  const sin = Math.abs(Math.sin(a));
  return [w * cos + h * sin, w * sin + h * cos];
}

/** Where (x, y) of a w x h image lands after a clockwise rotation by angle (canvas expanded). */
export function rotateForward(
  x: number,
  y: number,
  w: number,
  h: number,
  angleDeg: number,
  [W, H]: readonly [number, number] = rotatedSize(w, h, angleDeg),
): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  const dx = x - w / 2;
  const dy = y - h / 2;
  return [W / 2 + dx * Math.cos(a) - dy * Math.sin(a), H / 2 + dx * Math.sin(a) + dy * Math.cos(a)];
}

/**
 * Inverse of rotateForward. `W`/`H` are the rotated canvas's real size (sharp rounds it), so the
 * centre is taken from the pixels OCR actually saw.
 */
export function rotateBack(X: number, Y: number, w: number, h: number, W: number, H: number, angleDeg: number): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  const dx = X - W / 2;
  const dy = Y - H / 2;
  return [w / 2 + dx * Math.cos(a) + dy * Math.sin(a), h / 2 - dx * Math.sin(a) + dy * Math.cos(a)];
}

/**
 * Where a view's card lands after scaling and rotation: [left, top, width, height] in the
 * rotated view's pixels, clamped to it. Null when the view has no card.
 * `viewW`/`viewH`: scaled crop size before rotation; `rotW`/`rotH`: after.
 */
export function cardTrim(view: View, viewW: number, viewH: number, rotW: number, rotH: number): [number, number, number, number] | null {
  const card = view.card;
  if (!card) return null;
  const [cx, cy] = rotateForward(
    (card.cx - view.crop[0]) * view.scale,
    (card.cy - view.crop[1]) * view.scale,
    viewW,
    viewH,
    view.angle,
    [rotW, rotH],
  );
  const margin = card.short * card.margin * view.scale;
  const halfW = (card.long * view.scale) / 2 + margin;
  const halfH = (card.short * view.scale) / 2 + margin;
  const left = Math.max(0, Math.floor(cx - halfW));
  const top = Math.max(0, Math.floor(cy - halfH));
  const right = Math.min(rotW, Math.ceil(cx + halfW));
  const bottom = Math.min(rotH, Math.ceil(cy + halfH));
  if (right - left < 8 || bottom - top < 8) return null;
  return [left, top, right - left, bottom - top];
}

/**
 * Maps a box from view pixels to displayed-image pixels: un-rotate its four corners, take their
 * bounding box, undo the scale, add the crop offset, clamp to the image.
 * `viewW`/`viewH`: scaled crop size before rotation; `rotW`/`rotH`: after.
 */
export function toDisplayed(
  box: Box,
  view: View,
  viewW: number,
  viewH: number,
  rotW: number,
  rotH: number,
  imageW: number,
  imageH: number,
): Box {
  const corners = [
    [box[0], box[1]],
    [box[2], box[1]],
    [box[0], box[3]],
    [box[2], box[3]],
  ].map(([x, y]) => rotateBack(x!, y!, viewW, viewH, rotW, rotH, view.angle));
  const xs = corners.map((c) => view.crop[0] + c[0] / view.scale);
  const ys = corners.map((c) => view.crop[1] + c[1] / view.scale);
  const clampX = (v: number) => Math.round(Math.min(Math.max(v, 0), imageW));
  const clampY = (v: number) => Math.round(Math.min(Math.max(v, 0), imageH));
  return [clampX(Math.min(...xs)), clampY(Math.min(...ys)), clampX(Math.max(...xs)), clampY(Math.max(...ys))];
}

/**
 * Overlapping tiles covering a w x h image in a grid x grid layout, each `overlap` (fraction of a
 * tile) wider than its share so a sign cut by one tile border is whole in the neighbour.
 */
export function tiles(w: number, h: number, grid: number, overlap: number): [number, number, number, number][] {
  if (grid <= 1) return [[0, 0, w, h]];
  const tw = Math.min(w, Math.round((w / grid) * (1 + overlap)));
  const th = Math.min(h, Math.round((h / grid) * (1 + overlap)));
  const out: [number, number, number, number][] = [];
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const left = Math.round(((w - tw) * col) / (grid - 1));
      const top = Math.round(((h - th) * row) / (grid - 1));
      out.push([left, top, tw, th]);
    }
  }
  return out;
}
