/** What the probe learned about one file, by content (magic bytes, sharp metadata, ffprobe). */
export type MediaKind = 'image' | 'video' | 'archive' | 'other';

export interface VideoInfo {
  container: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
  pixelFormat: string | null;
  fps: number | null;
  /** Rotation the player applies (display matrix / rotate tag), degrees. */
  rotation: number;
  bitRate: number | null;
}

/** Cheap pixel statistics computed on a downscaled copy (never on the full 12 MP image). */
export interface PixelStats {
  /** Mean luminance 0..255. */
  brightness: number;
  /** Variance of the Laplacian on a ~512 px copy; low = blurry. */
  sharpness: number;
  /** 64-bit perceptual hash as 16 hex digits. */
  phash: string;
  /** 0..1 likelihood that the image is a grid of several photos. */
  collage: number;
}

export interface BusinessNameResult {
  found: boolean;
  text: string | null;
  /** [left, top, right, bottom] in the original image's displayed (EXIF-rotated) coordinates. */
  box: [number, number, number, number] | null;
  /** For videos: the time of the frame where it was found. */
  atSec?: number | null;
  /**
   * For videos: the times (seconds into the clip) of the sampled frames where the name was read,
   * ascending; empty when it was not read. Trimming uses it to keep the part that shows the name.
   */
  seenAt?: number[];
  /**
   * The name was read, but as text added onto the picture afterwards (a digital overlay or
   * watermark), which Amazon does not accept: `found` is false, `text`/`box` say where it is.
   */
  overlay?: boolean;
  /** What made it look added: in the seller's words. */
  overlayReason?: string;
  /** Part of the name was read (e.g. one line of a two-line sign): a doubtful miss. */
  partial?: string;
  /** The file could not be processed at all (not kept in the cache: it may work next time). */
  unreadable?: boolean;
  /** Why it was not found, in the seller's words. */
  reason?: string;
}

export interface ProbedFile {
  /** The path as the seller wrote it / as shown in messages. */
  file: string;
  absPath: string;
  kind: MediaKind;
  /** jpeg | png | heic | webp | gif | tiff | avif | mp4 | mov | webm | mkv | avi | zip | rar | 7z | pdf | text | unknown */
  format: string;
  bytes: number;
  /** Displayed dimensions (after EXIF orientation / video rotation). */
  width: number | null;
  height: number | null;
  durationSec: number | null;
  /** EXIF orientation 1..8 when present. */
  orientation?: number;
  hasGps?: boolean;
  animated?: boolean;
  video?: VideoInfo;
  pixels?: PixelStats;
  /** Set when the file cannot be read (empty, truncated, corrupt, pixel bomb): the reason. */
  error?: string;
}
