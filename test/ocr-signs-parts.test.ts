/**
 * The pure parts that cut a printed sign out of a phone photo: the outline of a sheet of any
 * aspect, paper under tinted light, the height of the letters on it, and how blurred they are.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { edgeSpread, restore, restoreShake, shakeOf } from '../src/media/ocr/deblur.js';
import { measureLetters, printBlock } from '../src/media/ocr/letters.js';
import { findSignRegions, uprightRectangle, whiteBalance } from '../src/media/ocr/regions.js';
import { inkByRuns } from '../src/media/ocr/text-regions.js';
import { defaultTuning } from '../src/media/ocr/tuning.js';
import { printViews } from '../src/media/ocr/views.js';

/** Outline points (x, y pairs) of a filled w x h rectangle turned by `angle` degrees around (cx, cy). */
function rectangleOutline(cx: number, cy: number, w: number, h: number, angle: number): { points: number[]; area: number } {
  const a = (angle * Math.PI) / 180;
  const points: number[] = [];
  let area = 0;
  for (let y = 0; y < 400; y++) {
    for (let x = 0; x < 400; x++) {
      const u = (x - cx) * Math.cos(a) + (y - cy) * Math.sin(a);
      const v = -(x - cx) * Math.sin(a) + (y - cy) * Math.cos(a);
      if (Math.abs(u) <= w / 2 && Math.abs(v) <= h / 2) {
        area++;
        points.push(x, y);
      }
    }
  }
  return { points, area };
}

/** A greyscale page: pale paper with dark print drawn by an SVG, as raw pixels. */
async function page(svgBody: string, width: number, height: number, blur = 0): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#e8e8e8"/>${svgBody}</svg>`;
  let image = sharp(Buffer.from(svg)).greyscale();
  if (blur > 0) image = image.blur(blur);
  const { data } = await image.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

describe('the outline of a sheet', () => {
  it('measures a Letter sheet (aspect 1.29) turned 20 degrees at its true sides and tilt', () => {
    const { points, area } = rectangleOutline(200, 200, 220, 170, 20);
    const r = uprightRectangle(points, area);
    expect(r.angle).toBeCloseTo(20, 0);
    expect(r.along).toBeGreaterThan(210);
    expect(r.along).toBeLessThan(232);
    expect(r.across).toBeGreaterThan(160);
    expect(r.across).toBeLessThan(182);
    expect(r.fill).toBeGreaterThan(0.9);
  });
  it('gives a sheet standing on end its text direction along the side nearer the horizontal', () => {
    const { points, area } = rectangleOutline(200, 200, 140, 220, -10);
    const r = uprightRectangle(points, area);
    expect(r.angle).toBeCloseTo(-10, 0);
    expect(r.along).toBeLessThan(r.across);
  });
});

describe('paper under tinted light', () => {
  it('finds a cream sheet under a warm bulb that the saturation test alone misses', () => {
    const w = 200;
    const h = 150;
    const pixels = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = (y * w + x) * 3;
        const sheet = x >= 60 && x < 140 && y >= 40 && y < 105;
        // A warm cast: the sheet is cream (saturation ~0.23), the bench a darker warm brown.
        const [r, g, b] = sheet ? [240, 215, 185] : [110, 80, 55];
        pixels[p] = r;
        pixels[p + 1] = g;
        pixels[p + 2] = b;
      }
    }
    const gains = whiteBalance(pixels, w * h, 3);
    expect(gains[2]).toBeGreaterThan(gains[0]);
    const regions = findSignRegions(pixels, w, h, 3);
    expect(regions.length).toBeGreaterThan(0);
    const best = regions[0]!;
    expect(best.cx).toBeCloseTo(100, -1);
    expect(best.cy).toBeCloseTo(72, -1);
  });
  it('finds a white sheet lying on a grey cloth that fills the frame', () => {
    const w = 200;
    const h = 150;
    const pixels = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sheet = x >= 70 && x < 150 && y >= 50 && y < 110;
        // The cloth is as grey as the sheet is white, with a mottle of its own.
        const v = sheet ? 235 : 120 + ((x * 7 + y * 13) % 23);
        pixels.fill(v, (y * w + x) * 3, (y * w + x) * 3 + 3);
      }
    }
    const sheet = findSignRegions(pixels, w, h, 3).find((r) => Math.abs(r.cx - 110) < 6 && Math.abs(r.cy - 80) < 6);
    expect(sheet).toBeDefined();
    expect(sheet!.long).toBeGreaterThan(70);
  });
  it('leaves a neutral scene as the camera saw it', () => {
    const pixels = new Uint8Array(100 * 100 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = i % 300 < 150 ? 200 : 90;
    const gains = whiteBalance(pixels, 100 * 100, 3);
    for (const k of gains) expect(k).toBeCloseTo(1, 1);
  });
});

describe('a tag that is not paper-white', () => {
  /** A photo's small colour map: a green mat, a kraft tag turned 12 degrees with light print, an orange box. */
  async function scene(print: boolean): Promise<{ pixels: Uint8Array; w: number; h: number }> {
    const w = 400;
    const h = 300;
    const text = print
      ? '<text x="-70" y="6" font-family="DejaVu Serif" font-size="22" fill="#f4efe6">O&apos;Leary Knits</text>' +
        '<circle cx="-92" cy="-2" r="11" fill="none" stroke="#f4efe6" stroke-width="4"/>'
      : '';
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#2f5a44"/>` +
      '<circle cx="60" cy="240" r="70" fill="#35634c"/><circle cx="330" cy="50" r="60" fill="#2a5240"/>' +
      `<g transform="translate(170 140) rotate(-12)"><rect x="-115" y="-45" width="230" height="90" fill="#c59d6e"/>${text}</g>` +
      '<rect x="300" y="200" width="70" height="50" fill="#d9762b"/></svg>';
    const { data } = await sharp(Buffer.from(svg)).blur(1.2).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { pixels: new Uint8Array(data), w, h };
  }
  it('finds a kraft hang tag with light print on a green mat, not the plain orange box beside it', async () => {
    const { pixels, w, h } = await scene(true);
    const regions = findSignRegions(pixels, w, h, 3);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions[0]!.cx).toBeCloseTo(170, -1);
    expect(regions[0]!.cy).toBeCloseTo(140, -1);
    expect(regions[0]!.long).toBeGreaterThan(180);
    expect(regions.some((r) => Math.abs(r.cx - 335) < 15 && Math.abs(r.cy - 225) < 15)).toBe(false);
  });
  it('does not take a plain coloured patch with nothing printed on it for a sign', async () => {
    const { pixels, w, h } = await scene(false);
    expect(findSignRegions(pixels, w, h, 3)).toEqual([]);
  });
});

describe('the letters on a sign', () => {
  it('measures the height of a big word and of a small line under it, tallest first', async () => {
    const body =
      '<text x="40" y="150" font-family="DejaVu Sans" font-weight="bold" font-size="100">Kiln</text>' +
      '<text x="40" y="220" font-family="DejaVu Sans" font-size="24">handmade in small batches</text>';
    const grey = await page(body, 500, 300);
    const card = { cx: 250, cy: 150, long: 500, short: 300, angle: 0 };
    const lines = measureLetters(grey, 500, 300, card, 0, true);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // DejaVu Sans capitals are 0.73 of the font size.
    expect(lines[0]!.height).toBeGreaterThan(60);
    expect(lines[0]!.height).toBeLessThan(85);
    expect(lines[1]!.height).toBeGreaterThan(12);
    expect(lines[1]!.height).toBeLessThan(26);
    const block = printBlock(lines, card, 0);
    expect(block).not.toBeNull();
    // The block holds both lines and stays on the card.
    expect(block!.across).toBeGreaterThan(120);
    expect(block!.along).toBeLessThanOrEqual(500);
  });
  it('measures a blurred word by its own height, not by the stamp printed beside it', async () => {
    // An envelope: the name blurred into one long piece, a stamp's frame in the same band, much taller.
    const body =
      '<text x="40" y="150" font-family="DejaVu Sans" font-weight="bold" font-size="60">Bluebird</text>' +
      '<rect x="380" y="40" width="90" height="150" fill="none" stroke="#111" stroke-width="14"/>';
    const grey = await page(body, 500, 300, 6);
    const lines = measureLetters(grey, 500, 300, { cx: 250, cy: 150, long: 500, short: 300, angle: 0 }, 0, true);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    // 60 px DejaVu: capitals and ascenders ~45 px, plus the blur; the stamp is 164 px tall.
    expect(lines[0]!.height).toBeGreaterThan(35);
    expect(lines[0]!.height).toBeLessThan(90);
  });
  it("measures a blurred shipping label by its name, not by its barcode's bars", async () => {
    // Out of focus, the bars of a barcode merge in groups: solid pieces, taller than wide.
    let bars = '';
    for (let group = 0, x = 60; group < 8; group++, x += 7) {
      for (let i = 0; i < 6; i++) {
        const w = [3, 2, 4, 2, 3, 5][(i + group) % 6]!;
        bars += `<rect x="${x}" y="170" width="${w}" height="90" fill="#111"/>`;
        x += w + 1;
      }
    }
    const body =
      '<text x="60" y="70" font-family="DejaVu Serif" font-size="34">Little Bear Candles</text>' +
      '<text x="60" y="110" font-family="DejaVu Sans" font-size="14">14 Orchard Row, Portland OR</text>' +
      bars;
    const grey = await page(body, 500, 300, 2.5);
    const lines = measureLetters(grey, 500, 300, { cx: 250, cy: 150, long: 500, short: 300, angle: 0 }, 0, true);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    // 34 px DejaVu Serif: capitals and ascenders ~26 px, plus the blur; the bars are 90 px tall.
    expect(lines[0]!.height).toBeGreaterThan(18);
    expect(lines[0]!.height).toBeLessThan(45);
  });
  it('finds no line of letters in a barcode', async () => {
    let bars = '';
    for (let i = 0; i < 40; i++) bars += `<rect x="${60 + i * 9}" y="60" width="${i % 3 === 0 ? 5 : 3}" height="160" fill="#111"/>`;
    const grey = await page(bars, 500, 300);
    expect(measureLetters(grey, 500, 300, { cx: 250, cy: 150, long: 500, short: 300, angle: 0 }, 0, true)).toEqual([]);
  });
});

/** A sign's name over a line of smaller print, as a label or an envelope sets them. */
const signLines =
  '<text x="40" y="120" font-family="DejaVu Serif" font-size="56">Tin Roof Pottery</text>' +
  '<text x="40" y="190" font-family="DejaVu Sans" font-size="30">14 Orchard Row</text>';

describe('a blurred photo', () => {
  const word = '<text x="30" y="110" font-family="DejaVu Sans" font-weight="bold" font-size="80">Home</text>';
  it('measures print out of focus as more spread than sharp print', async () => {
    const sharpPage = await page(word, 320, 160);
    const blurredPage = await page(word, 320, 160, 6);
    const crisp = edgeSpread(sharpPage, 320, 160, [0, 0, 320, 160]);
    const soft = edgeSpread(blurredPage, 320, 160, [0, 0, 320, 160]);
    expect(crisp).not.toBeNull();
    expect(soft).not.toBeNull();
    expect(crisp!).toBeLessThan(1);
    expect(soft!).toBeGreaterThan(crisp! + 1.5);
  });
  it('says nothing about a blank patch', () => {
    expect(edgeSpread(new Uint8Array(100 * 100).fill(200), 100, 100, [0, 0, 100, 100])).toBeNull();
  });
  // The line of smaller print came only 2% closer when restored with the ground as the bright side.
  it.each([
    ['a blurred word', word, 320, 160],
    ['a line of smaller print out of focus', signLines, 560, 260],
  ])('brings %s a fifth closer to the sharp one', async (_what, svg, width, height) => {
    const sharpPage = await page(svg, width, height);
    const blurredPage = await page(svg, width, height, 3);
    const restored = Uint8Array.from(blurredPage);
    restore(restored, width, height, 3, 10);
    const distance = (a: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - sharpPage[i]!), 0);
    expect(distance(restored)).toBeLessThan(distance(blurredPage) * 0.8);
  });
});

describe('a shaken photo', () => {
  /** The page smeared along a straight line of `length` px at `angle` degrees (a hand that moved). */
  async function shaken(length: number, angle: number): Promise<Uint8Array> {
    const size = length | 1;
    const kernel = new Array<number>(size * size).fill(0);
    const a = (angle * Math.PI) / 180;
    const c = (size - 1) / 2;
    // Every pixel the line passes through, stepping a tenth of a pixel.
    for (let u = -c; u <= c; u += 0.1) kernel[Math.round(c + u * Math.sin(a)) * size + Math.round(c + u * Math.cos(a))] = 1;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="260"><rect width="560" height="260" fill="#e8e8e8"/>${signLines}</svg>`;
    const { data } = await sharp(Buffer.from(svg))
      .greyscale()
      .convolve({ width: size, height: size, kernel, scale: kernel.reduce((p, q) => p + q, 0) })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new Uint8Array(data);
  }
  it.each([
    [21, 30],
    [15, 0],
    [25, 120],
  ])('finds a shake of %i px at %i degrees', async (length, angle) => {
    const grey = await shaken(length, angle);
    const shakes = shakeOf(grey, 560, 260, [0, 0, 560, 260], 1, 60);
    expect(shakes.length).toBeGreaterThan(0);
    const near = shakes.find((s) => Math.abs(s.length - length) <= length * 0.2);
    expect(near, JSON.stringify(shakes)).toBeDefined();
    const off = Math.abs(near!.angle - angle) % 180;
    expect(Math.min(off, 180 - off)).toBeLessThanOrEqual(8);
  });
  it('sees no shake in sharp print, nor in print out of focus (blurred every way alike)', async () => {
    const svg = (blur: number) => page(signLines, 560, 260, blur);
    expect(shakeOf(await svg(0), 560, 260, [0, 0, 560, 260], 1, 60)).toEqual([]);
    expect(shakeOf(await svg(5), 560, 260, [0, 0, 560, 260], 1, 60)).toEqual([]);
  });
  it('brings a shaken word closer to the sharp one', async () => {
    const sharpPage = await page(signLines, 560, 260);
    const smeared = await shaken(21, 30);
    const restored = Uint8Array.from(smeared);
    restoreShake(restored, 560, 260, { length: 21, angle: 30 });
    // How much the image looks like the sharp page (Pearson's correlation, 1 = the same): the
    // restoration leaves faint ghosts, so a plain pixel difference would not say it.
    const likeness = (a: Uint8Array) => {
      const n = a.length;
      let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (let i = 0; i < n; i++) {
        const x = a[i]!;
        const y = sharpPage[i]!;
        sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
      }
      return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
    };
    expect(likeness(restored)).toBeGreaterThan(likeness(smeared) + 0.1);
    // The ghosts of the letters' ends fold back into the letters (restored with the ground
    // bright, they stayed: 0.78).
    expect(likeness(restored)).toBeGreaterThan(0.84);
  });
  it('restores light print on a dark ground exactly as it restores dark print on a light one', async () => {
    const smeared = await shaken(21, 30);
    const dark = Uint8Array.from(smeared);
    restoreShake(dark, 560, 260, { length: 21, angle: 30 });
    const light = smeared.map((v) => 255 - v);
    restoreShake(light, 560, 260, { length: 21, angle: 30 }, 20, false);
    expect(Array.from(light, (v) => 255 - v)).toEqual(Array.from(dark));
  });
});

describe('light letters with a dark drop shadow, added onto a grained photo', () => {
  /** A caption as editing apps add it: bold white letters, a dark shadow down and right, on wood-like grain. */
  async function caption(): Promise<Uint8Array> {
    const W = 640;
    const H = 160;
    const ground = Buffer.alloc(W * H);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) ground[y * W + x] = 125 + Math.round(35 * Math.sin(x / 9 + Math.sin(y / 13) * 2) + (random() - 0.5) * 60);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <text x="44" y="108" font-family="DejaVu Sans" font-weight="bold" font-size="64" fill="#111">Bluebird</text>
      <text x="40" y="104" font-family="DejaVu Sans" font-weight="bold" font-size="64" fill="#fff">Bluebird</text></svg>`;
    const { data } = await sharp(ground, { raw: { width: W, height: H, channels: 1 } })
      .composite([{ input: Buffer.from(svg) }])
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new Uint8Array(data);
  }
  it('leaves the runs undecided (the shadow is as thin as the letters), where thin print on a card is clear', async () => {
    const grey = await caption();
    expect(inkByRuns(grey, 640, [30, 40, 370, 120]).clear).toBe(false);
    const card = await page('<text x="40" y="110" font-family="DejaVu Sans" font-size="64">Bluebird</text>', 640, 160);
    expect(inkByRuns(card, 640, [30, 40, 370, 120])).toEqual({ dark: true, clear: true });
  });
  it('reads print the runs left undecided both ways round, print they decided one way only', () => {
    const print = { bounds: [100, 100, 400, 160] as [number, number, number, number], skew: null, lineHeight: 50 };
    const unclear = printViews([{ ...print, inkIsDark: true, inkClear: false }], 1000, 800, defaultTuning);
    expect(unclear.map((v) => Boolean(v.invert)).sort()).toEqual([false, true]);
    expect(new Set(unclear.map((v) => v.crop.join(','))).size).toBe(1);
    const clear = printViews([{ ...print, inkIsDark: false, inkClear: true }], 1000, 800, defaultTuning);
    expect(clear.map((v) => Boolean(v.invert))).toEqual([true]);
  });
});
