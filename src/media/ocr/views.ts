import type { OcrTuning } from './tuning.js';
import { tiles, type View } from './geometry.js';
import type { Skew } from './regions.js';

/** A sign-like region mapped to the displayed image. */
export interface DisplayedRegion {
  cx: number;
  cy: number;
  long: number;
  short: number;
  angle: number;
  /** The tilt of the text inside it, read from the ink (null when there is too little). */
  skew: Skew | null;
}

/** A line (or block) of print found without a card outline, in displayed coordinates. */
export interface DisplayedPrint {
  bounds: [number, number, number, number];
  /** Tilt of its ink (null when there is too little). */
  skew: Skew | null;
  /** Dark print on a light ground (by the length of runs, see darkInkByRuns). */
  inkIsDark: boolean;
  /** Typical height of one line of it, displayed pixels. */
  lineHeight: number;
}

/**
 * Views of print found by its strokes (text-regions.ts): each cluster with a generous margin
 * (a name cut at a crop's edge reads as another word), turned by its ink's own line angle,
 * turned negative when the print is light on dark, scaled so a line of it has a height
 * Tesseract reads well. Clusters that a card view already covers are left out.
 */
export function printViews(
  printed: readonly DisplayedPrint[],
  cards: readonly DisplayedRegion[],
  displayedW: number,
  displayedH: number,
  tuning: OcrTuning,
): View[] {
  const views: View[] = [];
  printed.forEach((p, i) => {
    if (i >= tuning.textRegions) return;
    const [l, t, r, b] = p.bounds;
    const cx = (l + r) / 2;
    const cy = (t + b) / 2;
    const inCard = cards.some((c) => Math.abs(cx - c.cx) < c.long / 2 && Math.abs(cy - c.cy) < c.long / 2 && r - l < c.long * 1.2);
    if (inCard) return;
    const h = b - t;
    // Generous sideways: a name cut at the crop's edge reads as another word.
    const marginX = p.lineHeight * 2 + (r - l) * 0.15;
    const marginY = p.lineHeight;
    const left = Math.max(0, Math.floor(l - marginX));
    const top = Math.max(0, Math.floor(t - marginY));
    const right = Math.min(displayedW, Math.ceil(r + marginX));
    const bottom = Math.min(displayedH, Math.ceil(b + marginY));
    if (right - left < 8 || bottom - top < 8) return;
    const fromInk = p.skew !== null && p.skew.strength >= tuning.skewMinStrength;
    const angle = fromInk ? Math.round(-p.skew!.angle) : 0;
    // A line of print is found about one and a half capitals tall (block-quantised).
    const cap = Math.max(p.lineHeight / 1.6, Math.min(h, p.lineHeight) * 0.4);
    const scale = Math.min(4, tuning.textCap / Math.max(1, cap), tuning.viewMaxLong / Math.max(right - left, bottom - top));
    const invert = !p.inkIsDark;
    views.push({
      crop: [left, top, right - left, bottom - top],
      scale,
      angle,
      label: `print ${i + 1} ${angle}°${invert ? ' negative' : ''}`,
      binarize: true,
      ...(invert ? { invert } : {}),
    });
  });
  return views;
}

/**
 * Views of the sign-like regions: each crop (with a margin for text that overhangs the card)
 * scaled so the name's guessed cap height becomes `regionCapPx`, rotated to undo the card's
 * tilt. A card's name line is about a quarter to a third of its height.
 */
export function regionViews(
  regions: readonly DisplayedRegion[],
  displayedW: number,
  displayedH: number,
  tuning: OcrTuning,
  caps: readonly number[] = tuning.regionCaps,
): View[] {
  const views: View[] = [];
  regions.forEach((r, i) => {
    // The card's outline: text runs along its long side; near-square cards give no usable axis.
    const outline = r.long / Math.max(1, r.short) >= 1.25 && Math.abs(r.angle) <= 45 ? r.angle : 0;
    // The ink's own line angle wins when it is clear: a card's outline blurs into a grey bench.
    const fromInk = r.skew !== null && r.skew.strength >= tuning.skewMinStrength;
    const tilt = fromInk ? r.skew!.angle : outline;
    // Cut down to the card only when the text runs along the outline's long side.
    const card =
      tuning.regionMargin >= 0 && outline !== 0 && Math.abs(tilt - outline) <= 6
        ? { cx: r.cx, cy: r.cy, long: r.long, short: r.short, margin: tuning.regionMargin }
        : undefined;
    const a = (outline * Math.PI) / 180;
    const halfW = (Math.abs(r.long * Math.cos(a)) + Math.abs(r.short * Math.sin(a))) / 2 + r.short * 0.25;
    const halfH = (Math.abs(r.long * Math.sin(a)) + Math.abs(r.short * Math.cos(a))) / 2 + r.short * 0.25;
    const left = Math.max(0, Math.floor(r.cx - halfW));
    const top = Math.max(0, Math.floor(r.cy - halfH));
    const right = Math.min(displayedW, Math.ceil(r.cx + halfW));
    const bottom = Math.min(displayedH, Math.ceil(r.cy + halfH));
    if (right - left < 8 || bottom - top < 8) return;
    const cap = r.short / 4;
    for (const target of caps) {
      // Never more than viewMaxLong on the long side (memory), never more than 4x (no detail to gain).
      const scale = Math.min(4, target / Math.max(1, cap), tuning.viewMaxLong / Math.max(right - left, bottom - top));
      for (const offset of tuning.regionAngles) {
        const angle = Math.round(-tilt + offset);
        const invert = r.skew !== null && !r.skew.inkIsDark;
        views.push({
          crop: [left, top, right - left, bottom - top],
          scale,
          angle,
          label: `region ${i + 1} ${angle}°${fromInk ? ` (ink x${r.skew!.strength.toFixed(1)})` : ''}${card ? ' card' : ''}${invert ? ' negative' : ''} cap ${target}`,
          ...(card ? { card } : {}),
          ...(invert ? { invert } : {}),
        });
      }
    }
  });
  return views;
}

/** The views to try on an image, in order: whole photo at each angle, then tiles. */
export function planViews(displayedW: number, displayedH: number, tuning: OcrTuning): View[] {
  const views: View[] = [];
  const long = Math.max(displayedW, displayedH);
  const fullScale = Math.min(1, tuning.fullLong / long);
  const rotatedScale = Math.min(1, tuning.rotatedLong / long);
  for (const angle of tuning.angles) {
    const scale = angle === 0 ? fullScale : rotatedScale;
    views.push({ crop: [0, 0, displayedW, displayedH], scale, angle, label: `full ${angle}°` });
  }
  if (tuning.tileGrid > 1) {
    const grid = tiles(displayedW, displayedH, tuning.tileGrid, tuning.tileOverlap);
    // Tiles are only worth it when they show the photo larger than the whole view did.
    const tileScale = Math.min(1.5, tuning.tileLong / Math.max(grid[0]![2], grid[0]![3]));
    if (tileScale > fullScale * 1.2) {
      for (const angle of tuning.tileAngles) {
        grid.forEach((crop, i) => views.push({ crop, scale: tileScale, angle, label: `tile ${i + 1}/${grid.length} ${angle}°` }));
      }
    }
  }
  return views;
}

