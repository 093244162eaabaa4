import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cardTrim, rotateBack, rotateForward, rotatedSize, tiles, toDisplayed, type View } from '../src/media/ocr/geometry.js';
import { defaultTuning, planViews, regionViews } from '../src/media/ocr.js';
import { estimateSkew, findSignRegions } from '../src/media/ocr/regions.js';
import { aroundPiece } from '../src/media/ocr/image.js';

describe('mapping OCR boxes back to the photo', () => {
  it('undoes a rotation exactly', () => {
    for (const angle of [0, 8, -16, 24, 90]) {
      const [W, H] = rotatedSize(400, 300, angle);
      const [X, Y] = rotateForward(123, 45, 400, 300, angle);
      const [x, y] = rotateBack(X, Y, 400, 300, W, H, angle);
      expect(x).toBeCloseTo(123, 6);
      expect(y).toBeCloseTo(45, 6);
    }
  });

  it("uses sharp's direction and canvas for rotations (a marked pixel lands where predicted)", async () => {
    const w = 200;
    const h = 100;
    const pixels = Buffer.alloc(w * h, 0);
    // A 3x3 white mark at (150, 20).
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) pixels[(20 + dy) * w + 150 + dx] = 255;
    const angle = 20;
    const { data, info } = await sharp(pixels, { raw: { width: w, height: h, channels: 1 } })
      .rotate(angle, { background: '#000000' })
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const v = data[y * info.width + x]!;
        if (v > 60) {
          sx += x * v;
          sy += y * v;
          n += v;
        }
      }
    }
    const [px, py] = rotateForward(150.5, 20.5, w, h, angle);
    expect(sx / n).toBeCloseTo(px, 0);
    expect(Math.abs(sy / n - py)).toBeLessThan(1.5);
    // And back: the found mark maps to where it was drawn.
    const [bx, by] = rotateBack(sx / n, sy / n, w, h, info.width, info.height, angle);
    expect(Math.abs(bx - 150.5)).toBeLessThan(1.5);
    expect(Math.abs(by - 20.5)).toBeLessThan(1.5);
  });

  it('undoes scale and crop offset, and clamps to the photo', () => {
    const view: View = { crop: [1000, 500, 2000, 1500], scale: 0.5, angle: 0, label: 'tile' };
    expect(toDisplayed([100, 50, 300, 90], view, 1000, 750, 1000, 750, 4000, 3000)).toEqual([1200, 600, 1600, 680]);
    expect(toDisplayed([-50, -50, 2000, 2000], view, 1000, 750, 1000, 750, 4000, 3000)).toEqual([900, 400, 4000, 3000]);
  });

  it('covers the whole photo with overlapping tiles', () => {
    const grid = tiles(4000, 3000, 2, 0.25);
    expect(grid).toHaveLength(4);
    expect(grid[0]).toEqual([0, 0, 2500, 1875]);
    expect(grid[3]).toEqual([1500, 1125, 2500, 1875]);
    expect(tiles(800, 600, 1, 0.25)).toEqual([[0, 0, 800, 600]]);
  });
});

describe('the pass plan', () => {
  it('reads the whole photo straight first, then tilted, then in tiles', () => {
    const views = planViews(4000, 3000, defaultTuning);
    expect(views[0]).toMatchObject({ angle: 0, crop: [0, 0, 4000, 3000] });
    expect(views.slice(1, defaultTuning.angles.length).every((v) => v.angle !== 0 && v.crop[2] === 4000)).toBe(true);
    const tileViews = views.filter((v) => v.label.startsWith('tile'));
    expect(tileViews.length).toBeGreaterThanOrEqual(4);
    // Tiles show the photo larger than the whole view does (that is their point).
    expect(tileViews[0]!.scale).toBeGreaterThan(views[0]!.scale * 1.2);
  });

  it('covers tilts up to 25 degrees both ways (Tesseract itself absorbs about 5 more)', () => {
    const angles = planViews(4000, 3000, defaultTuning).map((v) => v.angle);
    expect(Math.min(...angles)).toBeLessThanOrEqual(-20);
    expect(Math.max(...angles)).toBeGreaterThanOrEqual(20);
  });
});

/** A w x h RGB map of a brown bench with a cream card tilted `tilt` degrees, ink lines inside. */
async function benchWithCard(w: number, h: number, card: { cx: number; cy: number; cw: number; ch: number; tilt: number }) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="rgb(150,100,55)"/>
    <g transform="rotate(${card.tilt} ${card.cx} ${card.cy})">
      <rect x="${card.cx - card.cw / 2}" y="${card.cy - card.ch / 2}" width="${card.cw}" height="${card.ch}" fill="#f4f1e8"/>
      <rect x="${card.cx - card.cw * 0.4}" y="${card.cy - card.ch * 0.2}" width="${card.cw * 0.8}" height="${card.ch * 0.15}" fill="#1d1d1f"/>
    </g>
    <ellipse cx="${w * 0.85}" cy="${h * 0.8}" rx="${w * 0.05}" ry="${h * 0.06}" fill="rgb(40,90,170)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('reading again around a piece of the name', () => {
  const wholePhoto: View = { crop: [0, 0, 4000, 3000], scale: 0.35, angle: -20, label: 'full -20°' };

  it('reads the rest of a name read in small letters larger, where its missing letters can be read', () => {
    // "BEAR CANDLES" read 12 px tall in a whole-photo view: the rest was too small to read there.
    const around = aroundPiece([1600, 1500, 2100, 1560], 0.6, wholePhoto, 4000, 3000, 1800, 12, 36);
    expect(around.scale).toBeCloseTo(0.35 * 3, 5);
    expect(around.angle).toBe(-20);
    expect(around.label).toBe('around full -20°');
    // Wide enough for the whole name on both sides of the piece, inside the photo.
    expect(around.crop[0]).toBeLessThan(1600 - 300);
    expect(around.crop[0] + around.crop[2]).toBeGreaterThan(2100 + 300);
  });

  it('keeps the size of a view whose letters were already at a reading size', () => {
    const region: View = { crop: [1000, 1000, 800, 400], scale: 1.2, angle: 6, label: 'region 1 6°' };
    expect(aroundPiece([1100, 1100, 1400, 1140], 0.5, region, 4000, 3000, 1800, 30, 36).scale).toBe(1.2);
    expect(aroundPiece([1100, 1100, 1400, 1140], 0.5, region, 4000, 3000, 1800).scale).toBe(1.2);
  });

  it('never makes a view longer than the reading limit', () => {
    const around = aroundPiece([100, 1500, 3900, 1530], 0.9, wholePhoto, 4000, 3000, 1800, 8, 36);
    expect(Math.max(around.crop[2], around.crop[3]) * around.scale).toBeLessThanOrEqual(1800 + 1e-6);
  });
});

describe('finding sign-like regions before OCR', () => {
  it('finds a tilted paper card on a coloured bench, with its centre, size and tilt', async () => {
    const { data, info } = await benchWithCard(480, 360, { cx: 200, cy: 150, cw: 160, ch: 50, tilt: 14 });
    const regions = findSignRegions(data, info.width, info.height, info.channels);
    expect(regions.length).toBeGreaterThanOrEqual(1);
    const r = regions[0]!;
    expect(r.cx).toBeCloseTo(200, -1);
    expect(r.cy).toBeCloseTo(150, -1);
    expect(r.long).toBeGreaterThan(140);
    expect(r.long).toBeLessThan(180);
    expect(r.short).toBeGreaterThan(40);
    expect(r.short).toBeLessThan(60);
    expect(Math.abs(r.angle - 14)).toBeLessThan(2);
  });

  it('ranks a card before a grey wall that runs off the frame on three sides', async () => {
    // The wall is as pale and unsaturated as paper and far bigger; what tells it apart is that
    // it reaches the frame's edges (the mask's opening wears a pixel off them).
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270">
      <rect width="100%" height="100%" fill="rgb(150,100,55)"/>
      <rect x="0" y="0" width="190" height="270" fill="rgb(170,170,172)"/>
      <g transform="rotate(-20 330 170)"><rect x="280" y="148" width="100" height="44" fill="#e4e2dc"/>
      <rect x="292" y="160" width="76" height="2" fill="#222"/><rect x="292" y="170" width="60" height="2" fill="#222"/></g>
    </svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const [first] = findSignRegions(data, info.width, info.height, info.channels);
    expect(first).toBeDefined();
    expect(Math.abs(first!.cx - 330)).toBeLessThan(8);
    expect(Math.abs(first!.cy - 170)).toBeLessThan(8);
  });

  it('finds nothing on a bench without a card (the coloured objects do not count)', async () => {
    const { data, info } = await benchWithCard(480, 360, { cx: -500, cy: -500, cw: 10, ch: 10, tilt: 0 });
    expect(findSignRegions(data, info.width, info.height, info.channels)).toEqual([]);
  });

  it('reads a region first, deskewed by its own tilt and scaled so the text is legible', () => {
    const views = regionViews([{ cx: 2000, cy: 1500, long: 600, short: 160, angle: -12, skew: null }], 4000, 3000, defaultTuning);
    expect(views.length).toBe(defaultTuning.regionCaps.length * defaultTuning.regionAngles.length);
    const first = views[0]!;
    // Rotating by +12 undoes a card tilted -12 (counter-clockwise).
    expect(first.angle).toBe(12);
    const [left, top, width, height] = first.crop;
    expect(left).toBeLessThan(2000 - 300 * Math.cos((12 * Math.PI) / 180));
    expect(left + width).toBeGreaterThan(2000 + 300 * Math.cos((12 * Math.PI) / 180));
    expect(top).toBeLessThan(1500 - 80);
    expect(top + height).toBeGreaterThan(1500 + 80);
    // A 160 px card carries a name about 40 px tall: scaled to the first target cap height.
    expect(first.scale).toBeCloseTo(defaultTuning.regionCaps[0]! / 40, 5);
  });

  it('cuts a straightened card out of its view, with a margin, so the bench around it is not read', () => {
    const views = regionViews([{ cx: 2000, cy: 1500, long: 600, short: 160, angle: -12, skew: { angle: -12, strength: 3, inkIsDark: true } }], 4000, 3000, defaultTuning);
    const view = views[0]!;
    expect(view.card).toBeDefined();
    const viewW = Math.round(view.crop[2] * view.scale);
    const viewH = Math.round(view.crop[3] * view.scale);
    const [rotW, rotH] = rotatedSize(viewW, viewH, view.angle).map(Math.round) as [number, number];
    const trim = cardTrim(view, viewW, viewH, rotW, rotH)!;
    const margin = 160 * defaultTuning.regionMargin * view.scale;
    expect(trim[2]).toBeCloseTo(600 * view.scale + 2 * margin, -1);
    expect(trim[3]).toBeCloseTo(160 * view.scale + 2 * margin, -1);
    // The card's centre is the trimmed view's centre, and maps back to where the card is.
    const centre = toDisplayed(
      [trim[0] + trim[2] / 2, trim[1] + trim[3] / 2, trim[0] + trim[2] / 2, trim[1] + trim[3] / 2],
      view, viewW, viewH, rotW, rotH, 4000, 3000,
    );
    expect(centre[0]).toBeCloseTo(2000, -1);
    expect(centre[1]).toBeCloseTo(1500, -1);
  });

  it("turns by the ink's own line angle when the card's outline is blurred into a grey bench", () => {
    const views = regionViews([{ cx: 600, cy: 900, long: 480, short: 230, angle: -4, skew: { angle: 25, strength: 2.2, inkIsDark: true } }], 3000, 4000, defaultTuning);
    expect(views[0]!.angle).toBe(-25);
    // The outline disagrees with the text, so the view keeps the whole crop around the card.
    expect(views[0]!.card).toBeUndefined();
  });

  it('keeps the outline angle when the ink shows no clear lines', () => {
    const views = regionViews([{ cx: 600, cy: 900, long: 480, short: 160, angle: 9, skew: { angle: -30, strength: 1.05, inkIsDark: true } }], 3000, 4000, defaultTuning);
    expect(views[0]!.angle).toBe(-9);
  });

  it('does not deskew a near-square card (its axis says nothing about the text)', () => {
    const views = regionViews([{ cx: 500, cy: 500, long: 210, short: 200, angle: 30, skew: null }], 1000, 1000, defaultTuning);
    expect(views[0]!.angle).toBe(0);
  });
});

/** A greyscale bench with horizontal grain and a card whose two text lines run at `tilt` degrees. */
async function greyCardWithText(tilt: number) {
  const w = 900;
  const h = 700;
  const grain = Array.from({ length: 30 }, (_, i) => `<rect x="0" y="${i * 24}" width="${w}" height="9" fill="rgb(70,70,70)"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="rgb(110,110,110)"/>${grain}
    <g transform="rotate(${tilt} 450 350)">
      <rect x="200" y="260" width="500" height="180" fill="rgb(235,235,230)"/>
      <text x="450" y="335" font-family="DejaVu Sans" font-weight="bold" font-size="60" text-anchor="middle" fill="#111">Cactus Hands</text>
      <text x="450" y="405" font-family="DejaVu Sans" font-size="34" text-anchor="middle" fill="#111">made by hand</text>
    </g>
  </svg>`;
  return sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
}

describe('reading the tilt of the text itself', () => {
  it('finds text lines tilted 22 degrees inside a card, ignoring the grain of the bench around it', async () => {
    const { data, info } = await greyCardWithText(22);
    // The card's outline as a rough detection would give it: right place, wrong angle.
    const skew = estimateSkew(data, info.width, info.height, { cx: 450, cy: 350, long: 480, short: 170, angle: 5 });
    expect(skew).not.toBeNull();
    expect(Math.abs(skew!.angle - 22)).toBeLessThanOrEqual(2);
    expect(skew!.strength).toBeGreaterThan(defaultTuning.skewMinStrength);
  });

  it('reads a straight card as straight and a card tilted the other way as negative', async () => {
    for (const tilt of [0, -15]) {
      const { data, info } = await greyCardWithText(tilt);
      const skew = estimateSkew(data, info.width, info.height, { cx: 450, cy: 350, long: 500, short: 180, angle: tilt });
      expect(Math.abs(skew!.angle - tilt)).toBeLessThanOrEqual(1.5);
    }
  });

  it('gives no angle for a blank patch (nothing to read a line from)', () => {
    const blank = new Uint8Array(400 * 300).fill(200);
    const skew = estimateSkew(blank, 400, 300, { cx: 200, cy: 150, long: 300, short: 200, angle: 0 });
    expect(skew === null || skew.strength < defaultTuning.skewMinStrength).toBe(true);
  });
});
