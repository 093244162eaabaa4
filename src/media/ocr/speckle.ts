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

import { findMarks, type Mark } from './marks.js';

/** Share of a capital's height from which a mark counts as a letter (or a part of one). */
const LETTER_SHARE = 0.4;
/** How near a letter (in capitals) a small mark may sit and still be kept. */
const NEAR_SHARE = 0.6;

/**
 * In place on a black-ink (0) on white (255) image whose capitals are about `cap` pixels tall.
 * Returns how many marks were cleared.
 */
export function clearSpeckle(pixels: Uint8Array, width: number, height: number, cap: number): number {
  const ink = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) if (pixels[i] === 0) ink[i] = 1;
  const { marks, label } = findMarks(ink, width, height);
  if (!marks.length) return 0;
  // Cells of about half a capital, marked where a letter-sized mark is near.
  const letter = Math.max(3, cap * LETTER_SHARE);
  const reach = cap * NEAR_SHARE;
  const cell = Math.max(2, Math.round(cap / 2));
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const nearLetter = new Uint8Array(cols * rows);
  const small = (m: Mark) => Math.max(m.right - m.left + 1, m.bottom - m.top + 1) < letter;
  for (const m of marks) {
    if (small(m)) continue;
    const c0 = Math.max(0, Math.floor((m.left - reach) / cell));
    const c1 = Math.min(cols - 1, Math.floor((m.right + reach) / cell));
    const r0 = Math.max(0, Math.floor((m.top - reach) / cell));
    const r1 = Math.min(rows - 1, Math.floor((m.bottom + reach) / cell));
    for (let row = r0; row <= r1; row++) for (let col = c0; col <= c1; col++) nearLetter[row * cols + col] = 1;
  }
  const clear = marks.map((m) => {
    if (!small(m)) return false;
    const cx = Math.floor((m.left + m.right) / 2 / cell);
    const cy = Math.floor((m.top + m.bottom) / 2 / cell);
    return !nearLetter[cy * cols + cx];
  });
  const cleared = clear.filter(Boolean).length;
  if (cleared) for (let i = 0; i < pixels.length; i++) if (label[i]! >= 0 && clear[label[i]!]) pixels[i] = 255;
  return cleared;
}
