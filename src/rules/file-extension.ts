import type { Rule } from './types.js';
import { usableMedia } from './util.js';

/** What a file name promises, by extension. */
const EXTENSION_FORMATS: Record<string, readonly string[]> = {
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  jpe: ['jpeg'],
  png: ['png'],
  gif: ['gif'],
  webp: ['webp'],
  heic: ['heic', 'heif'],
  heif: ['heic', 'heif'],
  avif: ['avif'],
  tif: ['tiff'],
  tiff: ['tiff'],
  mp4: ['mp4'],
  m4v: ['mp4'],
  mov: ['mov'],
};

const SHOWN: Record<string, string> = { jpeg: 'JPEG', png: 'PNG', mp4: 'MP4', mov: 'MOV', heic: 'HEIC' };

function extensionOf(file: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(file);
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * A photo whose name says .jpg but whose bytes are PNG (or the reverse) opens fine in most
 * viewers, but mail programs and upload forms go by the name and may refuse or mislabel it.
 */
export const fileExtension: Rule = {
  id: 'file-extension',
  defaultSeverity: 'warning',
  description: "A file's name matches what it really is (a .jpg is a JPEG, a .mp4 is an MP4).",
  hint: '`appeal build` sends copies with the right name; to fix the original, rename it or re-save it from your photo app.',
  fixable: true,
  check(context) {
    return usableMedia(context.files).flatMap((file) => {
      const extension = extensionOf(file.file);
      const promised = EXTENSION_FORMATS[extension];
      if (!promised || promised.includes(file.format)) return [];
      const actual = SHOWN[file.format] ?? file.format.toUpperCase();
      return [
        {
          file: file.file,
          message: `${file.file} is named .${extension} but is really a ${actual} file.`,
        },
      ];
    });
  },
};
