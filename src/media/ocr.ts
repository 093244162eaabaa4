import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type Tesseract from 'tesseract.js';
import { runFfmpeg } from './ffmpeg.js';
import { decodeHeic } from './heic.js';
import { largestText, matchBusinessName, type Box, type OcrWord } from './name-match.js';
import { cardTrim, tiles, toDisplayed, type View } from './ocr/geometry.js';
import { defaultRegionOptions, estimateSkew, findSignRegions, type SignRegion, type Skew } from './ocr/regions.js';
import { AbortedError, OcrPool, poolSize, type OcrWorker } from './ocr/pool.js';
import type { BusinessNameResult, ProbedFile } from './types.js';

export { tessdataPath, workerOptions } from './ocr/pool.js';

export interface OcrOptions {
  /** Called after each file is done (for a progress line). */
  onProgress?: (done: number, total: number, file: ProbedFile) => void;
  signal?: AbortSignal;
  /** Overrides of the pass plan (bench and tests); the defaults are the tuned ones. */
  tuning?: Partial<OcrTuning>;
  /** Cap on tesseract workers (default: one per core, at most 4). */
  maxWorkers?: number;
  /** Called after every OCR pass (bench: passes per photo). */
  onPass?: (file: ProbedFile, view: View, found: boolean, timing: { renderMs: number; ocrMs: number }, read: string) => void;
}

/**
 * The pass plan. Signs in real photos are tilted and often small: Tesseract's own deskew gives
 * up after a few degrees, and text under ~15 px tall is lost. So sign-like regions (paper cards,
 * found on a small colour copy, see ocr/regions.ts) are read first, each cropped at full
 * resolution, scaled to a legible text height and deskewed by the card's own tilt: one small
 * pass usually finds the name. Then, for signs the region search missed, the photo is read as a
 * whole at several rotations and in overlapping tiles (each tile is seen larger), stopping as
 * soon as the name is found. Negatives (no name) pay for every pass; the plan is sized for that.
 */
export interface OcrTuning {
  /** Tesseract page segmentation mode: 11 = sparse text (signs), 3 = automatic, 6 = one block. */
  psm: string;
  /** Long edge of the greyscale working copy everything is cut from. */
  baseLong: number;
  /** Long edge of the whole-photo view read straight. */
  fullLong: number;
  /** Long edge of the rotated whole-photo views (smaller: big tilted signs, cheaper passes). */
  rotatedLong: number;
  /** Rotations (degrees, clockwise) tried on the whole photo, in order. */
  angles: number[];
  /** Tile grid (2 = 2 x 2); 0 or 1 = no tiles. */
  tileGrid: number;
  /** Extra width of each tile, as a fraction of its share. */
  tileOverlap: number;
  /** Long edge each tile is scaled to. */
  tileLong: number;
  /** Rotations tried on each tile. */
  tileAngles: number[];
  /** Contrast step on each view: a global percentile stretch, or CLAHE (local: uneven light). */
  contrast: 'stretch' | 'clahe' | 'none';
  /** Noise removal on each view before OCR (speckle makes Tesseract slow and confused). */
  denoise: 'median3' | 'blur' | 'none';
  /** Video frames read, as fractions of the duration. */
  frames: number[];
  /** Sign-like regions read first, each as its own deskewed crop (0 = no region search). */
  regions: number;
  /** Long edge of the colour map the regions are searched on. */
  regionMapLong: number;
  /**
   * Cap heights (px) the name is scaled to in a region crop, guessed from the card's height,
   * tried in order (Tesseract's reading of one crop swings with scale; a second size rescues it).
   */
  regionCaps: number[];
  /** Rotations tried on each region crop, relative to the card's own tilt. */
  regionAngles: number[];
  /**
   * Margin around a straightened card, as a fraction of its short side, when its view is cut
   * down to the card alone; a negative value keeps the whole crop (bench around the card too).
   */
  regionMargin: number;
  /** Least sharpness of the ink's line profile (see estimateSkew) for its angle to be used. */
  skewMinStrength: number;
}

/**
 * Measured on the bench's tuning split (bench/ocr.js). Latest: cutting each straightened card
 * out of its view (layout analysis read a card's second line but dropped a name crossed by a
 * shadow's edge) and turning by the ink's own line angle (a card on a grey bench gave a blurred
 * outline 30 degrees off) took recall from 93.3% to 96.7% at 2.4 s/photo on a quiet machine; the
 * held-out split, run once afterwards: 96.7%, no false finds, 2.2 s/photo.
 * Before that: region crops first lifted recall from 83%
 * to 93% and cut a photo from 5.0 to 3.1 s (2 workers, loaded machine): five of the six former
 * misses (34-47 px text tilted 7-20 degrees under uneven light) are read by the first region
 * pass; reading a crop at a second size rescued another. With the regions doing the fine work,
 * the whole-photo fallback runs at 1400 px and 10-degree steps (was 1600 px, 8-degree steps).
 * Earlier findings: PSM 3 beat PSM 11 (sparse text read
 * nothing at all on signs over a textured bench); CLAHE beat a global stretch and a
 * divide-by-blurred-background "flattening" (57% recall vs 83%); doing the CLAHE once per crop
 * (shared by its rotations) instead of per pass cut a negative photo from ~18 to ~6 s of CPU.
 */
export const defaultTuning: OcrTuning = {
  psm: '3',
  baseLong: 2800,
  fullLong: 1400,
  rotatedLong: 1400,
  angles: [0, -10, 10, -20, 20],
  tileGrid: 2,
  tileOverlap: 0.25,
  tileLong: 1400,
  tileAngles: [0],
  contrast: 'clahe',
  denoise: 'median3',
  frames: [0.1, 0.5, 0.9],
  regions: 3,
  regionMapLong: 480,
  regionCaps: [44, 32],
  regionAngles: [0],
  regionMargin: 0.12,
  skewMinStrength: 1.3,
};

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

async function loadBase(file: ProbedFile | { absPath: string; format: string }, tuning: OcrTuning): Promise<Base> {
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
    }).map((r: SignRegion) => ({
      cx: r.cx * k,
      cy: r.cy * k,
      long: r.long * k,
      short: r.short * k,
      angle: r.angle,
      skew: estimateSkew(data, info.width, info.height, {
        cx: r.cx * k * g,
        cy: r.cy * k * g,
        long: r.long * k * g,
        short: r.short * k * g,
        angle: r.angle,
      }),
    }));
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
  // Rotations of one crop share its scaled pixels.
  const key = `${left},${top},${width},${height},${viewW},${viewH}`;
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
    if (tuning.contrast === 'clahe') cut = cut.clahe({ width: 48, height: 48, maxSlope: 3 });
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
  const header = Buffer.from(`P5\n${outW} ${outH}\n255\n`, 'ascii');
  return { pgm: Buffer.concat([header, pixels]), viewW: scaled.info.width, viewH: scaled.info.height, rotW, rotH, offset };
}

/** Words with boxes from tesseract's block tree. */
function wordsOf(page: Tesseract.Page): OcrWord[] {
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

interface ImageOutcome {
  result: BusinessNameResult;
  /** Tallest legible text seen, in displayed pixels (for the "not found" reason). */
  largest: { text: string; height: number } | null;
}

async function readImage(
  pool: OcrPool,
  file: ProbedFile,
  source: { absPath: string; format: string },
  name: string,
  tuning: OcrTuning,
  onPass: OcrOptions['onPass'],
): Promise<ImageOutcome> {
  const base = await loadBase(source, tuning);
  let largest: ImageOutcome['largest'] = null;
  const plan = [
    ...regionViews(base.regions, base.displayedW, base.displayedH, tuning),
    ...planViews(base.displayedW, base.displayedH, tuning),
  ];
  for (const view of plan) {
    const t0 = performance.now();
    const rendered = await renderView(base, view, tuning);
    const t1 = performance.now();
    const page = await pool.run((worker: OcrWorker) => worker.recognize(rendered.pgm, {}, { blocks: true, text: false }));
    const timing = { renderMs: t1 - t0, ocrMs: performance.now() - t1 };
    const words = wordsOf(page.data);
    const match = matchBusinessName(name, words);
    onPass?.(file, view, match !== null, timing, words.map((w) => w.text).join(' '));
    const [ox, oy] = rendered.offset;
    const map = (box: Box) =>
      toDisplayed([box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy], view, rendered.viewW, rendered.viewH, rendered.rotW, rendered.rotH, base.displayedW, base.displayedH);
    if (match) {
      return { result: { found: true, text: match.text, box: map(match.box) }, largest };
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
  return { result: { found: false, text: null, box: null }, largest };
}

function notFoundReason(name: string, largest: ImageOutcome['largest'], what: string): string {
  if (!largest) return `no readable text at all in the ${what}`;
  const shown = largest.text.length > 40 ? `${largest.text.slice(0, 37)}...` : largest.text;
  return `no text resembling ${name.toUpperCase()} in the ${what}; the largest text read was "${shown}"`;
}

async function readPhoto(pool: OcrPool, file: ProbedFile, name: string, tuning: OcrTuning, onPass: OcrOptions['onPass']): Promise<BusinessNameResult> {
  const { result, largest } = await readImage(pool, file, file, name, tuning, onPass);
  if (result.found) return result;
  return { ...result, reason: notFoundReason(name, largest, 'photo') };
}

async function readVideo(
  pool: OcrPool,
  file: ProbedFile,
  name: string,
  tuning: OcrTuning,
  signal: AbortSignal,
  onPass: OcrOptions['onPass'],
): Promise<BusinessNameResult> {
  const duration = file.durationSec && file.durationSec > 0 ? file.durationSec : 0;
  const times = duration > 0 ? tuning.frames.map((f) => Math.round(f * duration * 100) / 100) : [0];
  const dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-'));
  let largest: ImageOutcome['largest'] = null;
  try {
    for (const [i, atSec] of times.entries()) {
      const png = join(dir, `frame-${i}.png`);
      // -ss before -i seeks fast; ffmpeg applies the clip's rotation, so frames are as displayed.
      await runFfmpeg(file.absPath, png, {
        inputOptions: ['-ss', String(atSec)],
        outputOptions: ['-frames:v', '1', '-an', '-y'],
        signal,
      });
      const outcome = await readImage(pool, file, { absPath: png, format: 'png' }, name, tuning, onPass);
      if (outcome.result.found) return { ...outcome.result, atSec };
      if (outcome.largest && (!largest || outcome.largest.height > largest.height)) largest = outcome.largest;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    found: false,
    text: null,
    box: null,
    atSec: null,
    reason: notFoundReason(name, largest, times.length > 1 ? `${times.length} frames read from the video` : 'video'),
  };
}

/**
 * Reads the business name in each photo (and a few frames of each video).
 * Keyed by ProbedFile.absPath. Files that are not readable photos/videos are left out.
 * A file OCR could not process gets found=false with the reason.
 */
export async function findBusinessNames(
  files: readonly ProbedFile[],
  name: string,
  options: OcrOptions = {},
): Promise<Map<string, BusinessNameResult>> {
  const results = new Map<string, BusinessNameResult>();
  const todo = files.filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error);
  if (todo.length === 0 || name.trim() === '') return results;
  const tuning: OcrTuning = { ...defaultTuning, ...options.tuning };

  // Our own controller: aborted by the caller's signal or by Ctrl-C, so workers always stop.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const onSigint = () => {
    controller.abort();
    // Nobody else handles Ctrl-C: once the workers are gone, end the way Ctrl-C normally does.
    if (process.listenerCount('SIGINT') === 0) {
      void (poolRef?.terminate() ?? Promise.resolve()).finally(() => process.kill(process.pid, 'SIGINT'));
    }
  };
  process.once('SIGINT', onSigint);
  let poolRef: OcrPool | undefined;
  try {
    const pool = await OcrPool.start(poolSize(todo.length, options.maxWorkers ?? 4), controller.signal, tuning.psm);
    poolRef = pool;
    controller.signal.addEventListener('abort', () => void pool.terminate(), { once: true });
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < todo.length) {
        const file = todo[next++]!;
        let result: BusinessNameResult;
        try {
          result =
            file.kind === 'video'
              ? await readVideo(pool, file, name, tuning, controller.signal, options.onPass)
              : await readPhoto(pool, file, name, tuning, options.onPass);
        } catch (error) {
          if (controller.signal.aborted) throw new AbortedError();
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          result = { found: false, text: null, box: null, reason: `the text reader could not process this file (${why})` };
        }
        results.set(file.absPath, result);
        options.onProgress?.(++done, todo.length, file);
      }
    };
    await Promise.all(Array.from({ length: pool.size }, lane));
    return results;
  } finally {
    process.removeListener('SIGINT', onSigint);
    options.signal?.removeEventListener('abort', onOuterAbort);
    await poolRef?.terminate();
  }
}
