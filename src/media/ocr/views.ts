import type { OcrTuning } from './tuning.js';
import { tiles, type View } from './geometry.js';
import type { LetterLine, PrintBlock } from './letters.js';
import type { Shake } from './deblur.js';
import type { Skew, Upright } from './regions.js';

/** A sign-like region mapped to the displayed image. */
export interface DisplayedRegion {
  cx: number;
  cy: number;
  long: number;
  short: number;
  angle: number;
  /** The tilt of the text inside it, read from the ink (null when there is too little). */
  skew: Skew | null;
  /** Lines of letters measured on its ink (displayed pixels), tallest first; absent: not measured. */
  letters?: LetterLine[];
  /** Its smallest enclosing rectangle, turned by at most 45 degrees (displayed pixels). */
  upright?: Upright;
  /** The rectangle around its lines of letters, along their tilt (displayed pixels). */
  block?: PrintBlock;
  /** The tilt of the ink inside that block. */
  blockSkew?: Skew | null;
  /** Spread of its ink's edges (displayed pixels, see deblur.ts edgeSpread); absent: not measured. */
  blur?: number;
  /** Bounds of its print, or of the card where none was measured (displayed pixels). */
  printBounds?: [number, number, number, number];
  /** The shakes likely to smear its print (displayed pixels, see deblur.ts shakeOf); absent: not measured. */
  shakes?: Shake[];
}

/** The card's outline as a rectangle whose `along` side the text runs on. */
export interface Outline {
  cx: number;
  cy: number;
  angle: number;
  along: number;
  across: number;
}

/** Least share of its smallest rectangle a patch must fill for that rectangle to be its outline. */
const UPRIGHT_MIN_FILL = 0.75;

/**
 * The tilt of a region's text: the ink's own line angle when it is clear (a card's outline
 * blurs into a grey bench), else the outline's side nearer the horizontal. The outline is the
 * patch's smallest rectangle when the patch fills it (any aspect: a Letter sheet, a sheet on
 * end), else the long axis of an elongated patch; a ragged near-square patch gives none.
 */
export function regionTilt(
  r: Pick<DisplayedRegion, 'cx' | 'cy' | 'long' | 'short' | 'angle' | 'skew' | 'upright'>,
  tuning: Pick<OcrTuning, 'skewMinStrength'>,
): { tilt: number; outline: Outline | null; fromInk: boolean } {
  let outline: Outline | null = null;
  if (r.upright && r.upright.fill >= UPRIGHT_MIN_FILL) {
    const { cx, cy, angle, along, across } = r.upright;
    outline = { cx, cy, angle, along, across };
  } else if (r.long / Math.max(1, r.short) >= 1.25 && Math.abs(r.angle) <= 45) {
    outline = { cx: r.cx, cy: r.cy, angle: r.angle, along: r.long, across: r.short };
  }
  const fromInk = r.skew !== null && r.skew.strength >= tuning.skewMinStrength;
  return { tilt: fromInk ? r.skew!.angle : (outline?.angle ?? 0), outline, fromInk };
}

/** A line (or block) of print found without a card outline, in displayed coordinates. */
export interface DisplayedPrint {
  bounds: [number, number, number, number];
  /** Tilt of its ink (null when there is too little). */
  skew: Skew | null;
  /** Dark print on a light ground (by the length of runs, see darkInkByRuns). */
  inkIsDark: boolean;
  /** Whether the runs said so clearly; unclear print is read both ways (absent: clear). */
  inkClear?: boolean;
  /** Typical height of one line of it, displayed pixels. */
  lineHeight: number;
}

/**
 * Views of print found by its strokes (text-regions.ts): each cluster with a generous margin
 * (a name cut at a crop's edge reads as another word), turned by its ink's own line angle,
 * turned negative when the print is light on dark, scaled so a line of it has a height
 * Tesseract reads well, thresholded. They are read only after the card views found nothing, so
 * a cluster inside a card is read again too: thresholded and cut close, letters on a woven or
 * speckled ground read where the card's grey view gave nothing.
 */
export function printViews(printed: readonly DisplayedPrint[], displayedW: number, displayedH: number, tuning: OcrTuning): View[] {
  const views: View[] = [];
  printed.forEach((p, i) => {
    if (i >= tuning.textRegions) return;
    const [l, t, r, b] = p.bounds;
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
    // Light letters with a dark shadow on a grained ground leave the runs undecided: the other
    // way round too, right after (thresholded the wrong way, the letters are the paper).
    const ways = p.inkClear === false ? [!p.inkIsDark, p.inkIsDark] : [!p.inkIsDark];
    for (const invert of ways) {
      views.push({
        crop: [left, top, right - left, bottom - top],
        scale,
        angle,
        label: `print ${i + 1} ${angle}°${invert ? ' negative' : ''}`,
        binarize: true,
        ...(invert ? { invert } : {}),
      });
    }
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
    let { tilt, outline, fromInk } = regionTilt(r, tuning);
    // Where its letters were found, the view is their block: what there is to read, at the
    // block's own ink tilt, without the wall or bench the card's outline may have run into.
    if (r.block) {
      fromInk = Boolean(r.blockSkew && r.blockSkew.strength >= tuning.skewMinStrength);
      tilt = fromInk ? r.blockSkew!.angle : r.block.angle;
      outline = { cx: r.block.cx, cy: r.block.cy, angle: r.block.angle, along: r.block.along, across: r.block.across };
    }
    const skew = r.block ? r.blockSkew ?? r.skew : r.skew;
    // Cut down to the card (or the block) only when the text runs along its outline.
    const card =
      tuning.regionMargin >= 0 && outline && Math.abs(tilt - outline.angle) <= 6
        ? { cx: outline.cx, cy: outline.cy, long: outline.along, short: outline.across, margin: tuning.regionMargin }
        : undefined;
    const a = ((outline?.angle ?? 0) * Math.PI) / 180;
    const along = outline?.along ?? r.long;
    const across = outline?.across ?? r.short;
    const pad = Math.min(across, r.short) * 0.25;
    const halfW = (Math.abs(along * Math.cos(a)) + Math.abs(across * Math.sin(a))) / 2 + pad;
    const halfH = (Math.abs(along * Math.sin(a)) + Math.abs(across * Math.cos(a))) / 2 + pad;
    const cx = outline?.cx ?? r.cx;
    const cy = outline?.cy ?? r.cy;
    const left = Math.max(0, Math.floor(cx - halfW));
    const top = Math.max(0, Math.floor(cy - halfH));
    const right = Math.min(displayedW, Math.ceil(cx + halfW));
    const bottom = Math.min(displayedH, Math.ceil(cy + halfH));
    if (right - left < 8 || bottom - top < 8) return;
    // The letters' own height where they were measured (a sign's word can fill half the
    // sheet, an envelope's name a twentieth of it); else a card's name line is about a
    // quarter of its height.
    const measured = r.letters?.[0]?.height;
    const cap = measured ?? r.short / 4;
    for (const target of caps) {
      // Never more than viewMaxLong on the long side (memory), never more than 4x (no detail to gain).
      const scale = Math.min(4, target / Math.max(1, cap), tuning.viewMaxLong / Math.max(right - left, bottom - top));
      for (const offset of tuning.regionAngles) {
        const angle = Math.round(-tilt + offset);
        const invert = skew !== null && !skew.inkIsDark;
        views.push({
          crop: [left, top, right - left, bottom - top],
          scale,
          angle,
          label: `region ${i + 1}${r.block ? ' print' : ''} ${angle}°${fromInk ? ` (ink x${skew!.strength.toFixed(1)})` : ''}${card ? ' card' : ''}${invert ? ' negative' : ''} cap ${target}${measured ? ` of ${Math.round(measured)}` : ''}`,
          ...(card ? { card } : {}),
          ...(invert ? { invert } : {}),
        });
      }
    }
  });
  return views;
}

/** Shortest shake (displayed pixels) worth undoing, and smallest letters (px) it is undone for. */
const MIN_SHAKE = 4;
const MIN_SHAKEN_CAP = 12;

/**
 * Views of the blurred regions, restored (deblur.ts): a region whose print's blur is a sizeable
 * part of its letters' height is read once more, scaled so that the blur left is a few pixels
 * (Richardson-Lucy restores that well; Tesseract reads the letters at 16 to 44 px), restored.
 */
export function blurredViews(regions: readonly DisplayedRegion[], displayedW: number, displayedH: number, tuning: OcrTuning): View[] {
  const views: View[] = [];
  regions.forEach((r, i) => {
    const cap = r.letters?.[0]?.height ?? r.short / 4;
    // A shake is undone as the line it is, and read as scattered words: the page layout finds
    // no lines in what a restoration leaves (ghosts of the letters' ends).
    // Not for a smear of a few pixels (Tesseract reads through that), nor for print measured
    // smaller than a readable name (a woven ground's texture, scaled up 4 times: slow, and empty).
    const shakes = cap >= MIN_SHAKEN_CAP ? (r.shakes ?? []).filter((s) => s.length >= Math.max(MIN_SHAKE, tuning.shakeMin * cap)) : [];
    if (shakes.length > 0) {
      for (const target of tuning.shakeCaps) {
        for (const shaken of shakes) {
          const wide = r.block ? { ...r, block: { ...r.block, along: r.block.along + 2 * cap, across: r.block.across + shaken.length } } : r;
          for (const view of regionViews([wide], displayedW, displayedH, tuning, [target])) {
            views.push({
              ...view,
              shake: { length: shaken.length * view.scale, angle: shaken.angle },
              sparse: true,
              label: `${view.label.replace(/^region 1/, `region ${i + 1}`)} shake ${Math.round(shaken.length)}px@${Math.round(shaken.angle)}° sparse`,
            });
          }
        }
      }
      return;
    }
    if (r.blur === undefined) return;
    // The estimate measures a stroke's spread, which is about half the blur's sigma on print.
    const sigma = r.blur * tuning.deblurGain;
    if (sigma < tuning.deblurMin * cap) return;
    const target = Math.round(Math.min(44, Math.max(16, (cap * tuning.deblurSigma) / sigma)));
    // A blurred line's ends fade under the ink's threshold: its block is widened by a letter's
    // height on each side.
    const wide = r.block ? { ...r, block: { ...r.block, along: r.block.along + 2 * cap } } : r;
    for (const view of regionViews([wide], displayedW, displayedH, tuning, [target])) {
      views.push({ ...view, deblur: sigma * view.scale, label: `${view.label.replace(/^region 1/, `region ${i + 1}`)} deblur ${sigma.toFixed(1)}` });
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

