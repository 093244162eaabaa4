import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { BusinessNameResult, ProbedFile } from './types.js';
import { OcrCache, cacheDir, contentHash } from './ocr/cache.js';
import { readImage, type ImageOutcome, type PassListener, type ReadHooks } from './ocr/image.js';
import { AbortedError, OcrPool, poolSize, MODEL } from './ocr/pool.js';
import { defaultTuning, METHOD_VERSION, type OcrTuning } from './ocr/tuning.js';
import { readVideo } from './ocr/video.js';
import { notFoundReason } from './ocr/reason.js';

export { tessdataPath, workerOptions } from './ocr/pool.js';
export { defaultTuning, type OcrTuning } from './ocr/tuning.js';
export { planViews, regionViews } from './ocr/views.js';

export interface OcrOptions {
  /** Called after each file is done (for a progress line). */
  onProgress?: (done: number, total: number, file: ProbedFile) => void;
  /** Stops the reading: workers and ffmpeg are ended and the call rejects with AbortedError. */
  signal?: AbortSignal;
  /** Overrides of the pass plan (bench and tests); the defaults are the tuned ones. */
  tuning?: Partial<OcrTuning>;
  /** Cap on tesseract workers (default: one per core, at most 4). */
  maxWorkers?: number;
  /** Called after every OCR pass (bench: passes per photo). */
  onPass?: PassListener;
  /** Keep results in the user's cache folder (default true; the bench turns it off). */
  cache?: boolean;
  /** Called with the overlay measurements of every find (bench). */
  onEvidence?: ReadHooks['onEvidence'];
}

/**
 * The reader's version, part of every cache key: another engine, model or method must never
 * reuse an old answer.
 */
export function engineVersion(tuning: OcrTuning = defaultTuning): string {
  const require = createRequire(import.meta.url);
  const tesseract = (require('tesseract.js/package.json') as { version: string }).version;
  const tuned = JSON.stringify(tuning) === JSON.stringify(defaultTuning) ? 'default' : JSON.stringify(tuning);
  return `tesseract.js ${tesseract}; ${MODEL}; method ${METHOD_VERSION}; ${tuned}`;
}

/** Extensions worth starting the engine for before the probe has said what a file is. */
const MEDIA_EXTENSION = /\.(jpe?g|png|heic|heif|webp|tiff?|avif|gif|mp4|mov|m4v|webm|mkv|avi|3gp)$/i;

/**
 * Reading the business name in one appeal's files. Started as soon as the file list is known
 * (`expect`), before the probe finishes: files are hashed and looked up in the cache at once,
 * and the tesseract workers start only if some photo is not cached, while the probe still runs.
 * `read` then reads whatever the cache did not have. Always `close()` it.
 */
export class NameReader {
  private readonly tuning: OcrTuning;
  private readonly cache: OcrCache | null;
  private readonly controller = new AbortController();
  private readonly hashes = new Map<string, Promise<string | null>>();
  private readonly cached = new Map<string, Promise<BusinessNameResult | null>>();
  private pool: Promise<OcrPool> | null = null;
  private closed = false;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    readonly name: string,
    private readonly options: OcrOptions = {},
  ) {
    // libvips keeps recently decoded images in a cache; the reader decodes each 12 MP photo a
    // couple of times and never needs it again, so the cache only adds to the peak memory.
    sharp.cache(false);
    this.tuning = { ...defaultTuning, ...options.tuning };
    this.cache = options.cache === false ? null : new OcrCache(cacheDir(), engineVersion(this.tuning));
    // Workers busy inside tesseract must be ended, not waited for.
    this.controller.signal.addEventListener('abort', () => void this.close(), { once: true });
    options.signal?.addEventListener('abort', this.onOuterAbort, { once: true });
    if (options.signal?.aborted) this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The files the check will ask about: hash and look them up now; warm the engine on a miss. */
  expect(paths: readonly string[]): void {
    const misses: Promise<boolean>[] = [];
    for (const path of paths) misses.push(this.lookup(path).then((hit) => hit === null && MEDIA_EXTENSION.test(path)));
    void Promise.all(misses).then(
      (flags) => {
        const count = flags.filter(Boolean).length;
        if (count > 0 && !this.closed && !this.signal.aborted) void this.engine(count).catch(() => {});
      },
      () => {},
    );
  }

  private hash(path: string): Promise<string | null> {
    let hash = this.hashes.get(path);
    if (!hash) {
      // An unreadable file has no cache entry; the reader reports why it cannot read it.
      hash = this.cache ? contentHash(path, this.signal).catch(() => null) : Promise.resolve(null);
      this.hashes.set(path, hash);
    }
    return hash;
  }

  private lookup(path: string): Promise<BusinessNameResult | null> {
    let hit = this.cached.get(path);
    if (!hit) {
      hit = this.hash(path).then((hash) => (hash && this.cache ? this.cache.get(hash, this.name) : null));
      this.cached.set(path, hit);
    }
    return hit;
  }

  private engine(jobs: number): Promise<OcrPool> {
    this.pool ??= OcrPool.start(poolSize(jobs, this.options.maxWorkers ?? 4), this.signal, this.tuning.psm);
    return this.pool;
  }

  /**
   * Reads the business name in each photo and video (others are left out), keyed by absPath.
   * A file the reader could not process gets found=false with the reason.
   */
  async read(files: readonly ProbedFile[]): Promise<Map<string, BusinessNameResult>> {
    const results = new Map<string, BusinessNameResult>();
    const todo = files.filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error);
    if (todo.length === 0 || this.name.trim() === '') return results;
    if (this.signal.aborted) throw new AbortedError();
    let done = 0;
    const progress = (file: ProbedFile) => this.options.onProgress?.(++done, todo.length, file);
    const hits = await Promise.all(todo.map((f) => this.lookup(f.absPath)));
    const misses: ProbedFile[] = [];
    todo.forEach((file, i) => {
      const hit = hits[i];
      if (hit) {
        results.set(file.absPath, hit);
        progress(file);
      } else misses.push(file);
    });
    if (misses.length === 0) return results;

    let pool: OcrPool;
    try {
      pool = await this.engine(misses.length);
    } catch (error) {
      if (this.signal.aborted) throw new AbortedError();
      throw error;
    }
    // Videos first: a clip takes longest, so it should not be the one read alone at the end.
    misses.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'video' ? -1 : 1));
    let next = 0;
    const lane = async () => {
      while (next < misses.length) {
        const file = misses[next++]!;
        const result = await this.readOne(pool, file);
        results.set(file.absPath, result);
        const hash = await this.hash(file.absPath);
        if (hash && this.cache && !result.unreadable) await this.cache.set(hash, this.name, result);
        progress(file);
      }
    };
    await Promise.all(Array.from({ length: Math.min(pool.size, misses.length) }, lane));
    return results;
  }

  private async readOne(pool: OcrPool, file: ProbedFile): Promise<BusinessNameResult> {
    try {
      const hooks: ReadHooks = { onPass: this.options.onPass, onEvidence: this.options.onEvidence };
      if (file.kind === 'video') return await readVideo(pool, file, this.name, this.tuning, this.signal, hooks);
      const outcome: ImageOutcome = await readImage(pool, file, file, this.name, this.tuning, hooks);
      if (outcome.result.found || outcome.result.overlay) return outcome.result;
      return { ...outcome.result, reason: notFoundReason(this.name, outcome, 'photo') };
    } catch (error) {
      if (this.signal.aborted) throw new AbortedError();
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { found: false, text: null, box: null, unreadable: true, reason: `the text reader could not process this file (${why})` };
    }
  }

  /** Ends the workers (also on abort); safe to call more than once. */
  async close(): Promise<void> {
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onOuterAbort);
    const pool = this.pool;
    if (pool) await pool.then((p) => p.terminate(), () => {});
  }
}

/**
 * Reads the business name in each photo (and frames of each video), keyed by absPath.
 * Files that are not readable photos/videos are left out.
 */
export async function findBusinessNames(
  files: readonly ProbedFile[],
  name: string,
  options: OcrOptions = {},
): Promise<Map<string, BusinessNameResult>> {
  const reader = new NameReader(name, options);
  try {
    return await reader.read(files);
  } finally {
    await reader.close();
  }
}
