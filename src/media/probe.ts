// Longer than most modules: photos and videos are probed here side by side because they share
// the sniffing, the cut-off checks and the never-throw contract; splitting them would split that.
import { open, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { throwIfCancelled } from '../common/cancel.js';
import { ffprobe, type FfprobeData } from './ffmpeg.js';
import { displayedSize, MAX_PIXELS, readImageHeader, tooManyPixels, type ImageHeader } from './open-image.js';
import { pixelStats } from './pixels.js';
import { sniffFile, type Sniffed } from './sniff.js';
import type { ProbedFile, VideoInfo } from './types.js';

/**
 * What each file is, by content: magic bytes, then sharp's header reading for photos and
 * ffprobe for videos. Read-only, and it never throws for a bad file: problems become
 * `error`, in words a seller understands, so `check` can list every file's problem at once.
 */

export interface ProbeOptions {
  /** Also compute brightness/sharpness/phash/collage (images only; decodes a downscaled copy). */
  pixels?: boolean;
}

const FORMAT_NAMES: Record<string, string> = {
  jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', heic: 'HEIC', heif: 'HEIF', avif: 'AVIF', tiff: 'TIFF',
  bmp: 'BMP', svg: 'SVG', mp4: 'MP4', mov: 'MOV', '3gp': '3GP', webm: 'WebM', mkv: 'MKV', avi: 'AVI',
};

function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

function cutOff(format: string, what: 'photo' | 'video'): string {
  return `the ${formatName(format)} ${what} is cut off (an incomplete download or copy?)`;
}

export async function probeFile(absPath: string, shownAs: string, options: ProbeOptions = {}): Promise<ProbedFile> {
  const base: ProbedFile = {
    file: shownAs,
    absPath,
    kind: 'other',
    format: 'unknown',
    bytes: 0,
    width: null,
    height: null,
    durationSec: null,
  };
  try {
    const info = await stat(absPath);
    if (!info.isFile()) return { ...base, error: 'it is a folder, not a file' };
    base.bytes = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...base, error: code === 'ENOENT' ? 'the file does not exist' : `the file cannot be opened (${code ?? 'unknown reason'})` };
  }
  if (base.bytes === 0) return { ...base, format: 'empty', error: 'the file is empty (0 bytes)' };

  let sniffed: Sniffed & { head: Buffer };
  try {
    sniffed = await sniffFile(absPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...base, error: `the file cannot be opened (${code ?? 'unknown reason'})` };
  }
  const probed: ProbedFile = { ...base, kind: sniffed.kind, format: sniffed.format };
  try {
    if (sniffed.kind === 'image') await probeImage(probed, sniffed.head, options);
    else if (sniffed.kind === 'video') await probeVideo(probed);
  } catch (error) {
    // Defensive: a library failing in an unexpected way is still one file's problem, not a crash.
    probed.error ??= `the file cannot be read (${shortReason(error, absPath)})`;
  }
  return probed;
}

/**
 * Probes many files, a few at a time (sharp and ffprobe each want a core; 2-4 keeps memory
 * flat on a folder of 12 MP photos). Results keep the input order.
 */
export async function probeFiles(
  items: readonly { absPath: string; shownAs: string }[],
  options: ProbeOptions & {
    concurrency?: number;
    onDone?: (done: number, total: number, file: ProbedFile) => void;
    signal?: AbortSignal;
  } = {},
): Promise<ProbedFile[]> {
  const results: ProbedFile[] = new Array<ProbedFile>(items.length);
  const workers = Math.max(1, Math.min(options.concurrency ?? 3, 4, items.length));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        throwIfCancelled(options.signal);
        const index = next++;
        const item = items[index]!;
        const probed = await probeFile(item.absPath, item.shownAs, { pixels: options.pixels });
        results[index] = probed;
        done++;
        options.onDone?.(done, items.length, probed);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------- images

async function probeImage(probed: ProbedFile, head: Buffer, options: ProbeOptions): Promise<void> {
  const { absPath, format } = probed;
  let header: ImageHeader;
  try {
    // Header only (no decoding), so a pixel bomb's claim can be read and refused safely.
    header = await readImageHeader(absPath, head);
  } catch (error) {
    // BMP: a real format sharp's prebuilt libvips does not read; its header gives the size and
    // the format rule speaks for the rest.
    if (format === 'bmp') {
      if (head.length >= 26) {
        probed.width = Math.abs(head.readInt32LE(18));
        probed.height = Math.abs(head.readInt32LE(22));
      }
      return;
    }
    probed.error = `the ${formatName(format)} photo is damaged and cannot be opened (${shortReason(error, absPath)})`;
    return;
  }
  if (header.orientation > 1) probed.orientation = header.orientation;
  const shown = displayedSize(header);
  probed.width = shown.width;
  probed.height = shown.height;
  probed.hasGps = header.hasGps;
  probed.animated = (format === 'gif' || format === 'webp') && header.pages > 1;

  const problem = tooManyPixels(header);
  if (problem) {
    probed.error = `${problem}; export a normal-size copy`;
    return;
  }
  const truncated = await imageLooksCutOff(absPath, format, head, probed.bytes);
  if (truncated) {
    probed.error = cutOff(format, 'photo');
    return;
  }
  if (options.pixels) {
    try {
      probed.pixels = await pixelStats(absPath);
    } catch (error) {
      // HEIC without a decoder is the encoder's problem to report, not a damaged file.
      if (format !== 'heic' && format !== 'heif') {
        probed.error = `the ${formatName(format)} photo is damaged and cannot be opened (${shortReason(error, absPath)})`;
      }
    }
  }
}

async function readAt(absPath: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, Math.max(0, position));
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Cheap end-of-file checks: a JPEG ends with the EOI marker, a PNG with IEND, a GIF with
 * its trailer, a WebP's RIFF size matches the file. When the tail looks wrong, a fast
 * downscaled decode decides, because phones append data after a complete JPEG (motion photos).
 */
async function imageLooksCutOff(absPath: string, format: string, head: Buffer, bytes: number): Promise<boolean> {
  let tailOk = true;
  if (format === 'jpeg' || format === 'png' || format === 'gif') {
    const tail = await readAt(absPath, bytes - 32, Math.min(32, bytes));
    let end = tail.length;
    // Some writers pad with zeros or 0xFF after the end marker.
    while (end > 0 && (tail[end - 1] === 0x00 || (format === 'jpeg' && tail[end - 1] === 0xff && tail[end - 2] !== 0xd9))) end--;
    if (format === 'jpeg') tailOk = end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
    else if (format === 'png') tailOk = tail.subarray(0, end).includes(Buffer.from('IEND', 'latin1'));
    else tailOk = end >= 1 && tail[end - 1] === 0x3b;
  } else if (format === 'webp') {
    tailOk = head.length >= 8 && head.readUInt32LE(4) + 8 <= bytes;
  } else if (format === 'heic' || format === 'heif' || format === 'avif') {
    return (await isoBoxProblem(absPath, bytes)) === 'cut-off';
  }
  if (tailOk) return false;
  if (format === 'webp') return true;
  try {
    await sharp(absPath, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
      .resize(256, 256, { fit: 'inside' })
      .raw()
      .toBuffer();
    return false;
  } catch {
    return true;
  }
}



// ---------------------------------------------------------------- videos

/**
 * Walks the top-level boxes of an ISO media file (MP4/MOV/HEIF): a box running past the end
 * of the file means the copy was cut off; no `moov` in a video means it has no index.
 */
async function isoBoxProblem(absPath: string, bytes: number, needMoov = false): Promise<'cut-off' | 'no-index' | null> {
  const handle = await open(absPath, 'r');
  try {
    const header = Buffer.alloc(16);
    let offset = 0;
    let sawMoov = false;
    for (let boxes = 0; offset < bytes && boxes < 10_000; boxes++) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) return 'cut-off';
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (!/^[\x20-\x7e]{4}$/.test(type)) return offset === 0 ? null : 'cut-off';
      if (type === 'moov') sawMoov = true;
      if (size === 0) break; // runs to the end of the file
      if (size === 1) {
        if (bytesRead < 16) return 'cut-off';
        size = Number(header.readBigUInt64BE(8));
      }
      if (size < 8) return 'cut-off';
      if (offset + size > bytes) return 'cut-off';
      offset += size;
    }
    return needMoov && !sawMoov ? 'no-index' : null;
  } finally {
    await handle.close();
  }
}

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  if (!num || !Number.isFinite(num)) return null;
  const value = den ? num / den : num;
  return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) / 1000 : null;
}

function finiteNumber(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Rotation a player applies, clockwise: the display matrix (which ffprobe reports
 * counter-clockwise; fluent-ffmpeg flattens it onto the stream as `rotation`, newer
 * versions may keep `side_data_list`), else the older `rotate` tag (clockwise).
 */
function rotationOf(stream: FfprobeData['streams'][number]): number {
  const loose = stream as { rotation?: unknown; side_data_list?: { rotation?: unknown }[] };
  const matrix = finiteNumber(loose.rotation) ?? loose.side_data_list?.map((d) => finiteNumber(d.rotation)).find((r) => r !== null) ?? null;
  const degrees = matrix !== null ? -matrix : (finiteNumber((stream.tags as Record<string, unknown> | undefined)?.rotate) ?? 0);
  return ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
}

async function probeVideo(probed: ProbedFile): Promise<void> {
  const { absPath, format } = probed;
  const iso = format === 'mp4' || format === 'mov' || format === '3gp';
  if (iso) {
    const problem = await isoBoxProblem(absPath, probed.bytes, true);
    if (problem === 'cut-off') {
      probed.error = cutOff(format, 'video');
      return;
    }
    if (problem === 'no-index') {
      probed.error = `the ${formatName(format)} video has no index (moov box): it was cut off or the recording did not finish`;
      return;
    }
  }
  let data: FfprobeData;
  try {
    data = await ffprobe(absPath);
  } catch (error) {
    const reason = shortReason(error, absPath);
    probed.error = /not found|ENOENT/i.test(reason) && !/moov/i.test(reason)
      ? `ffprobe is not available to read videos (${reason})`
      : `ffprobe cannot read this video; it is damaged or cut off (${reason})`;
    return;
  }
  const video = data.streams.find((s) => s.codec_type === 'video' && !isCoverArt(s));
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  const duration = finiteNumber(data.format.duration) ?? finiteNumber(video?.duration);
  probed.durationSec = duration !== null ? Math.round(duration * 1000) / 1000 : null;
  const rotation = video ? rotationOf(video) : 0;
  const info: VideoInfo = {
    container: format === 'unknown' ? (data.format.format_name ?? null) : format,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    pixelFormat: video?.pix_fmt ?? null,
    fps: parseRate(video?.avg_frame_rate) ?? parseRate(video?.r_frame_rate),
    rotation,
    bitRate: finiteNumber(data.format.bit_rate),
  };
  probed.video = info;
  if (!video) {
    probed.error = audio ? 'the file has sound but no picture' : 'ffprobe cannot read this video: it holds no picture or sound (damaged?)';
    return;
  }
  const width = finiteNumber(video.width);
  const height = finiteNumber(video.height);
  const swap = rotation === 90 || rotation === 270;
  probed.width = swap ? height : width;
  probed.height = swap ? width : height;
}

function isCoverArt(stream: FfprobeData['streams'][number]): boolean {
  const disposition = stream.disposition;
  return disposition?.attached_pic === 1;
}

/** The useful last line of a library error, without stack, ffprobe's banner or the file's path. */
function shortReason(error: unknown, absPath?: string): string {
  let text = error instanceof Error ? error.message : String(error);
  if (absPath) text = text.split(absPath).join('the file');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(ffprobe|ffmpeg) (version|exited)|^Command failed|^built with|^configuration:|^lib\w+\s+\d/.test(l));
  const line = (lines.at(-1) ?? text).replace(/^the file: /, '');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
