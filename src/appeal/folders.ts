import { open } from 'node:fs/promises';

/**
 * Where a seller's photos and videos live in an appeal folder, the same for `appeal init`
 * (the picker) and `appeal check` (a plain folder): the folder itself and the sub-folders
 * sellers naturally use. out/ (the built package) is never one of them.
 */
export const MEDIA_FOLDERS: readonly string[] = ['photos', 'videos', 'media'];

/** The media sub-folders among a folder's entries, as spelled on disk ("Photos" too). */
export function mediaSubfolders(entries: readonly { name: string; isDirectory(): boolean }[]): string[] {
  return entries
    .filter((entry) => entry.isDirectory() && MEDIA_FOLDERS.includes(entry.name.toLowerCase()))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Pictures appeal draws itself (the contact sheet, the printable sign) carry this in their
 * metadata (EXIF Software), so they are never offered or counted as the seller's photos,
 * whatever they were named.
 */
export const OWN_IMAGE_TAG = 'handmade-appeal';

/** How far into a file the tag can be: PNG and JPEG keep EXIF before the pixels. */
const HEAD_BYTES = 64 * 1024;

/** True when the file is a picture appeal made (see OWN_IMAGE_TAG); false when unreadable. */
export async function madeByAppeal(absPath: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(absPath, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    const bytes = head.subarray(0, bytesRead);
    const isPicture = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) || (bytes[0] === 0xff && bytes[1] === 0xd8);
    return isPicture && bytes.includes(OWN_IMAGE_TAG, 0, 'latin1');
  } finally {
    await handle.close();
  }
}
