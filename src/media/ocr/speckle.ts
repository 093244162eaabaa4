/**
 * Clearing the grain a local threshold leaves on a patterned ground (pure, no I/O).
 *
 * A woven cloth, a halftone print or a speckled mat turns, once thresholded, into a field of
 * small dots. Tesseract's page layout takes such a field for a picture and gives up on the
 * whole view, the letters beside it included (a clean line of capitals then reads as nothing
 * at all). A letter is at least half a capital tall; a dot that belongs to print (the dot of an
 * i, a full stop, an apostrophe) sits right beside a letter. So small marks that are not near
 * any letter-sized mark are cleared, and everything else is left as it was.
 */

/** Share of a capital's height from which a mark counts as a letter (or a part of one). */
const LETTER_SHARE = 0.4;
/** How near a letter (in capitals) a small mark may sit and still be kept. */
const NEAR_SHARE = 0.6;

/**
 * In place on a black-ink (0) on white (255) image whose capitals are about `cap` pixels tall.
 * Returns how many marks were cleared.
 */
export function clearSpeckle(pixels: Uint8Array, width: number, height: number, cap: number): number {
  const label = new Int32Array(width * height).fill(-1);
  const boxes: number[] = []; // left, top, right, bottom per mark (inclusive)
  const stack: number[] = [];
  let marks = 0;
  for (let start = 0; start < pixels.length; start++) {
    if (pixels[start] !== 0 || label[start] !== -1) continue;
    let left = width;
    let top = height;
    let right = -1;
    let bottom = -1;
    label[start] = marks;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      // Eight neighbours: a stroke drawn at an angle touches only at its corners.
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (pixels[j] === 0 && label[j] === -1) {
            label[j] = marks;
            stack.push(j);
          }
        }
      }
    }
    boxes.push(left, top, right, bottom);
    marks++;
  }
  if (!marks) return 0;
  // Cells of about half a capital, marked where a letter-sized mark is near.
  const letter = Math.max(3, cap * LETTER_SHARE);
  const reach = cap * NEAR_SHARE;
  const cell = Math.max(2, Math.round(cap / 2));
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const nearLetter = new Uint8Array(cols * rows);
  const small = new Uint8Array(marks);
  for (let m = 0; m < marks; m++) {
    const [l, t, r, b] = [boxes[4 * m]!, boxes[4 * m + 1]!, boxes[4 * m + 2]!, boxes[4 * m + 3]!];
    if (Math.max(r - l + 1, b - t + 1) < letter) {
      small[m] = 1;
      continue;
    }
    const c0 = Math.max(0, Math.floor((l - reach) / cell));
    const c1 = Math.min(cols - 1, Math.floor((r + reach) / cell));
    const r0 = Math.max(0, Math.floor((t - reach) / cell));
    const r1 = Math.min(rows - 1, Math.floor((b + reach) / cell));
    for (let row = r0; row <= r1; row++) for (let col = c0; col <= c1; col++) nearLetter[row * cols + col] = 1;
  }
  const clear = new Uint8Array(marks);
  let cleared = 0;
  for (let m = 0; m < marks; m++) {
    if (!small[m]) continue;
    const cx = Math.floor((boxes[4 * m]! + boxes[4 * m + 2]!) / 2 / cell);
    const cy = Math.floor((boxes[4 * m + 1]! + boxes[4 * m + 3]!) / 2 / cell);
    if (!nearLetter[cy * cols + cx]) {
      clear[m] = 1;
      cleared++;
    }
  }
  if (cleared) for (let i = 0; i < pixels.length; i++) if (label[i]! >= 0 && clear[label[i]!]) pixels[i] = 255;
  return cleared;
}
