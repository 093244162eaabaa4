/**
 * Test media the shared generators (helpers/media.ts) do not make: a "busy" clip whose
 * detail exceeds any budget (so a bitrate target is actually binding), and MP4 box order.
 */
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { findTool } from '../../src/media/binaries.js';

export function ffmpegRun(args: string[]): Promise<void> {
  const ffmpeg = findTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found');
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err.trim()}`))));
  });
}

/**
 * A clip with moving detail and grain (like a handheld phone shot of a workbench), so that the
 * encoder needs every bit it is given. `metadata` adds container tags (e.g. a GPS location).
 */
export async function makeBusyClip(
  file: string,
  opts: { seconds: number; width: number; height: number; fps?: number; audio?: boolean; metadata?: Record<string, string> },
): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const fps = opts.fps ?? 30;
  const args = [
    '-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=${fps}:duration=${opts.seconds}`,
    ...(opts.audio ? ['-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=${opts.seconds}`] : []),
    '-vf', 'noise=alls=18:allf=t+u',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p',
    ...(opts.audio ? ['-c:a', 'aac', '-b:a', '128k', '-shortest'] : []),
    ...Object.entries(opts.metadata ?? {}).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]),
    file,
  ];
  await ffmpegRun(args);
  return file;
}

/** Top-level ISO-BMFF box types in file order (ftyp, moov, mdat, ...). */
export async function topLevelBoxes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const types: string[] = [];
    const head = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= size) {
      await handle.read(head, 0, 16, at);
      let length = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (length === 1) length = Number(head.readBigUInt64BE(8));
      else if (length === 0) length = size - at;
      if (length < 8) break;
      types.push(type);
      at += length;
    }
    return types;
  } finally {
    await handle.close();
  }
}

/** True while a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An iPhone-style HDR clip: 10-bit HEVC, BT.2020 primaries, HLG transfer, in a .mov. */
export async function makeHdrClip(file: string, opts: { seconds: number; width: number; height: number }): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await ffmpegRun([
    '-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=30:duration=${opts.seconds}`,
    '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-tag:v', 'hvc1',
    '-x265-params', 'log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc',
    '-color_primaries', 'bt2020', '-color_trc', 'arib-std-b67', '-colorspace', 'bt2020nc',
    '-f', 'mov', file,
  ]);
  return file;
}
