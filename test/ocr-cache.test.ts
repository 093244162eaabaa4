/**
 * Never read a photo twice: results are cached by content, name and reader version in the
 * user's cache folder (by platform convention), and anything that changes one of them reads again.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { findBusinessNames } from '../src/media/ocr.js';
import { OcrCache, cacheDir, contentHash } from '../src/media/ocr/cache.js';
import type { ProbedFile } from '../src/media/types.js';

let dir: string;
let cache: string;
let oldCache: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-ocr-cache-'));
  cache = join(dir, 'cache');
  oldCache = process.env.APPEAL_CACHE_DIR;
  process.env.APPEAL_CACHE_DIR = cache;
});

afterAll(async () => {
  if (oldCache === undefined) delete process.env.APPEAL_CACHE_DIR;
  else process.env.APPEAL_CACHE_DIR = oldCache;
  await rm(dir, { recursive: true, force: true });
});

describe('where the cache lives', () => {
  const home = '/home/maker';
  it('follows XDG on Linux, falling back to ~/.cache', () => {
    expect(cacheDir({}, 'linux', home)).toBe('/home/maker/.cache/handmade-appeal');
    expect(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', home)).toBe('/xdg/handmade-appeal');
  });
  it('uses ~/Library/Caches on macOS and %LOCALAPPDATA% on Windows', () => {
    expect(cacheDir({}, 'darwin', home)).toBe('/home/maker/Library/Caches/handmade-appeal');
    expect(cacheDir({ LOCALAPPDATA: 'C:/Users/m/AppData/Local' }, 'win32', home)).toMatch(/^C:\/Users\/m\/AppData\/Local[\\/]handmade-appeal[\\/]Cache$/);
  });
  it('is overridden by APPEAL_CACHE_DIR', () => {
    expect(cacheDir({ APPEAL_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/xdg' }, 'linux', home)).toBe('/tmp/x');
  });
});

describe('cache entries', () => {
  const found = { found: true, text: 'CACTUS HANDS', box: [1, 2, 3, 4] as [number, number, number, number] };
  it('gives back what was stored for the same content, name and reader', async () => {
    const store = new OcrCache(join(dir, 'unit'), 'v1');
    await store.set('abc', 'Cactus Hands', found);
    expect(await store.get('abc', 'Cactus Hands')).toEqual(found);
  });
  it('misses for another photo, another name or another reader version', async () => {
    const store = new OcrCache(join(dir, 'unit'), 'v1');
    await store.set('abc', 'Cactus Hands', found);
    expect(await store.get('abd', 'Cactus Hands')).toBeNull();
    expect(await store.get('abc', 'Cactus Flowers')).toBeNull();
    expect(await new OcrCache(join(dir, 'unit'), 'v2').get('abc', 'Cactus Hands')).toBeNull();
  });
  it('treats a torn entry as a miss, and an unwritable folder as no cache at all', async () => {
    const store = new OcrCache(join(dir, 'torn'), 'v1');
    await store.set('abc', 'N', found);
    const [entry] = await readdir(join(dir, 'torn', 'ocr'));
    await writeFile(join(dir, 'torn', 'ocr', entry!), '{"hash": "abc", "na');
    expect(await store.get('abc', 'N')).toBeNull();
    const blocked = join(dir, 'a-file');
    await writeFile(blocked, 'not a folder');
    await expect(new OcrCache(blocked, 'v1').set('abc', 'N', found)).resolves.toBeUndefined();
    expect(await new OcrCache(blocked, 'v1').get('abc', 'N')).toBeNull();
  });
  it('hashes a file by its content', async () => {
    const a = join(dir, 'a.bin');
    await writeFile(a, 'same bytes');
    const b = join(dir, 'b.bin');
    await writeFile(b, 'same bytes');
    expect(await contentHash(a)).toBe(await contentHash(b));
    await writeFile(b, 'other bytes');
    expect(await contentHash(a)).not.toBe(await contentHash(b));
  });
});

describe('reading with the cache (real tesseract.js)', () => {
  let photo: ProbedFile;
  const passesOf = async (file: ProbedFile, name: string) => {
    let passes = 0;
    const results = await findBusinessNames([file], name, { onPass: () => passes++ });
    return { passes, result: results.get(file.absPath)! };
  };

  beforeAll(async () => {
    const made = await makeSignPhoto({ width: 900, height: 600, lines: ['Cactus Hands'], capPx: 40, seed: 41 });
    const file = join(dir, 'card.jpg');
    await writeFile(file, made.buffer);
    photo = { file: 'card.jpg', absPath: file, kind: 'image', format: 'jpeg', bytes: made.buffer.length, width: 900, height: 600, durationSec: null };
  }, 60_000);

  it('reads a photo once; the second check reads nothing and gives the same answer', async () => {
    const first = await passesOf(photo, 'Cactus Hands');
    expect(first.result.found).toBe(true);
    expect(first.passes).toBeGreaterThan(0);
    const second = await passesOf(photo, 'Cactus Hands');
    expect(second.passes).toBe(0);
    expect(second.result).toEqual(first.result);
    expect((await readdir(join(cache, 'ocr'))).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  }, 120_000);

  it('reads again when the business name changes', async () => {
    const other = await passesOf(photo, 'Salt & Pine');
    expect(other.passes).toBeGreaterThan(0);
    expect(other.result.found).toBe(false);
  }, 120_000);

  it('reads again when the photo changes, even under the same file name', async () => {
    const made = await makeSignPhoto({ width: 900, height: 600, lines: ['Cactus Hands'], capPx: 40, seed: 42 });
    await writeFile(photo.absPath, made.buffer);
    const again = await passesOf(photo, 'Cactus Hands');
    expect(again.passes).toBeGreaterThan(0);
    expect(again.result.found).toBe(true);
  }, 120_000);

  it('never uses the cache when told not to', async () => {
    let passes = 0;
    await findBusinessNames([photo], 'Cactus Hands', { cache: false, onPass: () => passes++ });
    expect(passes).toBeGreaterThan(0);
  }, 120_000);
});
