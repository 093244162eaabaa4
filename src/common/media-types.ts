import mime from 'mime-types';

/**
 * Every MIME type and the type a file name implies, from mime-types (the design's package for
 * it), never spelled out by hand: the attachments the build writes, what the preflight
 * recognises in an email, what Amazon's notice accepts.
 */

export const WORD_TYPE = mime.lookup('docx') as string;
export const MP4_TYPE = mime.lookup('mp4') as string;

/** The formats the notice names: JPEG and PNG photos, MP4 video. */
const NOTICE_TYPES = new Set(['jpg', 'png', 'mp4'].map((ext) => mime.lookup(ext) as string));

/** The type a file name implies, or '' when the name does not say. */
export function typeOfName(name: string): string {
  return mime.lookup(name) || '';
}

/** A Word file, by its declared type or its name. */
export function isWordFile(name: string, contentType = ''): boolean {
  return contentType.toLowerCase() === WORD_TYPE || typeOfName(name) === WORD_TYPE;
}

/** A video, by its declared type or its name. */
export function isVideoFile(name: string, contentType = ''): boolean {
  return contentType.toLowerCase().startsWith('video/') || typeOfName(name).startsWith('video/');
}

/** An attachment Amazon's notice names (JPEG, PNG, MP4), by its name. */
export function isNoticeFormat(name: string): boolean {
  return NOTICE_TYPES.has(typeOfName(name));
}
