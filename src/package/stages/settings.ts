import { basename, extname, join, resolve } from 'node:path';
import type { VideoProgress } from '../../media/video.js';
import type { Message } from '../../rules/types.js';
import { throwIfCancelled } from '../../common/cancel.js';
import { DEFAULT_EMAIL_BYTES } from '../../appeal/size.js';

/**
 * What every build stage is given: where the appeal is, where the package goes, the budget,
 * the caller's AbortSignal and where to report progress. Stages run one way:
 * gate (check) → plan → video → photos → document → email → publish → preflight.
 */

export type BuildStage = 'check' | 'plan' | 'video' | 'photos' | 'docx' | 'email' | 'publish' | 'preflight';

export type BuildEvent =
  | { type: 'stage'; stage: BuildStage; detail?: string }
  | { type: 'video-progress'; progress: VideoProgress; pass: 1 | 2; attempt: number }
  | { type: 'check-messages'; messages: Message[]; blocking: Message[] }
  /** out/ now holds the new package (the preflight is still to come). */
  | { type: 'published'; outDir: string }
  | { type: 'note'; text: string };

export interface BuildOptions {
  /** Folder holding appeal.json. */
  dir: string;
  out?: string;
  limitBytes?: number;
  video?: boolean;
  force?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

export interface BuildSettings {
  dir: string;
  absDir: string;
  /** Absolute output folder, and how the seller named it (for messages). */
  out: string;
  outShown: string;
  limitBytes: number;
  withVideo: boolean;
  force: boolean;
  signal: AbortSignal | undefined;
  emit: (event: BuildEvent) => void;
  /** Announces a stage (and, for the signal tests only, may hold there; see holdForTest). */
  enter(stage: BuildStage, detail?: string): Promise<void>;
}

/**
 * A seam for the tests that send real signals to a real build at each stage: with
 * APPEAL_TEST_HOLD_AT=<stage> the build says so on stderr when it reaches that stage and
 * waits there (at most a minute) until it is stopped. Without the variable it does nothing.
 */
async function holdForTest(stage: BuildStage, signal: AbortSignal | undefined): Promise<void> {
  if (process.env.APPEAL_TEST_HOLD_AT !== stage) return;
  process.stderr.write(`holding at ${stage}\n`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
  throwIfCancelled(signal);
}

export function settingsOf(options: BuildOptions): BuildSettings {
  const emit = options.onEvent ?? (() => {});
  return {
    dir: options.dir,
    absDir: resolve(options.dir),
    out: resolve(options.out ?? join(options.dir, 'out')),
    outShown: options.out ?? join(options.dir, 'out'),
    limitBytes: options.limitBytes ?? DEFAULT_EMAIL_BYTES,
    withVideo: options.video !== false,
    force: Boolean(options.force),
    signal: options.signal,
    emit,
    async enter(stage, detail) {
      emit({ type: 'stage', stage, ...(detail === undefined ? {} : { detail }) });
      await holdForTest(stage, options.signal);
    },
  };
}

/** Milliseconds since `start` (performance.now()), rounded. */
export function since(start: number): number {
  return Math.round(performance.now() - start);
}

/** A file name safe on every system, keeping letters of any script. */
export function safeStem(file: string): string {
  const stem = basename(file, extname(file))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return stem || 'file';
}

/** Output names from the seller's file names, made unique ("step", "step-2"). */
export function uniqueStems(files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const stem = safeStem(file);
    const key = stem.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}

/** Runs `worker` over `items`, at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await worker(items[index]!, index);
      }
    }),
  );
  return results;
}

/**
 * At most `limit` tasks at once, first come first served, across every caller of the returned
 * function: unlike mapLimit, tasks of different kinds share the slots, so a task queued late
 * (an encode waiting for its decode) takes a slot the moment one frees.
 */
export function limiter(limit: number): <R>(task: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
