// Longer than most modules: the displayed working copy, the rendering of each view (crop, turn,
// scale, invert, restore) and the order in which views are read for one photo share the same
// working copy and stop as soon as the name is found; split, they would pass it all around.
import sharp from 'sharp';
import type Tesseract from 'tesseract.js';
import { decodeHeic } from '../heic.js';
import { largestText, matchBusinessName, partialMatch, type Box, type OcrWord } from '../name-match.js';
import type { BusinessNameResult, ProbedFile } from '../types.js';
import { cardTrim, toDisplayed, type View } from './geometry.js';
import type { OcrPool } from './pool.js';
import { defaultRegionOptions, estimateSkew, findSignRegions, type SignRegion, type Skew } from './regions.js';
import { overlayEvidence, overlayVerdict, type OverlayEvidence } from './overlay.js';
import type { OcrTuning } from './tuning.js';
import { clearSpeckle } from './speckle.js';
import { binarize, defaultTextRegionOptions, findTextRegions, inkByRuns } from './text-regions.js';
import { edgeSpread, restore, restoreShake, shakeOf } from './deblur.js';
import { measureLetters, printBlock } from './letters.js';
import { blurredViews, planViews, printViews, regionTilt, regionViews, type DisplayedPrint, type DisplayedRegion } from './views.js';

/** The greyscale working copy of one displayed image (EXIF orientation applied). */
interface Base {
  data: Buffer;
  width: number;
  height: number;
  /** Displayed size of the original (the coordinate system of reported boxes). */
  displayedW: number;
  displayedH: number;
  /** The last scaled crop (rotations of one crop reuse it). */
  cache: Map<string, { data: Buffer; info: sharp.OutputInfo }>;
  /** Sign-like regions found on a small colour copy, in displayed coordinates. */
  regions: DisplayedRegion[];
}

/**
 * Lines of print found without a card outline (text-regions.ts), in displayed coordinates.
 * Looked for only when the card views did not find the name (most photos never need it).
 */
async function findPrint(base: Base, tuning: OcrTuning): Promise<DisplayedPrint[]> {
  const printed: DisplayedPrint[] = [];
  if (tuning.textRegions > 0) {
    // Print is looked for at two sizes of the working copy: small print on the larger, big
    // letters (whose strokes are far apart) on the smaller.
    const found: (DisplayedPrint & { score: number })[] = [];
    for (const long of [tuning.textMapLong, tuning.textMapLong / 2]) {
      const s = Math.min(1, long / Math.max(base.width, base.height));
      const small = await sharp(base.data, { raw: { width: base.width, height: base.height, channels: 1 } })
        .resize(Math.max(1, Math.round(base.width * s)), Math.max(1, Math.round(base.height * s)))
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const toDisplayed = base.displayedW / small.info.width;
      const toBase = base.width / small.info.width;
      for (const region of findTextRegions(small.data, small.info.width, small.info.height, { ...defaultTextRegionOptions, max: tuning.textRegions })) {
        const [l, t, r, b] = region.bounds;
        const skew = estimateSkew(base.data, base.width, base.height, {
          cx: ((l + r) / 2) * toBase,
          cy: ((t + b) / 2) * toBase,
          long: ((r - l) * toBase) / 0.85,
          short: ((b - t) * toBase) / 0.8,
          angle: 0,
        });
        const ink = inkByRuns(base.data, base.width, [l * toBase, t * toBase, r * toBase, b * toBase]);
        // Per unit of displayed area, so the two sizes compare.
        found.push({
          bounds: [l * toDisplayed, t * toDisplayed, r * toDisplayed, b * toDisplayed],
          skew,
          inkIsDark: ink.dark,
          inkClear: ink.clear,
          lineHeight: region.lineHeight * toDisplayed,
          score: region.score * toDisplayed * toDisplayed,
        });
      }
    }
    found.sort((a, b) => b.score - a.score);
    for (const candidate of found) {
      if (printed.length >= tuning.textRegions) break;
      if (printed.some((p) => overlapShare(p.bounds, candidate.bounds) > 0.5)) continue;
      const { score: _score, ...print } = candidate;
      printed.push(print);
    }
  }
  return printed;
}

/** Intersection over the smaller box's area. */
function overlapShare(a: [number, number, number, number], b: [number, number, number, number]): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const area = (x: [number, number, number, number]) => (x[2] - x[0]) * (x[3] - x[1]);
  return (w * h) / Math.min(area(a), area(b));
}

export async function loadBase(file: ProbedFile | { absPath: string; format: string }, tuning: OcrTuning): Promise<Base> {
  let input: sharp.Sharp;
  if (file.format === 'heic') {
    const heic = await decodeHeic(file.absPath);
    input = sharp(heic.data, { raw: { width: heic.width, height: heic.height, channels: 4 } });
  } else {
    // rotate() with no angle applies the EXIF orientation: boxes are in displayed coordinates.
    input = sharp(file.absPath, { failOn: 'none', limitInputPixels: 120_000_000 }).rotate();
  }
  const meta = await input.metadata();
  const sideways = (meta.orientation ?? 1) >= 5;
  const displayedW = (sideways ? meta.height : meta.width) ?? 0;
  const displayedH = (sideways ? meta.width : meta.height) ?? 0;
  // sharp's setters change the instance: every output starts from its own clone.
  const grey = await input
    .clone()
    .resize(tuning.baseLong, tuning.baseLong, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { data, info } = grey;
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  let regions: DisplayedRegion[] = [];
  if (tuning.regions > 0) {
    const map = await input
      .clone()
      .resize(tuning.regionMapLong, tuning.regionMapLong, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const k = (displayedW || info.width) / map.info.width;
    // The text's tilt is read on the greyscale working copy, inside each region's bounds.
    const g = info.width / (displayedW || info.width);
    regions = findSignRegions(map.data, map.info.width, map.info.height, map.info.channels, {
      ...defaultRegionOptions,
      max: tuning.regions,
    }).map((r: SignRegion) => {
      const onGrey = { cx: r.cx * k * g, cy: r.cy * k * g, long: r.long * k * g, short: r.short * k * g, angle: r.angle };
      const region: DisplayedRegion = {
        cx: r.cx * k,
        cy: r.cy * k,
        long: r.long * k,
        short: r.short * k,
        angle: r.angle,
        skew: estimateSkew(data, info.width, info.height, onGrey),
        upright: { ...r.upright, cx: r.upright.cx * k, cy: r.upright.cy * k, along: r.upright.along * k, across: r.upright.across * k },
      };
      // The letters are measured along the text's own tilt, on the card's outline, in the
      // working copy's pixels; their block is then read on its own, turned by the tilt of its
      // own ink (the card's may be dominated by a wall's edge it touches), measured again if
      // that turned out different.
      const { tilt, outline } = regionTilt(region, tuning);
      const rect = outline ? { cx: outline.cx * g, cy: outline.cy * g, long: outline.along * g, short: outline.across * g, angle: outline.angle } : onGrey;
      const dark = region.skew?.inkIsDark ?? null;
      let angle = tilt;
      let lines = measureLetters(data, info.width, info.height, rect, angle, dark);
      let block = printBlock(lines, rect, angle);
      let blockSkew: Skew | null = null;
      for (let round = 0; block && round < 2; round++) {
        blockSkew = estimateSkew(data, info.width, info.height, { cx: block.cx, cy: block.cy, long: block.along, short: block.across, angle: block.angle });
        if (!blockSkew || blockSkew.strength < tuning.skewMinStrength || Math.abs(blockSkew.angle - angle) <= 3) break;
        angle = blockSkew.angle;
        lines = measureLetters(data, info.width, info.height, rect, angle, dark);
        block = printBlock(lines, rect, angle);
      }
      region.letters = lines.map((line) => ({ ...line, height: line.height / g, offset: line.offset / g, length: line.length / g, centre: line.centre / g }));
      if (block) {
        region.block = { cx: block.cx / g, cy: block.cy / g, along: block.along / g, across: block.across / g, angle: block.angle };
        region.blockSkew = blockSkew;
      }
      // How blurred its print is (an out-of-focus or shaken photo), over the print or the card.
      const around = block ? { cx: block.cx, cy: block.cy, long: block.along, short: block.across, angle: block.angle } : rect;
      const spread = edgeSpread(data, info.width, info.height, boundsOf(around));
      if (spread !== null) region.blur = spread / g;
      // Where a shake would show (measured later, only if the first views read nothing).
      region.printBounds = boundsOf(around).map((v) => v / g) as [number, number, number, number];
      return region;
    });
  }
  return {
    data,
    width: info.width,
    height: info.height,
    displayedW: displayedW || info.width,
    displayedH: displayedH || info.height,
    cache: new Map(),
    regions,
  };
}

/**
 * Contrast stretch in place: the 1st..99th percentile of the view becomes 0..255, so a dim
 * card in a dark corner gets the same black/white separation as one in the light.
 */
function stretch(pixels: Buffer, channels: number): void {
  const histogram = new Array<number>(256).fill(0);
  const count = pixels.length / channels;
  for (let i = 0; i < pixels.length; i += channels) histogram[pixels[i]!]!++;
  const percentile = (p: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= p * count) return v;
    }
    return 255;
  };
  const low = percentile(0.01);
  const high = percentile(0.99);
  if (high - low < 8) return;
  const k = 255 / (high - low);
  for (let i = 0; i < pixels.length; i++) {
    const v = (pixels[i]! - low) * k;
    pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/** The upright bounds [left, top, right, bottom] of a turned rectangle. */
function boundsOf(r: { cx: number; cy: number; long: number; short: number; angle: number }): [number, number, number, number] {
  const a = (r.angle * Math.PI) / 180;
  const halfW = (Math.abs(r.long * Math.cos(a)) + Math.abs(r.short * Math.sin(a))) / 2;
  const halfH = (Math.abs(r.long * Math.sin(a)) + Math.abs(r.short * Math.cos(a))) / 2;
  return [r.cx - halfW, r.cy - halfH, r.cx + halfW, r.cy + halfH];
}

/** Pixels of one view as a binary PGM (Leptonica reads it without any decoding cost). */
async function renderView(
  base: Base,
  view: View,
  tuning: OcrTuning,
): Promise<{ pgm: Buffer; viewW: number; viewH: number; rotW: number; rotH: number; offset: [number, number] }> {
  // Crop is in displayed coordinates; the base may be smaller than the displayed image.
  const k = base.width / base.displayedW;
  const left = Math.max(0, Math.floor(view.crop[0] * k));
  const top = Math.max(0, Math.floor(view.crop[1] * k));
  const width = Math.min(base.width - left, Math.max(1, Math.round(view.crop[2] * k)));
  const height = Math.min(base.height - top, Math.max(1, Math.round(view.crop[3] * k)));
  const viewW = Math.max(1, Math.round(view.crop[2] * view.scale));
  const viewH = Math.max(1, Math.round(view.crop[3] * view.scale));
  // Rotations of one crop share its scaled pixels (not its two polarities).
  const key = `${left},${top},${width},${height},${viewW},${viewH},${view.deblur ?? 0},${view.shake ? `${view.shake.length}@${view.shake.angle}` : 0},${view.invert ? 1 : 0}`;
  let scaled = base.cache.get(key);
  if (!scaled) {
    let cut = sharp(base.data, { raw: { width: base.width, height: base.height, channels: 1 } })
      .extract({ left, top, width, height })
      .resize(viewW, viewH, { fit: 'fill', kernel: 'lanczos3' });
    // Despeckle, then local contrast (a card in a shadowed corner gets the same black/white
    // separation as one in the light). Done per crop and shared by its rotations: CLAHE is the
    // costly step of a pass.
    if (tuning.denoise === 'median3') cut = cut.median(3);
    if (tuning.denoise === 'blur') cut = cut.blur(0.8);
    if (view.deblur) {
      const blurred = await cut.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      restore(blurred.data, blurred.info.width, blurred.info.height, view.deblur, undefined, !view.invert);
      cut = sharp(blurred.data, { raw: { width: blurred.info.width, height: blurred.info.height, channels: 1 } });
    }
    if (view.shake) {
      const shaken = await cut.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      restoreShake(shaken.data, shaken.info.width, shaken.info.height, view.shake, undefined, !view.invert);
      cut = sharp(shaken.data, { raw: { width: shaken.info.width, height: shaken.info.height, channels: 1 } });
    }
    if (tuning.contrast === 'clahe') cut = cut.clahe({ width: 48, height: 48, maxSlope: 3 });
    if (view.invert) cut = cut.negate({ alpha: false });
    scaled = await cut.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    if (tuning.contrast === 'stretch') stretch(scaled.data, scaled.info.channels);
    base.cache.clear();
    base.cache.set(key, scaled);
  }
  let pixels = scaled.data;
  let rotW = scaled.info.width;
  let rotH = scaled.info.height;
  let channels = scaled.info.channels;
  if (view.angle !== 0) {
    // Fill the corners with the view's mean grey: white or black corners read as text blocks.
    let sum = 0;
    for (let i = 0; i < pixels.length; i += channels) sum += pixels[i]!;
    const mean = Math.round(sum / (pixels.length / channels));
    const rotated = await sharp(pixels, { raw: { width: rotW, height: rotH, channels: channels as 1 } })
      .rotate(view.angle, { background: { r: mean, g: mean, b: mean } })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = rotated.data;
    rotW = rotated.info.width;
    rotH = rotated.info.height;
    channels = rotated.info.channels;
  }
  if (channels !== 1) {
    const grey = Buffer.alloc(rotW * rotH);
    for (let i = 0; i < grey.length; i++) grey[i] = pixels[i * channels]!;
    pixels = grey;
  }
  // A straightened card: keep only the card and its margin (rows copied out of the rotated view).
  const trim = cardTrim(view, scaled.info.width, scaled.info.height, rotW, rotH);
  let offset: [number, number] = [0, 0];
  let outW = rotW;
  let outH = rotH;
  if (trim) {
    const [left, top, width, height] = trim;
    const cut = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) pixels.copy(cut, y * width, (top + y) * rotW + left, (top + y) * rotW + left + width);
    pixels = cut;
    offset = [left, top];
    outW = width;
    outH = height;
  }
  if (view.binarize) {
    if (pixels === scaled.data) pixels = Buffer.from(pixels);
    binarize(pixels, outW, outH, Math.max(15, Math.round(tuning.textCap * 2.2)));
    if (tuning.despeckle) clearSpeckle(pixels, outW, outH, tuning.textCap);
  }
  const header = Buffer.from(`P5\n${outW} ${outH}\n255\n`, 'ascii');
  return { pgm: Buffer.concat([header, pixels]), viewW: scaled.info.width, viewH: scaled.info.height, rotW, rotH, offset };
}

/** Words with boxes from tesseract's block tree. */
export function wordsOf(page: Tesseract.Page): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          if (!word.text.trim()) continue;
          words.push({ text: word.text, box: [word.bbox.x0, word.bbox.y0, word.bbox.x1, word.bbox.y1], confidence: word.confidence });
        }
      }
    }
  }
  return words;
}

/** Called after every OCR pass (bench: passes per photo, what each pass read). */
export type PassListener = (file: ProbedFile, view: View, found: boolean, timing: { renderMs: number; ocrMs: number }, read: string) => void;

/** What the bench watches: every pass, and the overlay measurements of every find. */
export interface ReadHooks {
  onPass?: PassListener;
  onEvidence?: (file: ProbedFile, evidence: OverlayEvidence) => void;
}

/**
 * A view around a piece of the name read in `view`: as wide as the whole name would be (and
 * then some) on both sides, three lines tall, same turn and treatment. Same size, unless the
 * piece was read in letters under half of `lineTarget` pixels (a whole-photo view): the rest of
 * the name is usually what was too small to read there, so its line is brought up to that.
 * `lineInView`: the piece's height in the view's own pixels.
 */
export function aroundPiece(
  box: Box,
  share: number,
  view: View,
  displayedW: number,
  displayedH: number,
  maxLong: number,
  lineInView = Infinity,
  lineTarget = 0,
): View {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const halfW = (w / Math.max(0.3, share)) * 0.8 + h;
  const halfH = h * 2;
  const left = Math.max(0, Math.floor(cx - halfW));
  const top = Math.max(0, Math.floor(cy - halfH));
  const right = Math.min(displayedW, Math.ceil(cx + halfW));
  const bottom = Math.min(displayedH, Math.ceil(cy + halfH));
  // Only letters under half the target: a view already at a reading size is read at that size.
  const larger = lineInView < lineTarget / 2 ? Math.min(4, lineTarget / Math.max(1, lineInView)) : 1;
  const scale = Math.min(view.scale * larger, maxLong / Math.max(1, right - left, bottom - top));
  const { card: _card, ...rest } = view;
  return { ...rest, crop: [left, top, right - left, bottom - top], scale, label: `around ${view.label}` };
}

/**
 * The shake of each region's print (deblur.ts shakeOf), measured with letters about 48 px tall
 * (a smear of a sixth of a letter still spans 8 samples), on at most ~200k samples, up to a
 * letter's height and a bit: longer, nobody reads the name either. Only once the first views
 * found nothing: on a wood bench's grain (one direction, like a shake) it costs ~0.1 s a region.
 */
function measureShakes(base: Base): void {
  const g = base.width / base.displayedW;
  for (const region of base.regions) {
    if (!region.printBounds || region.shakes) continue;
    const bounds = region.printBounds.map((v) => v * g) as [number, number, number, number];
    const cap = (region.letters?.[0]?.height ?? region.short / 4) * g;
    const area = (bounds[2] - bounds[0]) * (bounds[3] - bounds[1]);
    const shakes = shakeOf(base.data, base.width, base.height, bounds, Math.max(cap / 48, Math.sqrt(area / 200_000)), cap * 1.2);
    region.shakes = shakes.map((one) => ({ length: one.length / g, angle: one.angle }));
  }
}

/** The overlay measurements (overlay.ts) of a box in displayed pixels, taken on the working copy. */
function overlayEvidenceAt(base: Base, box: Box): OverlayEvidence {
  const k = base.width / base.displayedW;
  return overlayEvidence(base.data, base.width, base.height, [box[0] * k, box[1] * k, box[2] * k, box[3] * k]);
}

export interface ImageOutcome {
  result: BusinessNameResult;
  /** Tallest legible text seen, in displayed pixels (for the "not found" reason). */
  largest: { text: string; height: number } | null;
  /** Part of the name read (a doubtful miss), when the whole name was not. */
  partial: string | null;
}

export async function readImage(
  pool: OcrPool,
  file: ProbedFile,
  source: { absPath: string; format: string },
  name: string,
  tuning: OcrTuning,
  hooks: ReadHooks,
): Promise<ImageOutcome> {
  const { onPass } = hooks;
  const base = await loadBase(source, tuning);
  let largest: ImageOutcome['largest'] = null;
  let partial: { text: string; box: Box } | null = null;
  // Cheapest and likeliest first: each card at its first size, each line of print, then the
  // cards at their other sizes, then the whole photo.
  const [firstCap, ...otherCaps] = tuning.regionCaps;
  const plan = regionViews(base.regions, base.displayedW, base.displayedH, tuning, firstCap === undefined ? [] : [firstCap]);
  const firstViews = plan.slice();
  let rest = false;
  let followUps = 0;
  for (let index = 0; index < plan.length || !rest; index++) {
    if (index >= plan.length) {
      // The card views did not find it: now look for print, then the whole photo.
      rest = true;
      const prints = printViews(await findPrint(base, tuning), base.displayedW, base.displayedH, tuning);
      // The same crops once more as scattered words, for a layout that joined a logo and a name.
      const sparse = tuning.sparse ? [...firstViews, ...prints].map((v) => ({ ...v, sparse: true, label: `${v.label} sparse` })) : [];
      measureShakes(base);
      plan.push(
        ...blurredViews(base.regions, base.displayedW, base.displayedH, tuning),
        ...prints,
        ...sparse,
        ...regionViews(base.regions, base.displayedW, base.displayedH, tuning, otherCaps),
        ...planViews(base.displayedW, base.displayedH, tuning),
      );
      if (index >= plan.length) break;
    }
    const view = plan[index]!;
    const t0 = performance.now();
    const rendered = await renderView(base, view, tuning);
    if (process.env.APPEAL_OCR_DUMP) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${process.env.APPEAL_OCR_DUMP}/${file.file}-${view.label.replace(/[^a-z0-9-]+/gi, '_')}.pgm`, rendered.pgm);
    }
    const t1 = performance.now();
    const page = await pool.read(rendered.pgm, { sparse: view.sparse });
    const timing = { renderMs: t1 - t0, ocrMs: performance.now() - t1 };
    const words = wordsOf(page.data);
    const match = matchBusinessName(name, words);
    onPass?.(file, view, match !== null, timing, words.map((w) => w.text).join(' '));
    const [ox, oy] = rendered.offset;
    const map = (box: Box) =>
      toDisplayed([box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy], view, rendered.viewW, rendered.viewH, rendered.rotW, rendered.rotH, base.displayedW, base.displayedH);
    if (match) {
      const box = map(match.box);
      const evidence = overlayEvidenceAt(base, box);
      hooks.onEvidence?.(file, evidence);
      const verdict = overlayVerdict(evidence);
      if (verdict.overlay) {
        return { result: { found: false, text: match.text, box, overlay: true, overlayReason: verdict.reason }, largest, partial: null };
      }
      return { result: { found: true, text: match.text, box }, largest, partial: null };
    }
    const piece = partialMatch(name, words);
    if (piece && (!partial || piece.text.length > partial.text.length)) partial = { text: piece.text, box: map(piece.box) };
    // Part of the name read: the rest is usually just past the crop's edge, or on the line
    // above or below. Read the same place again, widened around the piece, right away.
    if (piece && followUps < 2 && !view.label.startsWith('around')) {
      followUps++;
      plan.splice(index + 1, 0, aroundPiece(map(piece.box), piece.share, view, base.displayedW, base.displayedH, tuning.viewMaxLong, piece.box[3] - piece.box[1], tuning.textCap));
    }
    const big = largestText(words);
    if (big) {
      const candidate = { text: big.text, height: big.height / view.scale };
      // Same size within 15%: keep the longer reading (a tile border may cut a word).
      const better =
        !largest ||
        candidate.height > largest.height * 1.15 ||
        (candidate.height >= largest.height / 1.15 && candidate.text.length > largest.text.length);
      if (better) largest = candidate;
    }
  }
  if (partial) {
    // Part of the name, read in letters added onto the photo afterwards, is an overlay too:
    // the seller is told what is wrong with it, not just to check whether a person reads it.
    const { box } = partial;
    const verdict = overlayVerdict(overlayEvidenceAt(base, box));
    if (verdict.overlay) return { result: { found: false, text: partial.text, box, overlay: true, overlayReason: verdict.reason }, largest, partial: null };
  }
  const text = partial?.text ?? null;
  return { result: { found: false, text: null, box: null, ...(text ? { partial: text } : {}) }, largest, partial: text };
}

