/**
 * The pure parts of the name reader: names across two lines, part of a name, print found
 * without a card, which way round print is, overlays told from printed signs, and text that
 * stays put in a video.
 */
import { describe, expect, it } from 'vitest';
import { matchBusinessName, partialName, type OcrWord } from '../src/media/name-match.js';
import { stillText, type SmallFrame } from '../src/media/ocr/frames.js';
import { overlayEvidence, overlayVerdict } from '../src/media/ocr/overlay.js';
import { clearSpeckle } from '../src/media/ocr/speckle.js';
import { darkInkByRuns, findTextRegions } from '../src/media/ocr/text-regions.js';
import { rng } from '../scripts/lib/random.js';

const word = (text: string, l: number, t: number, r: number, b: number): OcrWord => ({ text, box: [l, t, r, b], confidence: 90 });

describe('names set on two lines', () => {
  it('finds "Clay Fox" above "Studio" as the name Clay Fox Studio', () => {
    const words = [word('Clay', 100, 100, 180, 140), word('Fox', 195, 100, 250, 140), word('Studio', 120, 150, 230, 190)];
    const match = matchBusinessName('Clay Fox Studio', words);
    expect(match?.text).toBe('Clay Fox Studio');
    expect(match?.box).toEqual([100, 100, 250, 190]);
  });
  it('finds "Clay Fox" above "Studio" beside a round logo that Tesseract read as a tall word', () => {
    // The logo spans both lines at the left, a stamp at the right of the first line.
    const words = [
      word('Oo', 80, 41, 175, 138),
      word('Clay', 200, 32, 309, 92),
      word('Fox', 325, 38, 407, 82),
      word('C', 561, 19, 608, 129),
      word('Studio', 204, 108, 362, 152),
    ];
    expect(matchBusinessName('Clay Fox Studio', words)?.text).toBe('Clay Fox Studio');
  });
  it('does not join lines far apart or of very different size', () => {
    const apart = [word('Clay', 100, 100, 180, 140), word('Fox', 195, 100, 250, 140), word('Studio', 120, 300, 230, 340)];
    expect(matchBusinessName('Clay Fox Studio', apart)).toBeNull();
    const small = [word('Clay', 100, 100, 180, 140), word('Fox', 195, 100, 250, 140), word('Studio', 120, 145, 150, 155)];
    expect(matchBusinessName('Clay Fox Studio', small)).toBeNull();
  });
});

describe('part of the name', () => {
  it('names the part read: one line of two, or a name cut short', () => {
    expect(partialName('Clay Fox Studio', [word('Clay', 0, 0, 40, 20), word('Fox', 50, 0, 80, 20)])).toBe('Clay Fox');
    expect(partialName('Little Bear Candles', [word('Little', 0, 0, 40, 20), word('Bear', 50, 0, 80, 20), word('Car', 90, 0, 110, 20)])).toBe('Little Bear Car');
  });
  it('is not one short word of the name, nor another shop sharing a word', () => {
    expect(partialName('Cactus Hands', [word('Hands', 0, 0, 40, 20)])).toBeNull();
    expect(partialName('Little Bear Candles', [word('Little', 0, 0, 40, 20), word('Deer', 50, 0, 80, 20)])).toBeNull();
    expect(partialName('Cactus Hands', [word('Cactus', 0, 0, 60, 20), word('Flowers', 70, 0, 140, 20)])).toBeNull();
  });
});

/** A grey image with dark (or light) bars like letters on one line, plus grain. */
function printed(dark: boolean, grain: number, seed = 3): { grey: Uint8Array; width: number; height: number } {
  const width = 400;
  const height = 200;
  const random = rng(seed);
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.max(0, Math.min(255, (dark ? 200 : 60) + (random() - 0.5) * grain));
  // Strokes 2 px wide every 5 px, 24 px tall: small print as the ~1000 px map shows it.
  for (let x = 100; x < 300; x += 5) {
    for (let y = 90; y < 114; y++) for (let dx = 0; dx < 2; dx++) grey[y * width + x + dx] = Math.max(0, Math.min(255, (dark ? 40 : 230) + (random() - 0.5) * grain));
  }
  return { grey, width, height };
}

describe('print without a card', () => {
  it('finds a line of print and its extent on a plain ground', () => {
    const { grey, width, height } = printed(true, 10);
    const [region] = findTextRegions(grey, width, height);
    expect(region).toBeDefined();
    const [l, t, r, b] = region!.bounds;
    expect(l).toBeLessThanOrEqual(104);
    expect(r).toBeGreaterThanOrEqual(288);
    expect(t).toBeLessThanOrEqual(90);
    expect(b).toBeGreaterThanOrEqual(112);
  });
  it('finds nothing in grain alone', () => {
    const random = rng(9);
    const grey = new Uint8Array(400 * 200).map(() => 128 + (random() - 0.5) * 20);
    expect(findTextRegions(grey, 400, 200)).toEqual([]);
  });
  it('tells dark print on light from light print on dark by the length of runs', () => {
    const dark = printed(true, 10);
    expect(darkInkByRuns(dark.grey, dark.width, [90, 85, 310, 120])).toBe(true);
    const light = printed(false, 10);
    expect(darkInkByRuns(light.grey, light.width, [90, 85, 310, 120])).toBe(false);
  });
});

describe('print on a patterned ground', () => {
  // A thresholded cloth: white, with black dots of 2 to 3 pixels every 6 pixels.
  const W = 400;
  const H = 160;
  const cap = 36;
  const fill = (px: Uint8Array, l: number, t: number, w: number, h: number) => {
    for (let y = t; y < t + h; y++) for (let x = l; x < l + w; x++) px[y * W + x] = 0;
  };
  const cloth = () => {
    const px = new Uint8Array(W * H).fill(255);
    for (let y = 2; y < H - 3; y += 6) for (let x = 2 + (y % 12 === 2 ? 3 : 0); x < W - 3; x += 6) fill(px, x, y, 2 + ((x + y) % 2), 2);
    return px;
  };
  const at = (px: Uint8Array, x: number, y: number) => px[y * W + x];

  it('clears the dots of the cloth far from letters, and keeps the letters whole', () => {
    const px = cloth();
    // Three letter stems on a line, cap tall, 6 px strokes, at x 100..190.
    for (const x of [100, 140, 180]) fill(px, x, 60, 6, cap);
    const before = px.filter((v) => v === 0).length;
    const cleared = clearSpeckle(px, W, H, cap);
    expect(cleared).toBeGreaterThan(500);
    // The stems are untouched.
    for (const x of [100, 140, 180]) for (let y = 60; y < 60 + cap; y++) expect(at(px, x + 3, y)).toBe(0);
    // Far from the letters, the cloth is white.
    let dark = 0;
    for (let y = 0; y < H; y++) for (let x = 300; x < W; x++) if (at(px, x, y) === 0) dark++;
    expect(dark).toBe(0);
    expect(px.filter((v) => v === 0).length).toBeLessThan(before / 2);
  });

  it("keeps the dot of an i, a full stop and an apostrophe beside their letters", () => {
    const px = new Uint8Array(W * H).fill(255);
    fill(px, 100, 60, 6, cap); // stem of an i ...
    fill(px, 100, 50, 6, 6); // ... and its dot above
    fill(px, 112, 90, 5, 5); // a full stop at the baseline
    fill(px, 90, 58, 3, 8); // an apostrophe before it
    fill(px, 330, 30, 4, 4); // a stray dot far from any letter
    clearSpeckle(px, W, H, cap);
    expect(at(px, 102, 52)).toBe(0);
    expect(at(px, 114, 92)).toBe(0);
    expect(at(px, 91, 60)).toBe(0);
    expect(at(px, 331, 31)).toBe(255);
  });
});

describe('added text versus a photographed sign', () => {
  /** Bold letters (thick bars), level; grain on the ground and, for a photographed sign, in the ink too. */
  function letters(inkGrain: number, tilt = 0) {
    const width = 300;
    const height = 120;
    const random = rng(5);
    const grey = new Uint8Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = Math.round(180 + (random() - 0.5) * 30);
    for (let x = 40; x < 260; x += 24) {
      for (let y = 40; y < 80; y++) {
        const shift = Math.round((x - 150) * Math.tan((tilt * Math.PI) / 180));
        for (let dx = 0; dx < 12; dx++) grey[(y + shift) * width + x + dx] = Math.round(30 + (random() - 0.5) * inkGrain);
      }
    }
    return { grey, width, height };
  }
  it('reads flat, level letters on a grainy ground as added', () => {
    const { grey, width, height } = letters(0);
    const evidence = overlayEvidence(grey, width, height, [35, 35, 265, 85]);
    expect(evidence.angle).toBe(0);
    expect(evidence.ratio).toBeLessThan(0.2);
    expect(overlayVerdict(evidence).overlay).toBe(true);
  });
  it('reads letters with the grain a camera gives dark ink (more than its pale ground), or tilted, as printed', () => {
    const grainy = letters(45);
    expect(overlayVerdict(overlayEvidence(grainy.grey, grainy.width, grainy.height, [35, 35, 265, 85])).overlay).toBe(false);
    const tilted = letters(0, 4);
    expect(overlayVerdict(overlayEvidence(tilted.grey, tilted.width, tilted.height, [35, 25, 265, 95])).overlay).toBe(false);
  });
});

describe('text that stays put in a video', () => {
  const frame = (t: number, seed: number, caption: boolean): SmallFrame => {
    const random = rng(seed);
    const width = 160;
    const height = 90;
    // A scene of flat patches (8 px), different in every frame.
    const patches = Array.from({ length: 20 * 12 }, () => Math.round(40 + random() * 150));
    const grey = new Uint8Array(width * height).map((_, i) => patches[Math.floor((i % width) / 8) + Math.floor(Math.floor(i / width) / 8) * 20]!);
    if (caption) for (let y = 68; y < 82; y++) for (let x = 40; x < 120; x++) if (x % 9 < 3) grey[y * width + x] = 250;
    return { t, width, height, grey };
  };
  it('calls a caption at the same pixels in every frame of a moving scene still', () => {
    const frames = [0, 1, 2, 3, 4].map((t) => frame(t, 10 + t, true));
    const result = stillText(frames, frames[2]!, [38, 66, 122, 84]);
    expect(result.still).toBe(true);
    expect(result.sceneMoves).toBe(true);
  });
  it('cannot tell when nothing in the clip moves', () => {
    const frames = [0, 1, 2, 3, 4].map((t) => frame(t, 10, true));
    expect(stillText(frames, frames[2]!, [38, 66, 122, 84]).sceneMoves).toBe(false);
  });
});
