/**
 * Part of the business name, added onto a photo afterwards in an editing app: the seller must
 * hear that added text does not count (business-name-overlay), not only that the name was
 * read in part (business-name-unsure, "have a look").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { findBusinessNames } from '../src/media/ocr.js';
import type { ProbedFile } from '../src/media/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-overlay-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a name added onto the photo afterwards', () => {
  it('is reported as added even when only part of the name was read', async () => {
    const made = await makeSignPhoto({ width: 1200, height: 900, lines: [], seed: 31, overlay: { text: 'Cactus Hands', capPx: 60, cx: 0.5, cy: 0.8 } });
    const file = join(dir, 'captioned.jpg');
    await writeFile(file, made.buffer);
    const probed: ProbedFile = { file: 'captioned.jpg', absPath: file, kind: 'image', format: 'jpeg', bytes: 1, width: 1200, height: 900, durationSec: null };
    const result = (await findBusinessNames([probed], 'Cactus Hands Pottery', { cache: false })).get(file)!;
    expect(result.found).toBe(false);
    expect(result.overlay, JSON.stringify(result)).toBe(true);
    expect(result.text).toMatch(/Cactus Hands/i);
  }, 240_000);
});
