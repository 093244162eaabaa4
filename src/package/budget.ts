import { AppealError } from '../appeal/errors.js';
import { base64BodyBytes, formatSize, maxRawForEncoded } from '../appeal/size.js';

/**
 * The email budget. Everything here is arithmetic on byte counts so it can be
 * tested exactly; the one number that needs a real MIME composer (the bytes of
 * headers, text body and part boundaries) is measured by eml.ts and passed in.
 *
 * Sizes: "encoded" = bytes in the .eml (after base64); "raw" = bytes of a file.
 */


/** A built email is never allowed over its limit; below this share of it, quality was wasted. */
export const MIN_FILL = 0.9;

/** Photos may take at most this share of the attachment room when a video needs the rest. */
export const PHOTO_CAP_SHARE = 0.45;

/**
 * Lowest watchable video: about 250 kbit/s of picture at 640x360 plus a small
 * audio track. Below that a production video shows mush, so we refuse instead.
 */
export const MIN_VIDEO_KBPS = 250;
export const MIN_AUDIO_KBPS = 48;
/** MP4 container bytes (index, headers) on top of the streams, as a share. */
export const MP4_OVERHEAD = 0.02;

/** Photo qualities (mozjpeg): copy level (no visible loss), good, and the lowest accepted. */
export const COPY_QUALITY = 92;
export const GOOD_QUALITY = 82;
export const MIN_QUALITY = 55;

/** Exact size of the email: headers, text, part headers and boundaries, plus each attachment's base64 body. */
export function encodedEmailBytes(overheadBytes: number, rawAttachmentBytes: readonly number[]): number {
  let total = overheadBytes;
  for (const raw of rawAttachmentBytes) total += base64BodyBytes(raw);
  return total;
}

/** Bytes a video of this length takes at the lowest watchable quality (picture + sound + container). */
export function minVideoBytes(durationSec: number, hasAudio = true): number {
  const kbps = MIN_VIDEO_KBPS + (hasAudio ? MIN_AUDIO_KBPS : 0);
  return Math.ceil(((durationSec * kbps * 1000) / 8) * (1 + MP4_OVERHEAD));
}

/** Longest video (seconds) that fits in `rawBytes` at the lowest watchable quality. */
export function maxVideoSecondsFor(rawBytes: number, hasAudio = true): number {
  const perSecond = minVideoBytes(1, hasAudio);
  return Math.max(0, Math.floor(rawBytes / perSecond));
}

/** Total stream bitrate (kbit/s) that makes a video of `durationSec` land at about `rawBytes`. */
export function kbpsForBytes(rawBytes: number, durationSec: number): number {
  if (durationSec <= 0) return 0;
  return Math.floor((rawBytes * 8) / (1 + MP4_OVERHEAD) / durationSec / 1000);
}

/** "1:45", "10:00", "1:02:03" */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What the planner needs to know about the photos, summed over all of them (raw bytes). */
export interface PhotoSizes {
  /** At the quality used when everything fits (no visible loss). */
  copyBytes: number;
  /** At a good quality the planner is happy to settle for. */
  goodBytes: number;
  /** At the lowest quality and size still readable (the business name must stay legible). */
  minBytes: number;
}

export interface VideoFacts {
  file: string;
  durationSec: number;
  hasAudio: boolean;
  /** Size of the video at copy level: the original (remuxed) or a lossless-looking re-encode. */
  copyBytes: number;
}

export interface PlanInput {
  limitBytes: number;
  /** Email bytes besides the attachments' base64 bodies (see eml.ts measureEmailOverhead). */
  overheadBytes: number;
  /** The Word file without its photos (XML, styles, zip directory). */
  docxBaseBytes: number;
  photos: PhotoSizes;
  video: VideoFacts | null;
}

export interface BudgetPlan {
  limitBytes: number;
  overheadBytes: number;
  docxBaseBytes: number;
  /**
   * copy: the originals fit, nothing is degraded. fit: recompressed to use
   * between MIN_FILL and 100% of the budget.
   */
  mode: 'copy' | 'fit';
  /** Raw bytes the photos may take together inside the Word file. */
  photoBytes: number;
  /** Which photo level the share allows: the encoder searches a quality when it is 'search'. */
  photoLevel: 'copy' | 'good' | 'search';
  video: VideoPlan | null;
}

export interface VideoPlan {
  mode: 'copy' | 'encode';
  /** Raw bytes the video file may take (a share, re-checked after the Word file is written). */
  maxBytes: number;
}

/** Attachment room: bytes of base64 the email can still carry. */
export function attachmentRoom(limitBytes: number, overheadBytes: number): number {
  return limitBytes - overheadBytes;
}

/**
 * Largest video file (raw bytes) that still fits once the Word file is known exactly.
 * This is what the video encoder aims at after the photos are done.
 */
export function videoRoomAfterDocx(limitBytes: number, overheadBytes: number, docxBytes: number): number {
  return maxRawForEncoded(limitBytes - overheadBytes - base64BodyBytes(docxBytes));
}

/** Largest Word file (raw bytes) that fits beside a video of `videoBytes` (0 = no video). */
export function docxRoomBeside(limitBytes: number, overheadBytes: number, videoBytes: number): number {
  return maxRawForEncoded(limitBytes - overheadBytes - (videoBytes > 0 ? base64BodyBytes(videoBytes) : 0));
}

/**
 * Splits the budget between the Word file (photos) and the video. Refuses, before
 * anything is encoded, when even the lowest sane quality does not fit.
 */
export function planBudget(input: PlanInput): BudgetPlan {
  const { limitBytes, overheadBytes, docxBaseBytes, photos, video } = input;
  const room = attachmentRoom(limitBytes, overheadBytes);
  const base = { limitBytes, overheadBytes, docxBaseBytes };
  const docxAt = (photoBytes: number) => base64BodyBytes(docxBaseBytes + photoBytes);

  const minPhotosEncoded = docxAt(photos.minBytes);
  if (minPhotosEncoded > room) {
    throw new AppealError(
      `the photos need at least ${formatSize(minPhotosEncoded + overheadBytes)} of email even at the lowest readable quality, ` +
        `more than the ${formatSize(limitBytes)} budget.`,
      { exitCode: 1, hint: 'Use fewer photos (3 is the minimum Amazon accepts) or raise --max-email-size (20MB at most).' },
    );
  }

  if (!video) {
    if (docxAt(photos.copyBytes) <= room) {
      return { ...base, mode: 'copy', photoBytes: photos.copyBytes, photoLevel: 'copy', video: null };
    }
    // No video: the photos get the whole room, searched to fill it.
    const photoBytes = maxRawForEncoded(room) - docxBaseBytes;
    return { ...base, mode: 'fit', photoBytes, photoLevel: 'search', video: null };
  }

  const videoMin = minVideoBytes(video.durationSec, video.hasAudio);
  if (minPhotosEncoded + base64BodyBytes(videoMin) > room) {
    const videoRoom = maxRawForEncoded(room - minPhotosEncoded);
    const fitsSec = maxVideoSecondsFor(videoRoom, video.hasAudio);
    const trim =
      fitsSec >= 5 ? `trim it to under ${formatDuration(fitsSec)}` : 'the photos leave no room for a video';
    throw new AppealError(
      `the ${formatDuration(video.durationSec)} video needs at least ${formatSize(videoMin)} at the lowest watchable quality ` +
        `(${MIN_VIDEO_KBPS} kbit/s at 640x360), but only ${formatSize(videoRoom)} of the ${formatSize(limitBytes)} budget is left for it.`,
      {
        exitCode: 1,
        file: video.file,
        hint: `${trim[0]!.toUpperCase()}${trim.slice(1)}, or build with --no-video (a re-appeal without the video is accepted too).`,
      },
    );
  }

  // Everything at copy level fits: nothing is degraded.
  if (docxAt(photos.copyBytes) + base64BodyBytes(video.copyBytes) <= room) {
    return {
      ...base,
      mode: 'copy',
      photoBytes: photos.copyBytes,
      photoLevel: 'copy',
      video: { mode: 'copy', maxBytes: video.copyBytes },
    };
  }

  // Photos get what they need at good quality, up to their cap; never less than their minimum.
  const capBytes = Math.max(photos.minBytes, maxRawForEncoded(Math.floor(room * PHOTO_CAP_SHARE)) - docxBaseBytes);
  let photoBytes = Math.min(photos.goodBytes, capBytes);
  let photoLevel: BudgetPlan['photoLevel'] = photoBytes >= photos.goodBytes ? 'good' : 'search';
  // The video must keep its minimum: shrink the photos' share when it would not.
  const maxPhotoBesideMinVideo = docxRoomBeside(limitBytes, overheadBytes, videoMin) - docxBaseBytes;
  if (photoBytes > maxPhotoBesideMinVideo) {
    photoBytes = maxPhotoBesideMinVideo;
    photoLevel = 'search';
  }
  let videoBytes = videoRoomAfterDocx(limitBytes, overheadBytes, docxBaseBytes + photoBytes);
  if (videoBytes >= video.copyBytes) {
    // The video fits untouched; give the rest back to the photos so the budget is used.
    videoBytes = video.copyBytes;
    photoBytes = Math.min(photos.copyBytes, docxRoomBeside(limitBytes, overheadBytes, videoBytes) - docxBaseBytes);
    photoLevel = 'search';
    return { ...base, mode: 'fit', photoBytes, photoLevel, video: { mode: 'copy', maxBytes: videoBytes } };
  }
  return { ...base, mode: 'fit', photoBytes, photoLevel, video: { mode: 'encode', maxBytes: videoBytes } };
}

/** How fast a JPEG grows with its quality: about 5% a step around q80 (ln size per step), for a first guess. */
export const LOG_GROWTH_PER_STEP = 0.05;

/**
 * Highest integer quality in [low, high] whose size is at most `limit` (size grows with
 * quality). Every size is an encode, so it guesses rather than bisects: from the sizes it
 * already knows (`known`, quality → size, e.g. measured while planning) it interpolates on
 * log(size), or extrapolates at a typical JPEG growth rate, and only bisects when a guess
 * fails to narrow the bracket. With a known size near the answer that is two encodes.
 * Returns low (with its size) when even low is over: the caller re-checks.
 */
export async function searchQuality(
  sizeAt: (quality: number) => Promise<number>,
  limit: number,
  low: number,
  high: number,
  known: ReadonlyMap<number, number> = new Map(),
  /** ln(size) per step for the first guess, when the caller's sizes grow faster (padded ones). */
  growthPerStep: number = LOG_GROWTH_PER_STEP,
): Promise<{ quality: number; bytes: number }> {
  // Nothing fits in no room: the lowest quality, whose size tells the caller by how much.
  if (!(limit > 0)) return { quality: low, bytes: await sizeAt(low) };
  const sizes = new Map([...known].filter(([q]) => q >= low && q <= high));
  const measure = async (q: number) => {
    const bytes = sizes.get(q) ?? (await sizeAt(q));
    sizes.set(q, bytes);
    return bytes;
  };
  const estimate = (from: [number, number], to: [number, number] | null): number => {
    const slope = to ? Math.log(to[1] / from[1]) / (to[0] - from[0]) : growthPerStep;
    return from[0] + Math.log(limit / from[1]) / (slope > 0 ? slope : growthPerStep);
  };
  let lastWidth = Infinity;
  for (;;) {
    const points = [...sizes].sort((a, b) => a[0] - b[0]);
    const fits = points.filter(([, b]) => b <= limit).at(-1) ?? null;
    const over = points.find(([, b]) => b > limit) ?? null;
    if (fits && (fits[0] === high || (over && over[0] === fits[0] + 1))) return { quality: fits[0], bytes: fits[1] };
    if (over && over[0] === low) return { quality: low, bytes: over[1] };
    const lo = fits ? fits[0] : low - 1;
    const hi = over ? over[0] : high + 1;
    let guess: number;
    if (points.length === 0) guess = high;
    else if (hi - lo >= lastWidth / 2 && fits && over) guess = Math.floor((lo + hi) / 2);
    else if (fits && over) guess = Math.round(estimate(fits, over));
    else if (fits) guess = Math.round(estimate(fits, points.length > 1 ? points.at(-2)! : null));
    else guess = Math.round(estimate(over!, points.length > 1 ? points[1]! : null));
    lastWidth = hi - lo;
    guess = Math.min(hi - 1, Math.max(lo + 1, guess));
    await measure(guess);
  }
}

/**
 * Most the zip of the Word file can add to its photos beyond their own bytes: deflate never
 * grows data by more than 5 bytes per 16 KB block, and the drawing XML of each photo changes by
 * a few digits when its pixel size does (the base size was measured with placeholders).
 */
export function docxPhotoSlack(photoRoomBytes: number, photoCount: number): number {
  return Math.ceil(photoRoomBytes / 16_384) * 5 + 128 * photoCount;
}

/** Raw bytes the photos may take together beside a video of `videoBytes` (0 = none), exactly. */
export function photoRoomBeside(
  limitBytes: number,
  overheadBytes: number,
  docxBaseBytes: number,
  videoBytes: number,
  photoCount: number,
): number {
  const room = docxRoomBeside(limitBytes, overheadBytes, videoBytes) - docxBaseBytes;
  return room - docxPhotoSlack(room, photoCount);
}
