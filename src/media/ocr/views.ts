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

/**
 * Views of the sign-like regions: each crop (with a margin for text that overhangs the card)
 * scaled so the name's guessed cap height becomes `regionCapPx`, rotated to undo the card's
 * tilt. A card's name line is about a quarter to a third of its height.
 */
export function regionViews(regions: readonly DisplayedRegion[], displayedW: number, displayedH: number, tuning: OcrTuning): View[] {
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
    for (const target of tuning.regionCaps) {
      // Never more than ~2400 px on the long side (cost), never more than 4x (no detail to gain).
      const scale = Math.min(4, target / Math.max(1, cap), 2400 / Math.max(right - left, bottom - top));
      for (const offset of tuning.regionAngles) {
        const angle = Math.round(-tilt + offset);
        views.push({
          crop: [left, top, right - left, bottom - top],
          scale,
          angle,
          label: `region ${i + 1} ${angle}°${fromInk ? ` (ink x${r.skew!.strength.toFixed(1)})` : ''}${card ? ' card' : ''} cap ${target}`,
          ...(card ? { card } : {}),
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

