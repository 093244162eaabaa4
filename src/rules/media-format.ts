import type { Finding, Rule } from './types.js';

/** Amazon's notice names the accepted formats: JPEG or PNG images, MP4 videos. */
const ACCEPTED = new Set(['jpeg', 'png', 'mp4']);
/** Formats `appeal build` converts (HEIC via the wasm decoder, the rest via sharp / ffmpeg). */
// Not BMP: sharp's prebuilt libvips has no BMP loader, so build could not read it either.
const CONVERTIBLE_IMAGES = new Set(['heic', 'heif', 'webp', 'gif', 'tiff', 'avif']);
/** Video codecs inside an MP4 that play everywhere (H.264; MPEG-4 Part 2 on older cameras). */
const PLAYABLE_CODECS = new Set(['h264', 'avc1', 'mpeg4']);
/** Format names for photos and videos ("is in HEIC format"). */
const FORMAT_NAMES: Record<string, string> = {
  heic: 'HEIC (iPhone photo)',
  heif: 'HEIF',
  webp: 'WebP',
  mov: 'MOV (iPhone video)',
  webm: 'WebM',
};
/** What other files are ("is a PDF"). */
const FILE_NAMES: Record<string, string> = {
  svg: 'an SVG drawing',
  pdf: 'a PDF',
  docx: 'a Word document',
  odt: 'a text document',
  xlsx: 'a spreadsheet',
  pptx: 'a presentation',
  audio: 'an audio file',
  text: 'a text file',
};

function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

function fileName(format: string): string {
  return FILE_NAMES[format] ?? 'in a format appeal does not recognise';
}

export const mediaFormat: Rule = {
  id: 'media-format',
  defaultSeverity: 'error',
  description: 'Photos must be JPEG or PNG, videos MP4.',
  hint: 'Amazon accepts JPEG or PNG photos and MP4 videos; `appeal build` converts HEIC, WebP, GIF, TIFF, AVIF and MOV copies for you.',
  fixable: true,
  check(context) {
    const findings: Finding[] = [];
    for (const file of context.files) {
      // Unreadable files are corrupt-file's, archives archive's; in a built email the Word file is
      // an attachment like the video, and eml-attachments judges attachments.
      if (file.error || file.kind === 'archive') continue;
      if (context.target === 'eml' && file.kind === 'other') continue;
      if (ACCEPTED.has(file.format) && file.kind !== 'other') {
        if (file.kind === 'video' && context.target === 'eml') {
          const codec = file.video?.videoCodec?.toLowerCase() ?? null;
          // What is really being sent must be the MP4 every computer plays: H.264 in 4:2:0 with AAC sound.
          const audio = file.video?.audioCodec?.toLowerCase() ?? null;
          const pixels = file.video?.pixelFormat?.toLowerCase() ?? null;
          const wrong = [
            codec !== 'h264' ? `${(codec ?? 'unknown').toUpperCase()} video instead of H.264` : null,
            audio !== null && audio !== 'aac' ? `${audio.toUpperCase()} sound instead of AAC` : null,
            pixels !== null && pixels !== 'yuv420p' && pixels !== 'yuvj420p' ? `${pixels} pixels instead of yuv420p` : null,
          ].filter((part): part is string => part !== null);
          if (wrong.length > 0) {
            findings.push({
              file: file.file,
              fixable: false,
              message: `${file.file} in the email has ${wrong.join(' and ')}.`,
              hint: 'Build the email again with `appeal build` instead of attaching the video by hand.',
            });
          }
          continue;
        }
        // An MP4 with a codec many computers cannot play is video-codec's advice.
        continue;
      }
      if (file.kind === 'image' && CONVERTIBLE_IMAGES.has(file.format)) {
        findings.push({ file: file.file, message: `${file.file} is in ${formatName(file.format)} format: Amazon accepts JPEG or PNG photos.` });
      } else if (file.kind === 'video') {
        findings.push({ file: file.file, message: `${file.file} is in ${formatName(file.format)} format: Amazon accepts MP4 videos only.` });
      } else {
        findings.push({
          file: file.file,
          fixable: false,
          message: `${file.file} is ${fileName(file.format)}, not a photo or video Amazon accepts.`,
          hint: 'Remove it, or save it as a JPEG/PNG photo or MP4 video with your phone or photo editor.',
        });
      }
    }
    return findings;
  },
};

/** An MP4 the reviewer's computer may not play (HEVC, AV1 ...); build re-encodes it as H.264. */
export const videoCodec: Rule = {
  id: 'video-codec',
  defaultSeverity: 'warning',
  description: 'Videos are MP4 with H.264 picture, which every computer plays.',
  hint: '`appeal build` re-encodes it as H.264, the MP4 every computer plays.',
  fixable: true,
  // In a built email a wrong codec is media-format's error: nothing is left to repair it.
  targets: ['folder', 'appeal'],
  check(context) {
    const findings: Finding[] = [];
    for (const file of context.files) {
      if (file.error || file.kind !== 'video' || file.format !== 'mp4') continue;
      const codec = file.video?.videoCodec?.toLowerCase() ?? null;
      if (codec && !PLAYABLE_CODECS.has(codec)) {
        findings.push({ file: file.file, message: `${file.file} is an MP4 with ${codec.toUpperCase()} video, which many computers cannot play.` });
      }
    }
    return findings;
  },
};
