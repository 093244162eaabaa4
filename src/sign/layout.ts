import type { ShapedLine } from './font.js';

/**
 * Where everything goes on the sign, in PDF points with the origin at the top left (the PDF
 * and the PNG are both drawn from this one layout, so they cannot disagree). Pure: the text
 * is measured by the `shape` function passed in.
 *
 * The name is set as large as its box allows: on one line, or on two when that makes the
 * letters clearly bigger (a long name, or two words on a wide page). The optional logo sits
 * above it; a small line at the foot of the page says how to print and place the sheet.
 */

export type SignSize = 'page' | 'card';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NameLine {
  text: string;
  /** Left end of the line's advance (the text starts here). */
  x: number;
  baseline: number;
  width: number;
}

export interface CardLayout {
  /** The card (the whole page for size "page"). */
  box: Box;
  logo: Box | null;
  lines: NameLine[];
  /** Font size of the name, points. */
  fontSize: number;
}

export interface SignLayout {
  width: number;
  height: number;
  size: SignSize;
  cards: CardLayout[];
  /** Dashed lines to cut the cards apart: [x1, y1, x2, y2]. */
  cutLines: [number, number, number, number][];
  footer: { text: string; x: number; baseline: number; fontSize: number };
}

export interface LayoutInput {
  width: number;
  height: number;
  size: SignSize;
  name: string;
  shape: (text: string) => ShapedLine;
  /** Width / height of the logo, when there is one. */
  logoAspect: number | null;
}

/** Half an inch: inside what every home printer can print. */
const PAGE_MARGIN = 36;
/** Inside each card, from its cut line. */
const CARD_MARGIN = 22;
/** Band at the foot of the page for the printing note (its text stays clear of the last 1/4 inch). */
const FOOTER_BAND = 50;
const FOOTER_SIZE = 10.5;
const FOOTER_BASELINE_FROM_BOTTOM = 27;
/** Share of the content height the logo may take. */
const LOGO_SHARE = 0.3;
/** Space between the logo and the name, as a share of the content height. */
const LOGO_GAP = 0.05;
/** Space between the two lines of the name, in em. */
const LINE_GAP = 0.2;
/** Two lines are used only when they make the letters at least this much bigger. */
const TWO_LINE_GAIN = 1.15;

export const FOOTER_TEXT = {
  page: 'Print at 100% (actual size). Keep this sheet flat, well lit and facing the camera in every photo and video.',
  card: 'Print at 100% (actual size) and cut along the dashed lines. Keep each card flat, well lit and facing the camera.',
} as const;

/** Where a name may wrap: after a space (the space is dropped) or after a hyphen (kept). */
export function twoLineSplits(name: string): [string, string][] {
  const splits: [string, string][] = [];
  const chars = [...name];
  for (let i = 1; i < chars.length - 1; i++) {
    if (chars[i] === ' ') splits.push([chars.slice(0, i).join('').trimEnd(), chars.slice(i + 1).join('').trimStart()]);
    else if ((chars[i] === '-' || chars[i] === '\u2010') && chars[i + 1] !== ' ') {
      splits.push([chars.slice(0, i + 1).join(''), chars.slice(i + 1).join('')]);
    }
  }
  return splits.filter(([a, b]) => a.length > 0 && b.length > 0);
}

/** The largest font size at which `lines` fit in width x height, stacked by their ink. */
function fitSize(lines: readonly ShapedLine[], width: number, height: number): number {
  const widest = Math.max(...lines.map((l) => l.width));
  const tall = lines.reduce((sum, l) => sum + l.top + l.bottom, 0) + LINE_GAP * (lines.length - 1);
  return Math.min(width / Math.max(widest, 1e-6), height / Math.max(tall, 1e-6));
}

/** One line or two, whichever gives the bigger letters (two must win clearly). */
export function chooseLines(
  name: string,
  shape: (text: string) => ShapedLine,
  width: number,
  height: number,
): { lines: ShapedLine[]; fontSize: number } {
  const single = [shape(name)];
  let best = { lines: single, fontSize: fitSize(single, width, height) };
  const oneLine = best.fontSize;
  for (const [first, second] of twoLineSplits(name)) {
    const lines = [shape(first), shape(second)];
    const fontSize = fitSize(lines, width, height);
    if (fontSize > best.fontSize && fontSize >= oneLine * TWO_LINE_GAIN) best = { lines, fontSize };
  }
  return best;
}

function layoutCard(box: Box, margin: number, input: LayoutInput): CardLayout {
  const inner: Box = { x: box.x + margin, y: box.y + margin, width: box.width - 2 * margin, height: box.height - 2 * margin };
  let logo: Box | null = null;
  let nameBox = inner;
  if (input.logoAspect !== null && input.logoAspect > 0) {
    const maxH = inner.height * LOGO_SHARE;
    const w = Math.min(inner.width, maxH * input.logoAspect);
    const h = w / input.logoAspect;
    logo = { x: inner.x + (inner.width - w) / 2, y: inner.y, width: w, height: h };
    const gap = inner.height * LOGO_GAP;
    nameBox = { x: inner.x, y: inner.y + h + gap, width: inner.width, height: inner.height - h - gap };
  }
  const { lines, fontSize } = chooseLines(input.name, input.shape, nameBox.width, nameBox.height);
  const block = (lines.reduce((sum, l) => sum + l.top + l.bottom, 0) + LINE_GAP * (lines.length - 1)) * fontSize;
  let y = nameBox.y + (nameBox.height - block) / 2;
  const placed: NameLine[] = [];
  for (const line of lines) {
    const baseline = y + line.top * fontSize;
    const width = line.width * fontSize;
    placed.push({ text: line.text, x: nameBox.x + (nameBox.width - width) / 2, baseline, width });
    y = baseline + (line.bottom + LINE_GAP) * fontSize;
  }
  return { box, logo, lines: placed, fontSize };
}

export function layoutSign(input: LayoutInput): SignLayout {
  const { width, height, size } = input;
  const note = FOOTER_TEXT[size];
  const footer = {
    text: note,
    x: (width - input.shape(note).width * FOOTER_SIZE) / 2,
    baseline: height - FOOTER_BASELINE_FROM_BOTTOM,
    fontSize: FOOTER_SIZE,
  };
  if (size === 'page') {
    // The footer band takes the place of the bottom margin: the name's box ends just above it.
    const box: Box = { x: 0, y: 0, width, height: height - FOOTER_BAND + PAGE_MARGIN / 2 };
    const card = layoutCard(box, PAGE_MARGIN, input);
    return { width, height, size, cards: [card], cutLines: [], footer };
  }
  // Four cards (a quarter sheet each, about A6), cut apart along the dashed lines.
  const gridH = height - FOOTER_BAND;
  const cw = width / 2;
  const ch = gridH / 2;
  const cards: CardLayout[] = [];
  for (const row of [0, 1]) {
    for (const col of [0, 1]) {
      cards.push(layoutCard({ x: col * cw, y: row * ch, width: cw, height: ch }, CARD_MARGIN, input));
    }
  }
  const cutLines: [number, number, number, number][] = [
    [cw, 0, cw, gridH],
    [0, ch, width, ch],
    [0, gridH, width, gridH],
  ];
  return { width, height, size, cards, cutLines, footer };
}
