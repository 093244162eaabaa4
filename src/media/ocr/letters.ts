import { otsu } from './regions.js';
import { findMarks } from './marks.js';

/**
 * How tall the letters inside a sign are, measured on its ink (pure, no I/O).
 *
 * A region view must show the name at a height Tesseract reads: its layout analysis drops
 * letters much over ~60 px or under ~12 px. The card's outline says little about that: a
 * printed sign sets one word over half the sheet's height, an envelope or a shipping label
 * carries the name at a twentieth of it. So the letters are measured: the ink (Otsu's minority
 * class inside the card) is split into connected pieces, the pieces are put on lines along the
 * text's tilt, and a line of several pieces of like height (or one long piece: a cursive or
 * blurred word) is print. Barcode bars (solid, thin, all alike) and logos (one round piece) are
 * not lines of letters. Each line gives the height of its tallest letters (capitals,
 * ascenders). A blurred letter measures its height plus the blur: still the size to read it at.
 */

export interface LetterLine {
  /** Height of the line's tall letters, in the grey image's pixels. */
  height: number;
  /** Centre of the line across the text direction, relative to the rectangle's centre (pixels). */
  offset: number;
  /** Extent of the line along the text direction (pixels). */
  length: number;
  /** Middle of the line along the text direction, relative to the rectangle's centre (pixels). */
  centre: number;
  /** Pieces of ink on the line. */
  pieces: number;
}

/** A card: centre, sides and the tilt of its long side (degrees, clockwise), in pixels. */
export interface CardRect {
  cx: number;
  cy: number;
  long: number;
  short: number;
  angle: number;
}

interface Piece {
  count: number;
  uMin: number;
  uMax: number;
  vMin: number;
  vMax: number;
}

/**
 * Lines of letters on a card of a greyscale image, tallest first. `textAngle`: the tilt of the
 * text lines (degrees, clockwise); `inkIsDark`: which side of Otsu's split is ink (null: the
 * minority class). Offsets are measured from the card's centre, across the text.
 */
export function measureLetters(
  grey: Uint8Array,
  width: number,
  height: number,
  card: CardRect,
  textAngle: number,
  inkIsDark: boolean | null = null,
): LetterLine[] {
  const a = (textAngle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const { halfU, halfV } = extentAlong(card, textAngle);
  const along = halfU * 2;
  const across = halfV * 2;
  // Only what lies on the card is measured.
  const ca = (card.angle * Math.PI) / 180;
  const onCard = (x: number, y: number) => {
    const dx = x - card.cx;
    const dy = y - card.cy;
    return Math.abs(dx * Math.cos(ca) + dy * Math.sin(ca)) <= card.long * 0.5 && Math.abs(-dx * Math.sin(ca) + dy * Math.cos(ca)) <= card.short * 0.5;
  };
  // Sample on a grid aligned with the text (u along it, v across), ~600 samples along.
  const step = Math.max(1, Math.max(along, across) / 600);
  const nu = Math.floor(along / step);
  const nv = Math.floor(across / step);
  if (nu < 16 || nv < 8) return [];
  const samples = new Uint8Array(nu * nv);
  const valid = new Uint8Array(nu * nv);
  const histogram = new Array<number>(256).fill(0);
  let total = 0;
  for (let j = 0; j < nv; j++) {
    const v = -halfV + (j + 0.5) * step;
    for (let i = 0; i < nu; i++) {
      const u = -halfU + (i + 0.5) * step;
      const x = Math.round(card.cx + u * cos - v * sin);
      const y = Math.round(card.cy + u * sin + v * cos);
      if (x < 0 || y < 0 || x >= width || y >= height || !onCard(x, y)) continue;
      const g = grey[y * width + x]!;
      samples[j * nu + i] = g;
      valid[j * nu + i] = 1;
      histogram[g]!++;
      total++;
    }
  }
  if (total < 200) return [];
  const threshold = otsu(histogram, total);
  let darkCount = 0;
  for (let g = 0; g <= threshold; g++) darkCount += histogram[g]!;
  const dark = inkIsDark ?? darkCount <= total / 2;
  const ink = new Uint8Array(nu * nv);
  for (let k = 0; k < ink.length; k++) if (valid[k] && (dark ? samples[k]! <= threshold : samples[k]! > threshold)) ink[k] = 1;

  // Connected pieces (marks.ts); pieces touching the card's edge are the world around it or
  // its shadow, not print on it.
  const pieces: Piece[] = [];
  for (const mark of findMarks(ink, nu, nv, valid).marks) {
    const h = mark.bottom - mark.top + 1;
    // Specks and things half the card tall are not letters.
    if (!mark.touchesOutside && h >= 3 && h <= nv * 0.6 && mark.count >= 4) {
      pieces.push({ count: mark.count, uMin: mark.left, uMax: mark.right, vMin: mark.top, vMax: mark.bottom });
    }
  }

  // Lines: pieces whose extents across the text overlap by most of the smaller one.
  pieces.sort((p, q) => p.vMax - p.vMin - (q.vMax - q.vMin));
  pieces.reverse();
  const lines: Piece[][] = [];
  for (const piece of pieces) {
    const h = piece.vMax - piece.vMin + 1;
    const home = lines.find((line) => {
      const top = Math.min(...line.map((p) => p.vMin));
      const bottom = Math.max(...line.map((p) => p.vMax));
      const overlap = Math.min(bottom, piece.vMax) - Math.max(top, piece.vMin) + 1;
      // Lower-case letters sit inside the band of the line's tall ones.
      return overlap >= 0.6 * h && h <= (bottom - top + 1) * 1.15;
    });
    if (home) home.push(piece);
    else lines.push([piece]);
  }

  const out: LetterLine[] = [];
  for (const found of lines) {
    const line = withoutGiants(found);
    const heights = line.map((p) => p.vMax - p.vMin + 1).sort((p, q) => p - q);
    const tall = heights[Math.floor(heights.length * 0.8)] ?? heights[heights.length - 1]!;
    const fills = line.map((p) => p.count / ((p.uMax - p.uMin + 1) * (p.vMax - p.vMin + 1))).sort((p, q) => p - q);
    const medianFill = fills[Math.floor(fills.length / 2)]!;
    const widths = line.map((p) => (p.uMax - p.uMin + 1) / (p.vMax - p.vMin + 1));
    const longest = Math.max(...widths);
    const thin = widths.filter((w) => w < 0.25).length;
    const medianWidth = [...widths].sort((p, q) => p - q)[Math.floor(widths.length / 2)]!;
    // Print: several pieces, or one long piece (a cursive or blurred word); not a barcode
    // (bars: solid and thin, most of the pieces; blurred, its bars merge in groups, still
    // solid and taller than wide, where a line of letters has round ones and open ones) nor
    // one solid bar.
    const letters = line.length >= 3 || longest >= 2.5;
    const barcode = (thin >= line.length * 0.7 && medianFill > 0.8) || (line.length >= 5 && medianWidth < 0.45 && medianFill >= 0.7);
    if (!letters || barcode || (line.length === 1 && medianFill > 0.9)) continue;
    const uMin = Math.min(...line.map((p) => p.uMin));
    const uMax = Math.max(...line.map((p) => p.uMax));
    const vMin = Math.min(...line.map((p) => p.vMin));
    const vMax = Math.max(...line.map((p) => p.vMax));
    out.push({
      height: tall * step,
      offset: ((vMin + vMax + 1) / 2) * step - halfV,
      length: (uMax - uMin + 1) * step,
      centre: ((uMin + uMax + 1) / 2) * step - halfU,
      pieces: line.length,
    });
  }
  return out.sort((p, q) => q.height - p.height);
}

/**
 * A line without the pieces that tower over the rest of it: a stamp's frame, a round logo or a
 * drawing beside a word is not one of its letters, yet the band of the word's line runs through
 * it. No letter is twice the height of every other piece on its line (capitals and descenders
 * reach ~1.5x the small letters), so the tallest piece goes while it is more than GIANT times
 * the next and compact (a word blurred into one long piece is the line's print itself). A blurred
 * word beside a stamp then keeps its own height, not the stamp's.
 */
const GIANT = 1.8;
function withoutGiants(line: Piece[]): Piece[] {
  const heightOf = (p: Piece) => p.vMax - p.vMin + 1;
  const byHeight = [...line].sort((p, q) => heightOf(q) - heightOf(p));
  let drop = 0;
  while (byHeight.length - drop >= 2) {
    const tallest = byHeight[drop]!;
    const compact = tallest.uMax - tallest.uMin + 1 <= 1.5 * heightOf(tallest);
    if (!compact || heightOf(tallest) <= GIANT * heightOf(byHeight[drop + 1]!)) break;
    drop++;
  }
  if (drop === 0) return line;
  const giants = new Set(byHeight.slice(0, drop));
  return line.filter((p) => !giants.has(p));
}

/** The print on a card as one rectangle, in the grey image's pixels, along the text's tilt. */
export interface PrintBlock {
  cx: number;
  cy: number;
  along: number;
  across: number;
  angle: number;
}

/**
 * The rectangle around a card's lines of letters (measured with `measureLetters` on `card` at
 * `textAngle`), with a margin of a line's height: what there is to read on the card, without
 * the wall or bench its outline may have run into. Null without lines.
 */
export function printBlock(lines: readonly LetterLine[], card: CardRect, textAngle: number): PrintBlock | null {
  if (lines.length === 0) return null;
  const tallest = lines[0]!.height;
  let uMin = Infinity;
  let uMax = -Infinity;
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const line of lines) {
    uMin = Math.min(uMin, line.centre - line.length / 2 - tallest);
    uMax = Math.max(uMax, line.centre + line.length / 2 + tallest);
    vMin = Math.min(vMin, line.offset - line.height * 0.75 - tallest / 2);
    vMax = Math.max(vMax, line.offset + line.height * 0.75 + tallest / 2);
  }
  // Never past the card: a sign's letters fill it, and a margin beyond is bench.
  const { halfU, halfV } = extentAlong(card, textAngle);
  uMin = Math.max(uMin, -halfU);
  uMax = Math.min(uMax, halfU);
  vMin = Math.max(vMin, -halfV);
  vMax = Math.min(vMax, halfV);
  const a = (textAngle * Math.PI) / 180;
  const u = (uMin + uMax) / 2;
  const v = (vMin + vMax) / 2;
  return {
    cx: card.cx + u * Math.cos(a) - v * Math.sin(a),
    cy: card.cy + u * Math.sin(a) + v * Math.cos(a),
    along: uMax - uMin,
    across: vMax - vMin,
    angle: textAngle,
  };
}

/** Half the card's extent along the text and across it (its bounding box in the text's frame). */
function extentAlong(card: CardRect, textAngle: number): { halfU: number; halfV: number } {
  const d = ((card.angle - textAngle) * Math.PI) / 180;
  return {
    halfU: (Math.abs(card.long * Math.cos(d)) + Math.abs(card.short * Math.sin(d))) / 2,
    halfV: (Math.abs(card.long * Math.sin(d)) + Math.abs(card.short * Math.cos(d))) / 2,
  };
}
