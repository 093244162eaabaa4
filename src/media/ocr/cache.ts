import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { BusinessNameResult } from '../types.js';

/**
 * Never read the same photo twice: the result of reading the business name in a file is kept
 * under a key made of the file's content (SHA-256), the name looked for and the reader's version
 * (engine, model and method), in the user's cache folder. `appeal build` right after
 * `appeal check` finds every photo there. A changed photo, name or reader gives another key, so
 * an old entry is simply never found again (and is pruned after a while).
 *
 * The cache is an optimisation only: a folder that cannot be created, read or written means the
 * photo is read again (the named fallback), never a failed check.
 */

/** Where the cache lives, by platform convention; APPEAL_CACHE_DIR overrides it (tests, CI). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.APPEAL_CACHE_DIR) return env.APPEAL_CACHE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'handmade-appeal');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'handmade-appeal', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'handmade-appeal');
}

/** SHA-256 of a file's bytes, streamed (a video is never held in memory). */
export async function contentHash(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Entries untouched for this long are removed (a seller's appeal lasts days, not months). */
const KEEP_MS = 45 * 24 * 3600 * 1000;

export class OcrCache {
  private pruned = false;

  constructor(
    readonly dir: string,
    /** The reader's version: engine, model and method. */
    readonly engine: string,
  ) {}

  private entry(hash: string, name: string): string {
    const key = createHash('sha256').update(`${hash}\0${name}\0${this.engine}`).digest('hex');
    return join(this.dir, 'ocr', `${key}.json`);
  }

  /** The stored result, or null (not there, unreadable, or for another key). */
  async get(hash: string, name: string): Promise<BusinessNameResult | null> {
    let text: string;
    try {
      text = await readFile(this.entry(hash, name), 'utf8');
    } catch {
      return null; // a miss: the photo is read
    }
    try {
      const stored = JSON.parse(text) as { hash?: string; name?: string; engine?: string; result?: BusinessNameResult };
      // The key is a hash of these three; checking them guards against a collision or a hand edit.
      if (stored.hash !== hash || stored.name !== name || stored.engine !== this.engine || !stored.result) return null;
      if (typeof stored.result.found !== 'boolean') return null;
      return stored.result;
    } catch {
      return null; // a torn or edited entry counts as a miss and is overwritten
    }
  }

  /** Stores a result (atomically: a temp file renamed into place). Failures are ignored. */
  async set(hash: string, name: string, result: BusinessNameResult): Promise<void> {
    const file = this.entry(hash, name);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(join(this.dir, 'ocr'), { recursive: true });
      await writeFile(temp, JSON.stringify({ hash, name, engine: this.engine, savedAt: new Date().toISOString(), result }));
      await rename(temp, file);
    } catch {
      await rm(temp, { force: true }).catch(() => {});
      return; // not cached: the next run reads the photo again
    }
    await this.prune();
  }

  /** Once per run: drops entries not written for KEEP_MS. */
  private async prune(): Promise<void> {
    if (this.pruned) return;
    this.pruned = true;
    const folder = join(this.dir, 'ocr');
    const now = Date.now();
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const file = join(folder, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > KEEP_MS) await rm(file, { force: true }).catch(() => {});
    }
  }
}
