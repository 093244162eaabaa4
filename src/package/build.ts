import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { AppealError } from '../appeal/errors.js';
import { base64BodyBytes } from '../appeal/size.js';
import { loadAppeal } from '../appeal/store.js';
import type { Appeal } from '../appeal/schema.js';
import { runChecks, type CheckReport } from '../check/run.js';
import { preparePhoto, EDGE_LADDER, type PreparedPhoto, type PhotoResult } from '../media/image.js';
import { encodeVideo, fitInside, videoBitrateFor, type VideoProgress, type VideoResult } from '../media/video.js';
import { isAbortError, runFfmpeg } from '../media/ffmpeg.js';
import type { CheckedFile, Message } from '../rules/types.js';
import {
  DEFAULT_MAX_EMAIL_BYTES,
  MIN_FILL,
  MIN_VIDEO_KBPS,
  VIDEO_AIM,
  encodedEmailBytes,
  planBudget,
  searchQuality,
  videoRoomAfterDocx,
  docxRoomBeside,
  PHOTO_CAP_SHARE,
  minVideoBytes,
  type BudgetPlan,
  type PlanInput,
  type PhotoSizes,
  type VideoFacts,
} from './budget.js';
import {
  DEFAULT_REPLY_TO,
  DOCX_NAME,
  contentOf,
  emailText,
  loadQuestionsOf,
  oneLine,
  subjectOf,
  type AppealContent,
  type PhotoItem,
  type VideoItem,
} from './content.js';
import { docxBaseBytes, docxBuffer } from './docx.js';
import { DOCX_TYPE, measureEmailOverhead, newMessageId, writeEml, type EmailDraft } from './eml.js';

/**
 * `appeal build`: check → plan the budget → recompress photos and video → Word file →
 * .eml → preflight. Everything is written into a temp folder beside out/ and renamed into
 * place at the end, so a failed or interrupted build leaves the previous out/ as it was.
 */

/** Photo qualities (mozjpeg): copy level (no visible loss), good, and the lowest accepted. */
export const COPY_QUALITY = 92;
export const GOOD_QUALITY = 82;
export const MIN_QUALITY = 55;
/** Photos encoded at once (2 cores; each holds a ~15 MB pixel buffer). */
const PHOTO_CONCURRENCY = 2;

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

export type BuildEvent =
  | { type: 'stage'; stage: 'check' | 'plan' | 'photos' | 'docx' | 'video' | 'email' | 'preflight'; detail?: string }
  | { type: 'video-progress'; progress: VideoProgress; pass: 1 | 2; attempt: number }
  | { type: 'check-messages'; messages: Message[]; blocking: Message[] }
  | { type: 'note'; text: string };

export interface FileReportEntry {
  source: string;
  output: string;
  kind: 'image' | 'video';
  beforeBytes: number;
  afterBytes: number;
  before: { width: number | null; height: number | null };
  after: { width: number; height: number };
  /** JPEG quality (100 = PNG) for photos; null for videos. */
  quality: number | null;
  format: string;
  videoKbps?: number;
  audioKbps?: number;
  /** 'copy' = streams copied unchanged (metadata stripped); 'encode' = two-pass H.264/AAC. */
  method?: 'copy' | 'encode';
  attempts?: number;
  gpsRemoved?: boolean;
}

export interface BuildReport {
  version: 1;
  builtAt: string;
  appeal: string;
  limitBytes: number;
  emailBytes: number;
  predictedBytes: number;
  fill: number;
  mode: BudgetPlan['mode'];
  budget: {
    limitBytes: number;
    overheadBytes: number;
    docxBaseBytes: number;
    photoShareBytes: number;
    videoShareBytes: number | null;
    docxBytes: number;
    videoBytes: number | null;
  };
  video: boolean;
  email: { to: string; from: string | null; subject: string };
  files: FileReportEntry[];
  outputs: { docx: string; eml: string; media: string[] };
  timings: Record<'checkMs' | 'planMs' | 'photosMs' | 'docxMs' | 'videoMs' | 'emailMs' | 'preflightMs' | 'totalMs', number>;
}

export interface BuildResult {
  outDir: string;
  report: BuildReport;
  check: CheckReport;
  preflight: CheckReport;
}

/**
 * out/ is replaced as a whole, so it must be ours: missing, empty, or a previous build
 * (has report.json), and holding none of the seller's files.
 */
async function guardOut(out: string, shown: string, sources: readonly string[]): Promise<void> {
  if (sources.some((file) => file === out || file.startsWith(`${out}/`))) {
    throw new AppealError(`--out ${shown} holds your own photos or video, and build replaces that folder.`, {
      hint: 'Pick an output folder of its own, e.g. the default dir/out.',
    });
  }
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new AppealError(`--out ${shown} is not a folder build can write (${code ?? 'error'}).`, {
      hint: 'Pick an output folder of its own, e.g. the default dir/out.',
    });
  }
  if (names.length > 0 && !names.includes('report.json')) {
    throw new AppealError(`--out ${shown} already has files that appeal build did not write; it would replace them.`, {
      hint: 'Pick a new or empty folder, or remove that one first.',
    });
  }
}

/** Temp folders are named after the out folder and the pid, so a stale one can be recognised. */
function tempName(out: string): string {
  return join(dirname(out), `.${basename(out)}.building-${process.pid}-${randomBytes(3).toString('hex')}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A build killed with SIGKILL cannot clean up; the next build removes what it left. */
async function removeStaleTemps(out: string): Promise<void> {
  const prefix = `.${basename(out)}.`;
  const names = await readdir(dirname(out)).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const match = /^\.(.+)\.(?:building|previous)-(\d+)-[0-9a-f]+$/.exec(name);
      if (!name.startsWith(prefix) || !match || match[1] !== basename(out)) return;
      if (Number(match[2]) !== process.pid && alive(Number(match[2]))) return;
      await rm(join(dirname(out), name), { recursive: true, force: true });
    }),
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new BuildCancelled();
}

export class BuildCancelled extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('The build was cancelled.');
  }
}

/** Runs `worker` over `items`, at most `limit` at a time, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
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

interface SourcePhoto {
  file: CheckedFile;
  prepared: PreparedPhoto;
}

/** Is the clip already what we would make (H.264/yuv420p + AAC, at most 30 fps)? Then copying loses nothing. */
export function copyableVideo(file: CheckedFile): boolean {
  const v = file.video;
  if (!v || file.durationSec === null) return false;
  return (
    (v.videoCodec === 'h264') &&
    (v.pixelFormat === null || v.pixelFormat === 'yuv420p' || v.pixelFormat === 'yuvj420p') &&
    (v.audioCodec === null || v.audioCodec === 'aac') &&
    (v.fps === null || v.fps <= 30.5) &&
    // A rotation tag may not survive the metadata strip of a stream copy: re-encode upright instead.
    (v.rotation ?? 0) % 360 === 0 &&
    (file.format === 'mp4' || file.format === 'mov')
  );
}

/** Bitrate (kbit/s) at which a re-encode of this clip shows no visible loss: ~4.5 Mbit/s at 720p, scaled by pixels. */
export function copyLevelKbps(file: CheckedFile): { videoKbps: number; audioKbps: number } {
  const size = fitInside(file.width ?? 1280, file.height ?? 720, 1280, 720);
  const scaled = Math.round((4500 * (size.width * size.height)) / (1280 * 720));
  const source = file.video?.bitRate ? Math.round(file.video.bitRate / 1000) : null;
  const videoKbps = Math.max(MIN_VIDEO_KBPS, source ? Math.min(scaled, Math.round(source * 1.2)) : scaled);
  return { videoKbps, audioKbps: file.video?.audioCodec ? 128 : 0 };
}

/** Picture size and sound bitrate that suit a total bitrate: low bitrates look better smaller. */
export function videoTier(totalKbps: number): { maxWidth: number; maxHeight: number; audioKbps: number } {
  if (totalKbps >= 1900) return { maxWidth: 1280, maxHeight: 720, audioKbps: 96 };
  if (totalKbps >= 1000) return { maxWidth: 960, maxHeight: 540, audioKbps: 96 };
  if (totalKbps >= 600) return { maxWidth: 854, maxHeight: 480, audioKbps: 64 };
  return { maxWidth: 640, maxHeight: 360, audioKbps: 48 };
}

function blockingErrors(report: CheckReport): Message[] {
  return report.messages.filter((m) => m.severity === 'error' && !m.fixable);
}

/** Sum of every photo's JPEG at `quality` (PNG where a screenshot is smaller), in parallel pairs. */
async function totalAt(photos: readonly SourcePhoto[], quality: number): Promise<number> {
  const sizes = await mapLimit(photos, PHOTO_CONCURRENCY, async (p) => {
    const jpeg = await p.prepared.sizeAt(quality);
    const png = p.prepared.screenshotLike ? await p.prepared.pngBytes() : null;
    return png !== null && png < jpeg ? png : jpeg;
  });
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Chooses one quality for all photos (they look alike side by side) that fits the share;
 * steps the long edge down when even the lowest quality does not.
 */
async function fitPhotos(
  photos: SourcePhoto[],
  shareBytes: number,
  level: BudgetPlan['photoLevel'],
): Promise<{ photos: SourcePhoto[]; quality: number }> {
  if (level === 'copy') return { photos, quality: COPY_QUALITY };
  if (level === 'good') return { photos, quality: GOOD_QUALITY };
  let current = photos;
  const edges = [Infinity, ...EDGE_LADDER];
  for (const edge of edges) {
    if (edge !== Infinity) {
      current = await mapLimit(current, PHOTO_CONCURRENCY, async (p) => ({ ...p, prepared: await p.prepared.resized(edge) }));
    }
    const found = await searchQuality((q) => totalAt(current, q), shareBytes, MIN_QUALITY, COPY_QUALITY);
    if (found.bytes <= shareBytes) return { photos: current, quality: found.quality };
  }
  throw new AppealError(`the photos do not fit in their share of the email (${Math.round(shareBytes / 1000)} KB).`, {
    exitCode: 1,
    hint: 'Use fewer photos, raise --max-email-size, or build with --no-video.',
  });
}

/**
 * The photo sizes the planner weighs, encoding only what the decision needs: the good
 * level always; copy level only when it could fit; the minimum only when good does not.
 * (Every encode is cached by the prepared photo, so the chosen one is not redone.)
 */
async function sizePhotos(
  sources: readonly SourcePhoto[],
  at: Omit<PlanInput, 'photos'>,
): Promise<PhotoSizes> {
  const room = at.limitBytes - at.overheadBytes;
  const docx = (photoBytes: number) => base64BodyBytes(at.docxBaseBytes + photoBytes);
  const goodBytes = await totalAt(sources, GOOD_QUALITY);
  const videoCopy = at.video ? base64BodyBytes(at.video.copyBytes) : 0;
  const copyBytes = docx(goodBytes) + videoCopy <= room ? await totalAt(sources, COPY_QUALITY) : Number.MAX_SAFE_INTEGER;
  const videoMin = at.video ? base64BodyBytes(minVideoBytes(at.video.durationSec, at.video.hasAudio)) : 0;
  const cap = at.video ? room * PHOTO_CAP_SHARE : room;
  const goodIsEnough = docx(goodBytes) + videoMin <= room && docx(goodBytes) <= cap;
  const minBytes = goodIsEnough ? goodBytes : await totalAt(sources, MIN_QUALITY);
  return { copyBytes, goodBytes, minBytes };
}


/**
 * Re-encodes the photos at the highest quality that fits the Word file's room beside the
 * finished video. Returns null (and leaves everything as it was) when that gains nothing or
 * the new Word file would not fit.
 */
async function topUpPhotos(input: {
  entries: readonly { file: CheckedFile; media: { file: string } }[];
  current: PhotoResult[];
  planItems: PhotoItem[];
  docxBytes: number;
  docxRoom: number;
  temp: string;
  render: (items: PhotoItem[]) => Promise<{ content: AppealContent; docx: Buffer }>;
}): Promise<{ photos: PhotoResult[]; content: AppealContent; docx: Buffer } | null> {
  const { entries, current, planItems, docxBytes, docxRoom, temp, render } = input;
  const photoTotal = current.reduce((sum, r) => sum + r.bytes, 0);
  // The zip around the photos grows a little with them: keep a few KB aside.
  const share = photoTotal + (docxRoom - docxBytes) - 4096;
  const quality = Math.min(...current.map((r) => (r.format === 'png' ? COPY_QUALITY : r.quality)));
  if (share <= photoTotal || quality >= COPY_QUALITY) return null;
  const fresh: SourcePhoto[] = await mapLimit(entries, PHOTO_CONCURRENCY, async (e) => ({
    file: e.file,
    prepared: await preparePhoto(e.file.absPath, { shownAs: e.media.file }),
  }));
  let chosen: { photos: SourcePhoto[]; quality: number };
  try {
    chosen = await fitPhotos(fresh, share, 'search');
  } catch {
    return null;
  }
  if (chosen.quality <= quality) return null;
  const staging = join(temp, '.top-up');
  await mkdir(staging, { recursive: true });
  try {
    const upgraded = await mapLimit(chosen.photos, PHOTO_CONCURRENCY, (p, i) =>
      writePhoto(p, chosen.quality, join(staging, basename(planItems[i]!.path))),
    );
    const itemsAt = (results: PhotoResult[]) =>
      planItems.map((item, i) => {
        const r = results[i]!;
        return { ...item, path: r.file, format: r.format === 'png' ? ('png' as const) : ('jpg' as const), width: r.width, height: r.height };
      });
    const { docx } = await render(itemsAt(upgraded));
    if (docx.length > docxRoom) return null;
    const placed: PhotoResult[] = [];
    for (const [i, r] of upgraded.entries()) {
      const old = current[i]!;
      const target = join(dirname(old.file), basename(r.file));
      await rm(old.file, { force: true });
      await rename(r.file, target);
      placed.push({ ...r, file: target });
    }
    const { content } = await render(itemsAt(placed));
    return { photos: placed, content, docx };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writePhoto(p: SourcePhoto, quality: number, output: string): Promise<PhotoResult> {
  const png = p.prepared.screenshotLike ? await p.prepared.pngBytes() : null;
  const usePng = png !== null && png < (await p.prepared.sizeAt(quality));
  return p.prepared.write(output, usePng ? 'png' : quality);
}

/** Copies a clip's streams unchanged into a clean MP4 (no GPS or other metadata, index first). */
async function remuxVideo(input: string, output: string, signal: AbortSignal | undefined): Promise<void> {
  await runFfmpeg(input, output, {
    outputOptions: [
      '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    signal,
  });
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

export async function buildAppeal(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // libvips keeps recently decoded images in a cache; a build decodes each 12 MP photo once, so
  // the cache only costs memory (peak RSS target: under 400 MB).
  sharp.cache(false);
  const emit = options.onEvent ?? (() => {});
  const { signal } = options;
  const dir = options.dir;
  const absDir = resolve(dir);
  const out = resolve(options.out ?? join(dir, 'out'));
  const limitBytes = options.limitBytes ?? DEFAULT_MAX_EMAIL_BYTES;
  const withVideo = options.video !== false;
  const timings = { checkMs: 0, planMs: 0, photosMs: 0, docxMs: 0, videoMs: 0, emailMs: 0, preflightMs: 0, totalMs: 0 };

  if (resolve(out) === absDir || absDir.startsWith(`${out}/`)) {
    throw new AppealError(`--out ${options.out ?? out} would replace the appeal folder itself.`, {
      hint: 'Pick a folder of its own, e.g. the default dir/out.',
    });
  }
  const appeal: Appeal = await loadAppeal(dir);
  await guardOut(out, options.out ?? join(dir, 'out'), appeal.media.map((m) => resolve(absDir, m.file)));
  const businessName = appeal.business.name?.trim() || undefined;

  // 1. The same check the seller runs; what build repairs itself (size, format, GPS) does not block.
  emit({ type: 'stage', stage: 'check' });
  let t = performance.now();
  // OCR is the slow part of check: skip it when there is no name to look for or the seller turned the rule off.
  const ocr = Boolean(businessName) && appeal.rules?.['business-name-visible'] !== 'off';
  const check = await runChecks(dir, { ocr, limitBytes, signal });
  timings.checkMs = ms(t);
  const blocking = blockingErrors(check);
  emit({ type: 'check-messages', messages: check.messages, blocking });
  if (blocking.length > 0 && !options.force) {
    throw new AppealError(
      `check found ${blocking.length} problem${blocking.length === 1 ? '' : 's'} that build cannot fix (listed above); nothing was built.`,
      { exitCode: 1, hint: 'Fix them and run `appeal build` again, or build anyway with --force.' },
    );
  }
  throwIfAborted(signal);

  // The seller's files in appeal.json order, as the check read them.
  const byPath = new Map(check.checkedFiles.map((f) => [f.absPath, f] as const));
  const entries = appeal.media
    .map((media) => ({ media, file: byPath.get(resolve(absDir, media.file)) }))
    .filter((e): e is { media: (typeof appeal.media)[number]; file: CheckedFile } => e.file !== undefined && !e.file.error);
  const photoEntries = entries.filter((e) => e.file.kind === 'image');
  const videoEntries = entries.filter((e) => e.file.kind === 'video');
  if (photoEntries.length === 0) {
    throw new AppealError('appeal.json lists no readable photo, so there is nothing to put in the Word file.', {
      exitCode: 1,
      hint: 'Add 3 to 5 photos with `appeal init`, or list them under "media" in appeal.json.',
    });
  }
  const left = appeal.media.filter((m) => !entries.some((e) => e.media === m) || !['image', 'video'].includes(entries.find((e) => e.media === m)!.file.kind));
  if (left.length > 0) {
    emit({ type: 'note', text: `Left out (not a readable photo or video): ${left.map((m) => m.file).join(', ')}.` });
  }
  if (withVideo && videoEntries.length > 1) {
    emit({ type: 'note', text: `Only the first video (${videoEntries[0]!.media.file}) is attached; Amazon asks for one short video at most.` });
  }
  if (!appeal.business.email) {
    emit({ type: 'note', text: 'appeal.json has no business email, so the email has no From; your mail program fills it in when you send it.' });
  }
  const videoEntry = withVideo ? (videoEntries[0] ?? null) : null;
  const videoFile = videoEntry?.file ?? null;

  await mkdir(dirname(out), { recursive: true });
  await removeStaleTemps(out);
  const temp = tempName(out);
  const mediaDir = join(temp, 'media');
  await mkdir(mediaDir, { recursive: true });

  try {
    // 2. Photos decoded once, then sized at the three levels the planner weighs.
    emit({ type: 'stage', stage: 'plan' });
    t = performance.now();
    const sources: SourcePhoto[] = await mapLimit(photoEntries, PHOTO_CONCURRENCY, async (e) => {
      throwIfAborted(signal);
      return { file: e.file, prepared: await preparePhoto(e.file.absPath, { shownAs: e.media.file }) };
    });

    const questionsOf = await loadQuestionsOf();
    const questions = questionsOf(appeal);
    const names = uniqueStems([...photoEntries.map((e) => e.media.file), ...(videoEntry ? [videoEntry.media.file] : [])]);
    const photoName = (i: number) => join(mediaDir, `${names[i]!}.jpg`);
    const videoName = videoEntry ? `${names[photoEntries.length]!}.mp4` : null;
    const videoPath = videoName ? join(mediaDir, videoName) : null;
    const planItems: PhotoItem[] = sources.map((s, i) => ({
      source: photoEntries[i]!.media.file,
      path: photoName(i),
      format: 'jpg',
      width: s.prepared.width,
      height: s.prepared.height,
      asins: photoEntries[i]!.media.asins,
      caption: photoEntries[i]!.media.caption ?? null,
    }));
    const videoItem: VideoItem | null =
      videoEntry && videoName && videoPath
        ? {
            source: videoEntry.media.file,
            path: videoPath,
            fileName: videoName,
            asins: videoEntry.media.asins,
            caption: videoEntry.media.caption ?? null,
          }
        : null;

    // The email around the attachments does not depend on their sizes: measure it now, exactly.
    const draftOf = async (content: AppealContent): Promise<EmailDraft> => ({
      from: appeal.business.email
        ? { name: oneLine(appeal.business.name ?? appeal.business.person ?? ''), address: appeal.business.email }
        : null,
      to: appeal.notice?.replyTo ?? DEFAULT_REPLY_TO,
      subject: subjectOf(content),
      text: await emailText(content, appeal),
      date: new Date(),
      messageId: newMessageId(appeal.business.email),
      attachments: [
        { filename: DOCX_NAME, path: join(temp, DOCX_NAME), contentType: DOCX_TYPE },
        ...(videoItem ? [{ filename: videoItem.fileName, path: videoItem.path, contentType: 'video/mp4' }] : []),
      ],
    });
    const planContent = contentOf(appeal, questions, planItems, videoItem);
    const draft = await draftOf(planContent);
    const overheadBytes = await measureEmailOverhead(draft);
    const baseBytes = await docxBaseBytes(planContent);

    let videoFacts: VideoFacts | null = null;
    if (videoFile) {
      if (videoFile.durationSec === null || !(videoFile.durationSec > 0)) {
        throw new AppealError('has no readable length, so its share of the email cannot be planned.', {
          exitCode: 1,
          file: videoEntry!.media.file,
          hint: 'Export the clip again from the phone as MP4, or build with --no-video.',
        });
      }
      const copyable = copyableVideo(videoFile);
      const level = copyLevelKbps(videoFile);
      videoFacts = {
        file: videoEntry!.media.file,
        durationSec: videoFile.durationSec,
        hasAudio: Boolean(videoFile.video?.audioCodec),
        copyBytes: copyable
          ? videoFile.bytes
          : Math.ceil((((level.videoKbps + level.audioKbps) * 1000) / 8) * videoFile.durationSec * 1.02),
      };
    }
    const photoSizes = await sizePhotos(sources, { limitBytes, overheadBytes, docxBaseBytes: baseBytes, video: videoFacts });
    throwIfAborted(signal);
    const plan = planBudget({ limitBytes, overheadBytes, docxBaseBytes: baseBytes, photos: photoSizes, video: videoFacts });
    timings.planMs = ms(t);
    throwIfAborted(signal);

    // 3. Photos at the planned level, then the Word file (its exact size decides the video's room).
    emit({ type: 'stage', stage: 'photos', detail: `${sources.length} photos` });
    t = performance.now();
    let share = plan.photoBytes;
    let docxBytes = 0;
    let photoResults: PhotoResult[] = [];
    let content = planContent;
    for (let attempt = 1; ; attempt++) {
      const chosen = await fitPhotos(sources, share, attempt === 1 ? plan.photoLevel : 'search');
      photoResults = await mapLimit(chosen.photos, PHOTO_CONCURRENCY, (p, i) => writePhoto(p, chosen.quality, planItems[i]!.path));
      timings.photosMs += ms(t);
      throwIfAborted(signal);
      emit({ type: 'stage', stage: 'docx' });
      t = performance.now();
      const items = planItems.map((item, i) => {
        const r = photoResults[i]!;
        return { ...item, path: r.file, format: r.format === 'png' ? ('png' as const) : ('jpg' as const), width: r.width, height: r.height };
      });
      content = contentOf(appeal, questions, items, videoItem);
      const docx = await docxBuffer(content);
      await writeFile(join(temp, DOCX_NAME), docx);
      docxBytes = docx.length;
      timings.docxMs += ms(t);
      // Without a video the Word file has the whole room; re-plan once if its zip overhead was underestimated.
      // (With a video, the video simply gets what is left, measured exactly below.)
      const room = docxRoomBeside(limitBytes, overheadBytes, 0);
      if (videoFacts || docxBytes <= room || attempt >= 2) break;
      share = Math.max(0, share - (docxBytes - room) - 1024);
      for (const r of photoResults) await rm(r.file, { force: true });
      t = performance.now();
    }
    // The decoded pixels (~15 MB a photo) are not needed any more: let them go before the video and preflight.
    sources.length = 0;
    throwIfAborted(signal);

    // 4. The video gets exactly what is left.
    let videoResult: (VideoResult & { method: 'copy' | 'encode'; attempts: number }) | null = null;
    if (videoFile && videoItem && plan.video) {
      emit({ type: 'stage', stage: 'video', detail: videoItem.source });
      t = performance.now();
      const room = videoRoomAfterDocx(limitBytes, overheadBytes, docxBytes);
      if (room <= 0) throw new AppealError('the Word file leaves no room for the video.', { exitCode: 1, hint: 'Build with --no-video, or use fewer photos.' });
      videoResult = await produceVideo(videoFile, videoItem, room, plan, temp, signal, emit);
      await rm(join(temp, '.work'), { recursive: true, force: true });
      timings.videoMs = ms(t);
    }
    throwIfAborted(signal);

    // 4b. x264 often lands a few percent under the bitrate it was given, and a video cannot be
    // nudged up without encoding it again, while photo sizes are exact. So the photos take up
    // the slack (a higher JPEG quality) and the email still uses at least MIN_FILL of the budget.
    if (videoResult && plan.mode === 'fit' && photoResults.length > 0) {
      const used = encodedEmailBytes(overheadBytes, [docxBytes, videoResult.bytes]);
      if (used < MIN_FILL * limitBytes) {
        t = performance.now();
        const topped = await topUpPhotos({
          entries: photoEntries,
          current: photoResults,
          planItems,
          docxBytes,
          docxRoom: docxRoomBeside(limitBytes, overheadBytes, videoResult.bytes),
          temp,
          render: async (items) => {
            const upgraded = contentOf(appeal, questions, items, videoItem);
            return { content: upgraded, docx: await docxBuffer(upgraded) };
          },
        });
        if (topped) {
          photoResults = topped.photos;
          content = topped.content;
          docxBytes = topped.docx.length;
          await writeFile(join(temp, DOCX_NAME), topped.docx);
        }
        timings.photosMs += ms(t);
      }
    }
    throwIfAborted(signal);

    // 5. The email, predicted to the byte before it is written.
    emit({ type: 'stage', stage: 'email' });
    t = performance.now();
    const finalDraft: EmailDraft = { ...draft, text: await emailText(content, appeal) };
    const finalOverhead = finalDraft.text === draft.text ? overheadBytes : await measureEmailOverhead(finalDraft);
    const sizes = [docxBytes, ...(videoResult ? [videoResult.bytes] : [])];
    const predictedBytes = encodedEmailBytes(finalOverhead, sizes);
    if (predictedBytes > limitBytes) {
      throw new AppealError(
        `the email would be ${predictedBytes.toLocaleString('en-US')} bytes, over the ${limitBytes.toLocaleString('en-US')} limit; nothing was written.`,
        { exitCode: 1, hint: 'Build with --no-video or use fewer photos.' },
      );
    }
    const emlPath = join(temp, 'appeal.eml');
    const emailBytes = await writeEml(finalDraft, emlPath, signal);
    timings.emailMs = ms(t);
    if (emailBytes > limitBytes) {
      throw new AppealError(`the written email is ${emailBytes} bytes, over the ${limitBytes} limit.`, { exitCode: 1 });
    }

    const files: FileReportEntry[] = photoResults.map((r, i) => ({
      source: photoEntries[i]!.media.file,
      output: relative(temp, r.file),
      kind: 'image',
      beforeBytes: photoEntries[i]!.file.bytes,
      afterBytes: r.bytes,
      before: { width: photoEntries[i]!.file.width, height: photoEntries[i]!.file.height },
      after: { width: r.width, height: r.height },
      quality: r.quality,
      format: r.format,
      gpsRemoved: r.gpsRemoved || Boolean(photoEntries[i]!.file.hasGps),
    }));
    if (videoResult && videoFile && videoItem) {
      files.push({
        source: videoItem.source,
        output: relative(temp, videoResult.file),
        kind: 'video',
        beforeBytes: videoFile.bytes,
        afterBytes: videoResult.bytes,
        before: { width: videoFile.width, height: videoFile.height },
        after: { width: videoResult.width, height: videoResult.height },
        quality: null,
        format: 'mp4',
        videoKbps: videoResult.videoKbps,
        audioKbps: videoResult.audioKbps,
        method: videoResult.method,
        attempts: videoResult.attempts,
      });
    }
    const report: BuildReport = {
      version: 1,
      builtAt: new Date().toISOString(),
      appeal: join(dir, 'appeal.json'),
      limitBytes,
      emailBytes,
      predictedBytes,
      fill: Math.round((emailBytes / limitBytes) * 10_000) / 10_000,
      mode: plan.mode,
      budget: {
        limitBytes,
        overheadBytes: finalOverhead,
        docxBaseBytes: baseBytes,
        photoShareBytes: plan.photoBytes,
        videoShareBytes: plan.video?.maxBytes ?? null,
        docxBytes,
        videoBytes: videoResult?.bytes ?? null,
      },
      video: Boolean(videoResult),
      email: { to: finalDraft.to, from: finalDraft.from?.address ?? null, subject: oneLine(finalDraft.subject) },
      files,
      outputs: {
        docx: DOCX_NAME,
        eml: 'appeal.eml',
        media: files.map((f) => f.output),
      },
      timings,
    };
    if (plan.mode === 'fit' && emailBytes < MIN_FILL * limitBytes) {
      emit({ type: 'note', text: `The email uses ${Math.round(report.fill * 100)}% of the budget (the video encoder came in under its target).` });
    }
    report.timings.totalMs = ms(started);
    await writeFile(join(temp, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    throwIfAborted(signal);

    // 6. Swap into place: the old out/ is moved aside and removed only once the new one is there.
    const previous = join(dirname(out), `.${basename(out)}.previous-${process.pid}-${randomBytes(3).toString('hex')}`);
    let hadPrevious = false;
    try {
      await rename(out, previous);
      hadPrevious = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      await rename(temp, out);
    } catch (error) {
      if (hadPrevious) await rename(previous, out).catch(() => {});
      throw error;
    }
    if (hadPrevious) await rm(previous, { recursive: true, force: true });

    // 7. Preflight: the same rules, on the email exactly as it will be sent.
    emit({ type: 'stage', stage: 'preflight' });
    t = performance.now();
    const preflight = await runChecks(join(out, 'appeal.eml'), {
      // The names were read on the originals; read again only when the photos lost quality.
      ocr: Boolean(businessName) && plan.photoLevel === 'search' && check.context.ocr,
      limitBytes,
      ...(businessName ? { businessName } : {}),
    });
    report.timings.preflightMs = ms(t);
    report.timings.totalMs = ms(started);
    await writeFile(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    return { outDir: out, report, check, preflight };
  } finally {
    await rm(temp, { recursive: true, force: true });
    await check.dispose();
  }
}

async function produceVideo(
  file: CheckedFile,
  item: VideoItem,
  room: number,
  plan: BudgetPlan,
  temp: string,
  signal: AbortSignal | undefined,
  emit: (event: BuildEvent) => void,
): Promise<VideoResult & { method: 'copy' | 'encode'; attempts: number }> {
  const duration = file.durationSec!;
  const hasAudio = Boolean(file.video?.audioCodec);
  const workDir = join(temp, '.work');

  if (plan.video?.mode === 'copy' && copyableVideo(file) && file.bytes <= room) {
    await remuxVideo(file.absPath, item.path, signal);
    const bytes = (await stat(item.path)).size;
    if (bytes <= room) {
      return {
        file: item.path,
        bytes,
        width: file.width ?? 0,
        height: file.height ?? 0,
        durationSec: duration,
        fps: file.video?.fps ?? 0,
        videoKbps: Math.round(((bytes * 8) / duration / 1000) * 0.98),
        audioKbps: 0,
        hasAudio,
        passes: 2,
        method: 'copy',
        attempts: 1,
      };
    }
    await rm(item.path, { force: true });
  }

  // Copy level for a clip that needs converting; otherwise everything left, minus the encoder's margin.
  let target = Math.floor(room * VIDEO_AIM);
  if (plan.video?.mode === 'copy') {
    const level = copyLevelKbps(file);
    target = Math.min(target, Math.ceil((((level.videoKbps + level.audioKbps) * 1000) / 8) * duration * 1.02));
  }
  let attempts = 0;
  for (;;) {
    attempts++;
    const totalKbps = (target * 8) / 1000 / duration;
    const tier = videoTier(totalKbps);
    const audioKbps = hasAudio ? tier.audioKbps : 0;
    const videoKbps = videoBitrateFor(target, duration, audioKbps);
    if (videoKbps < MIN_VIDEO_KBPS * 0.9) {
      throw new AppealError(
        `only ${Math.round(room / 1000)} KB are left for the video, below the lowest watchable quality.`,
        { exitCode: 1, file: item.source, hint: 'Trim the video, use fewer photos, or build with --no-video.' },
      );
    }
    const result = await encodeVideo(file.absPath, item.path, {
      videoKbps,
      audioKbps: audioKbps || undefined,
      maxWidth: tier.maxWidth,
      maxHeight: tier.maxHeight,
      workDir,
      signal,
      shownAs: item.source,
      onProgress: (progress) => emit({ type: 'video-progress', progress, pass: progress.pass, attempt: attempts }),
    });
    if (result.bytes <= room) return { ...result, method: 'encode', attempts };
    if (attempts >= 2) {
      throw new AppealError(
        `the converted video is ${Math.round(result.bytes / 1000)} KB, over the ${Math.round(room / 1000)} KB left for it, twice.`,
        { exitCode: 1, file: item.source, hint: 'Trim the video or build with --no-video.' },
      );
    }
    // Re-plan once: scale the target by how far this attempt overshot.
    emit({ type: 'note', text: `The video came out ${Math.round((result.bytes / room - 1) * 1000) / 10}% over its share; encoding it once more.` });
    target = Math.floor(target * ((room * VIDEO_AIM) / result.bytes));
    await rm(item.path, { force: true });
  }
}

export { isAbortError };
