import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Tesseract from 'tesseract.js';
import { AppealError } from '../../common/errors.js';

/**
 * A small pool of tesseract.js workers (each a worker thread running the wasm engine).
 *
 * The English model comes from the npm package @tesseract.js-data/eng: no download ever (the
 * library's default is a CDN), and caching is off, because its default cache folder is the
 * current directory: it would leave eng.traineddata in the seller's photo folder.
 * Workers are always terminated: after the work and on abort (the caller's AbortSignal; only
 * the CLI listens for Ctrl-C).
 */

export type OcrWorker = Tesseract.Worker;

/** Which model folder of @tesseract.js-data/eng: the small LSTM-only "best_int" model. */
export const MODEL = '4.0.0_best_int';

/** Folder holding eng.traineddata.gz inside node_modules (never a URL). */
export function tessdataPath(model: string = MODEL): string {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  } catch (cause) {
    throw new AppealError('the English text model for reading photos is not installed.', {
      exitCode: 2,
      hint: 'Run `npm install` again (it installs @tesseract.js-data/eng), or use --no-ocr.',
      cause,
    });
  }
  const folder = join(root, model);
  if (!existsSync(join(folder, 'eng.traineddata.gz'))) {
    throw new AppealError(`the English text model is missing from ${folder}.`, {
      exitCode: 2,
      hint: 'Run `npm install` again, or use --no-ocr.',
    });
  }
  return folder;
}

/**
 * The script each worker thread runs: tesseract.js's own, behind a shim that keeps the wasm
 * engine's diagnostics (Leptonica's "Error in boxClipToRectangle: ...", printed with
 * console.warn inside the thread) out of the seller's terminal and out of --format json. It is
 * compiled to dist/; running from the TypeScript sources (tests), tesseract.js's own script is
 * used and those lines may show.
 */
function workerPath(): string | undefined {
  const shim = fileURLToPath(new URL('./engine-thread.cjs', import.meta.url));
  return existsSync(shim) ? shim : undefined;
}

/** Worker options that keep tesseract.js offline and out of the current directory. */
export function workerOptions(langPath: string = tessdataPath()): Partial<Tesseract.WorkerOptions> {
  const path = workerPath();
  return {
    ...(path ? { workerPath: path } : {}),
    langPath,
    gzip: true,
    cacheMethod: 'none',
    // Belt and braces: should caching ever be switched on, it must not land in the cwd.
    cachePath: os.tmpdir(),
    // Errors reach us through the job's rejected promise; the default handler would print them.
    errorHandler: () => {},
  };
}

/** Workers to start: one per core, at least 1, at most `cap` (and never more than jobs). */
export function poolSize(jobs: number, cap = 4): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cap, cores, jobs));
}

export class AbortedError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('Reading the business name was cancelled.');
  }
}

/** Rejects as soon as the signal aborts (a terminated worker never settles its promise). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // settles later (or never); nobody waits for it any more
    return Promise.reject(new AbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Tesseract's page mode for scattered words: as much text as possible, in no particular order. */
const SPARSE_TEXT = '11';

export class OcrPool {
  private readonly idle: OcrWorker[] = [];
  private readonly waiting: ((worker: OcrWorker) => void)[] = [];
  private readonly workers: OcrWorker[] = [];
  private readonly modes = new Map<OcrWorker, string>();
  private terminated = false;

  private constructor(
    private readonly signal: AbortSignal,
    private readonly psm: string,
  ) {}

  /** Starts `size` workers in parallel; if any fails to start, the others are terminated. */
  static async start(size: number, signal: AbortSignal, psm: string): Promise<OcrPool> {
    const pool = new OcrPool(signal, psm);
    const options = workerOptions();
    const started = await Promise.allSettled(
      Array.from({ length: size }, async () => {
        const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, options);
        pool.workers.push(worker);
        if (pool.terminated) return;
        await worker.setParameters({
          tessedit_pageseg_mode: psm as Tesseract.PSM,
          // We pass raw pixels without a DPI; a fixed value stops Tesseract guessing (and
          // printing "Estimating resolution" for every image).
          user_defined_dpi: '300',
          // Tesseract's own diagnostics ("Estimating resolution", "Empty page!!") go nowhere.
          debug_file: '/dev/null',
        });
        pool.idle.push(worker);
      }),
    );
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure || signal.aborted) {
      await pool.terminate();
      if (signal.aborted) throw new AbortedError();
      throw new AppealError('the text reader (tesseract.js) could not start.', {
        exitCode: 2,
        hint: 'Run `npm install` again, or use --no-ocr to skip reading the business name.',
        cause: failure?.reason,
      });
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  get pageSegMode(): string {
    return this.psm;
  }

  /** Reads one image (a binary PGM or any format Leptonica decodes) on the next free worker, with words and their boxes. */
  read(image: Buffer, options: { sparse?: boolean } = {}): Promise<Tesseract.RecognizeResult> {
    const psm = options.sparse ? SPARSE_TEXT : this.psm;
    return this.run(async (worker) => {
      // A worker keeps its page mode between jobs: switch only when this job needs another.
      if ((this.modes.get(worker) ?? this.psm) !== psm) {
        await worker.setParameters({ tessedit_pageseg_mode: psm as Tesseract.PSM });
        this.modes.set(worker, psm);
      }
      return worker.recognize(image, {}, { blocks: true, text: false });
    });
  }

  /** Runs `job` on the next free worker. */
  async run<T>(job: (worker: OcrWorker) => Promise<T>): Promise<T> {
    const worker = await abortable(this.acquire(), this.signal);
    try {
      return await abortable(job(worker), this.signal);
    } finally {
      this.release(worker);
    }
  }

  private acquire(): Promise<OcrWorker> {
    if (this.terminated) return Promise.reject(new AbortedError());
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: OcrWorker): void {
    if (this.terminated) return;
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  /** Terminates every worker; safe to call more than once. */
  async terminate(): Promise<void> {
    this.terminated = true;
    const all = this.workers.splice(0);
    this.idle.length = 0;
    await Promise.allSettled(all.map((w) => w.terminate()));
  }
}
