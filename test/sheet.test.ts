import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { writeContactSheet } from '../src/check/sheet.js';
import { runFfmpeg } from '../src/media/ffmpeg.js';
import type { CheckedFile } from '../src/rules/types.js';

let dir: string;
let files: CheckedFile[];
const keep = process.env.KEEP_SHEET; // set to a path to look at the sheet

function checked(absPath: string, over: Partial<CheckedFile>): CheckedFile {
  return {
    file: `photos/${absPath.split('/').pop()}`,
    absPath,
    kind: 'image',
    format: 'jpeg',
    bytes: 1,
    width: 800,
    height: 600,
    durationSec: null,
    asins: ['B0CACTUS01'],
    caption: null,
    businessName: null,
    ...over,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-sheet-test-'));
  const a = await makeSignPhoto({ width: 800, height: 600, lines: ['Cactus Hands'], capPx: 40, cx: 0.35, cy: 0.4, seed: 21 });
  const b = await makeSignPhoto({ width: 800, height: 600, lines: ['Cactus Flowers'], capPx: 30, seed: 22 });
  const c = await makeSignPhoto({ width: 600, height: 800, lines: ['Cactus Hands'], capPx: 36, cx: 0.5, cy: 0.7, orientation: 6, seed: 23 });
  await writeFile(join(dir, 'found.jpg'), a.buffer);
  await writeFile(join(dir, 'missing.jpg'), b.buffer);
  await writeFile(join(dir, 'sideways.jpg'), c.buffer);
  const still = join(dir, 'still.png');
  await sharp(a.buffer).png().toFile(still);
  await runFfmpeg(still, join(dir, 'clip.mp4'), { inputOptions: ['-loop', '1'], outputOptions: ['-t', '1', '-r', '5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y'] });
  files = [
    checked(join(dir, 'found.jpg'), { businessName: { found: true, text: 'Cactus Hands', box: a.nameBox } }),
    checked(join(dir, 'missing.jpg'), {
      asins: [],
      businessName: { found: false, text: null, box: null, reason: 'no text resembling CACTUS HANDS in the photo; the largest text read was "Cactus Flowers"' },
    }),
    checked(join(dir, 'sideways.jpg'), { width: 600, height: 800, orientation: 6, businessName: { found: true, text: 'CACTUS HANDS', box: c.nameBox } }),
    checked(join(dir, 'clip.mp4'), { kind: 'video', format: 'mp4', durationSec: 1, businessName: { found: true, text: 'Cactus Hands', box: a.nameBox, atSec: 0.5 } }),
    checked(join(dir, 'broken.jpg'), { error: 'the file is truncated' }),
    checked(join(dir, 'notes.txt'), { kind: 'other', format: 'text' }),
  ];
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Colour of the sheet at (x, y). */
async function pixel(file: string, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

describe('contact sheet', () => {
  it('draws one framed thumbnail per photo/video: green where the name was found, red where not', async () => {
    const out = keep ?? join(dir, 'sheet.png');
    await writeContactSheet(files, out);
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('png');
    // 5 photos/videos (the text file is left out) in 3 columns: 2 rows.
    expect(meta.width).toBe(3 * 400);
    expect(meta.height).toBeGreaterThan(2 * 300);
    // The frame of the first cell (top-left) is green, of the second red; 44 px header, 14 px padding.
    const [r1, g1] = await pixel(out, 400 - 14 - 3, 44 + 14 + 100);
    expect(g1).toBeGreaterThan(120);
    expect(r1).toBeLessThan(80);
    const [r2, g2] = await pixel(out, 400 + 14 + 3, 44 + 14 + 100);
    expect(r2).toBeGreaterThan(180);
    expect(g2).toBeLessThan(100);
  }, 120_000);

  it('shows confirmations, doubtful reads and overlays in their own colours and words', async () => {
    const d = await makeSignPhoto({ width: 800, height: 600, lines: [], seed: 24, overlay: { text: 'CACTUS HANDS', capPx: 40, cx: 0.5, cy: 0.85 } });
    await writeFile(join(dir, 'overlay.jpg'), d.buffer);
    const cells: CheckedFile[] = [
      checked(join(dir, 'missing.jpg'), {
        nameConfirmed: true,
        businessName: { found: false, text: null, box: null, reason: 'no readable text at all in the photo' },
      }),
      checked(join(dir, 'found.jpg'), {
        businessName: { found: false, text: null, box: null, partial: 'Cactus', reason: 'only "Cactus" of CACTUS HANDS could be read in the photo' },
      }),
      checked(join(dir, 'overlay.jpg'), {
        businessName: { found: false, text: 'CACTUS HANDS', box: d.nameBox, overlay: true, overlayReason: 'its letters are exactly level' },
      }),
      checked(join(dir, 'clip.mp4'), { kind: 'video', format: 'mp4', durationSec: 1, businessName: { found: true, text: 'Cactus Hands', box: null, atSec: 0.2, seenAt: [0.2, 0.4, 0.6] } }),
    ];
    const out = keep ? keep.replace(/\.png$/, '-kinds.png') : join(dir, 'kinds.png');
    await writeContactSheet(cells, out);
    const frame = async (cell: number) => pixel(out, (cell % 3) * 400 + 14 + 3, 44 + Math.floor(cell / 3) * 410 + 14 + 100);
    const [r1, g1, b1] = await frame(0); // confirmed: blue
    expect(b1).toBeGreaterThan(180);
    expect(r1).toBeLessThan(100);
    expect(g1).toBeLessThan(160);
    const [r2, g2, b2] = await frame(1); // unsure: amber
    expect(r2).toBeGreaterThan(180);
    expect(g2).toBeGreaterThan(130);
    expect(b2).toBeLessThan(80);
    const [r3, g3, b3] = await frame(2); // overlay: orange
    expect(r3).toBeGreaterThan(200);
    expect(g3).toBeGreaterThan(80);
    expect(g3).toBeLessThan(140);
    expect(b3).toBeLessThan(80);
  }, 120_000);

  it('writes a sheet even with nothing to show', async () => {
    const out = join(dir, 'empty.png');
    await writeContactSheet([], out);
    expect((await sharp(out).metadata()).width).toBeGreaterThan(0);
  });
});
