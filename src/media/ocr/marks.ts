/**
 * The separate marks of a thresholded image: pixels of ink joined to their eight neighbours
 * (a stroke drawn at an angle touches only at its corners). Shared by the letter measurement
 * (letters.ts) and the grain clearing (speckle.ts). Pure, no I/O.
 */

export interface Mark {
  /** Pixels in the mark. */
  count: number;
  /** Its bounds, inclusive: columns left..right, rows top..bottom. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** A neighbour of the mark lies off the image or outside the area measured. */
  touchesOutside: boolean;
}

/**
 * Marks of the pixels where `ink` is non-zero, in scan order; `label[i]` is the index of the
 * mark holding pixel i, -1 for no ink. `inside` (non-zero = measured) limits the area, as a
 * card does on the grid sampled across it.
 */
export function findMarks(ink: Uint8Array, width: number, height: number, inside?: Uint8Array): { marks: Mark[]; label: Int32Array } {
  const label = new Int32Array(width * height).fill(-1);
  const marks: Mark[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || label[start] !== -1) continue;
    const index = marks.length;
    const mark: Mark = { count: 0, left: width, right: -1, top: height, bottom: -1, touchesOutside: false };
    label[start] = index;
    stack.push(start);
    while (stack.length > 0) {
      const k = stack.pop()!;
      const x = k % width;
      const y = (k - x) / width;
      mark.count++;
      if (x < mark.left) mark.left = x;
      if (x > mark.right) mark.right = x;
      if (y < mark.top) mark.top = y;
      if (y > mark.bottom) mark.bottom = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || ny < 0 || ny >= height || (inside && !inside[ny * width + nx])) {
            mark.touchesOutside = true;
            continue;
          }
          const j = ny * width + nx;
          if (ink[j] && label[j] === -1) {
            label[j] = index;
            stack.push(j);
          }
        }
      }
    }
    marks.push(mark);
  }
  return { marks, label };
}
