import ffmpeg from 'fluent-ffmpeg';
import { AppealError } from '../common/errors.js';
import { Cancelled } from '../common/cancel.js';
import { findTool } from './binaries.js';

/**
 * The only module that imports fluent-ffmpeg (archived upstream; a direct spawn
 * could replace it here without touching anything else).
 */

export type FfprobeData = ffmpeg.FfprobeData;

function toolOrFail(tool: 'ffmpeg' | 'ffprobe'): string {
  const path = findTool(tool);
  if (!path) {
    throw new AppealError(`${tool} was not found.`, {
      hint: `Reinstall with \`npm install\` (it ships ${tool}), or set ${tool.toUpperCase()}_PATH to a ${tool} binary.`,
    });
  }
  return path;
}

/** A fluent-ffmpeg command bound to the resolved binaries. */
export function command(input?: string): ffmpeg.FfmpegCommand {
  const cmd = input === undefined ? ffmpeg() : ffmpeg(input);
  cmd.setFfmpegPath(toolOrFail('ffmpeg'));
  cmd.setFfprobePath(toolOrFail('ffprobe'));
  return cmd;
}

/** Runs ffprobe on a file; rejects with ffprobe's own message when the file is not readable media. */
export function ffprobe(file: string): Promise<FfprobeData> {
  const probePath = toolOrFail('ffprobe');
  return new Promise((resolve, reject) => {
    const cmd = ffmpeg(file);
    cmd.setFfprobePath(probePath);
    cmd.ffprobe((error: Error | null, data: FfprobeData) => (error ? reject(error) : resolve(data)));
  });
}

// ---------------------------------------------------------------------------
// Encoding (helper "encoders"): one ffmpeg run with sturdy progress and abort.

/** One `-progress pipe:1` report: how far the current run got. */
export interface FfmpegProgress {
  /** Output timestamp reached, seconds. */
  outTimeSec: number;
  /** Encoding speed relative to real time (2 = twice as fast as playback), null while unknown. */
  speed: number | null;
  frame: number | null;
}

export interface RunFfmpegOptions {
  /** Options placed before `-i input`. */
  inputOptions?: string[];
  /** Options placed after the input, before the output target. */
  outputOptions: string[];
  onProgress?: (progress: FfmpegProgress) => void;
  signal?: AbortSignal;
  /** Called with the ffmpeg process id once it runs (diagnostics, tests). */
  onStart?: (pid: number) => void;
  /** Time between SIGTERM and SIGKILL on abort. Default 2000 ms. */
  killGraceMs?: number;
}


/** ffmpeg failed on its own (bad input, unsupported stream); `tail` is the end of its stderr. */
export class FfmpegError extends Error {
  override readonly name = 'FfmpegError';
  constructor(
    message: string,
    readonly tail: string,
  ) {
    super(message);
  }
}

/** Parses ffmpeg's `-progress` key=value blocks (each ends with `progress=continue|end`). */
export function progressParser(onBlock: (progress: FfmpegProgress) => void): (chunk: string) => void {
  let pending = '';
  let block: Record<string, string> = {};
  return (chunk) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      block[key] = value;
      if (key !== 'progress') continue;
      const speed = Number.parseFloat(block.speed ?? '');
      const frame = Number.parseInt(block.frame ?? '', 10);
      onBlock({
        outTimeSec: parseOutTime(block),
        speed: Number.isFinite(speed) && speed > 0 ? speed : null,
        frame: Number.isFinite(frame) ? frame : null,
      });
      block = {};
    }
  };
}

function parseOutTime(block: Record<string, string>): number {
  // out_time=HH:MM:SS.micro exists in every version; out_time_us/out_time_ms (both µs) vary.
  const match = /^(-)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(block.out_time ?? '');
  if (match && !match[1]) return Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  const micros = Number.parseInt(block.out_time_us ?? block.out_time_ms ?? '', 10);
  return Number.isFinite(micros) && micros > 0 ? micros / 1e6 : 0;
}

/**
 * Runs ffmpeg once (input → target) through fluent-ffmpeg, reading progress from
 * `-progress pipe:1` on stdout rather than fluent's stderr scraping. On abort:
 * SIGTERM, then SIGKILL after a grace period; resolves/rejects only after the
 * process has exited, so the caller can delete outputs safely.
 */
export function runFfmpeg(input: string, target: string, options: RunFfmpegOptions): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new Cancelled(undefined, { cause: signal.reason }));
  const cmd = command(input);
  cmd.inputOptions('-nostdin', ...(options.inputOptions ?? []));
  // Spread arguments: fluent-ffmpeg splits array items that contain one space ("-a b").
  cmd.outputOptions(...options.outputOptions, '-progress', 'pipe:1', '-nostats');
  cmd.output(target);

  return new Promise<void>((resolve, reject) => {
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    let proc: { pid?: number; kill(signal?: NodeJS.Signals): boolean; stdout: NodeJS.ReadableStream | null } | undefined;
    const parse = progressParser((p) => options.onProgress?.(p));

    const onAbort = () => {
      aborted = true;
      if (!proc) return; // killed as soon as it starts (see 'start')
      proc.kill('SIGTERM');
      killTimer = setTimeout(() => proc?.kill('SIGKILL'), options.killGraceMs ?? 2000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error: Error | null) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (aborted) reject(new Cancelled(undefined, { cause: signal?.reason }));
      else if (error) reject(error);
      else resolve();
    };

    cmd.on('start', () => {
      proc = (cmd as unknown as { ffmpegProc?: typeof proc }).ffmpegProc;
      if (proc?.pid !== undefined) options.onStart?.(proc.pid);
      proc?.stdout?.setEncoding('utf8');
      proc?.stdout?.on('data', (chunk: string) => parse(chunk));
      if (aborted) onAbort();
    });
    cmd.on('end', () => finish(null));
    cmd.on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
      const tail = (stderr ?? '').trim().split('\n').slice(-4).join('\n');
      finish(new FfmpegError(error.message.split('\n')[0] ?? 'ffmpeg failed', tail));
    });
    cmd.run();
  });
}

let filterList: Promise<Set<string>> | undefined;

/** Whether the resolved ffmpeg has a filter (e.g. zscale/tonemap for HDR phone clips). Cached. */
export function hasFilter(name: string): Promise<boolean> {
  filterList ??= new Promise<Set<string>>((resolve) => {
    command().availableFilters((error, filters) => resolve(new Set(error ? [] : Object.keys(filters ?? {}))));
  });
  return filterList.then((set) => set.has(name));
}
