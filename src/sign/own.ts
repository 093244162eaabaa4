import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { OWN_IMAGE_TAG } from '../appeal/folders.js';

/**
 * Whether a file at the sign's path was made by `appeal sign` (so a new run may replace it).
 * Anything else there is the seller's own and is never overwritten.
 */

/**
 * Marks our own files (PDF Creator, PNG XMP CreatorTool). It holds the tag of every picture
 * appeal draws, so the picker and the check never take the sign for one of the seller's photos.
 */
export const SIGN_CREATOR = `${OWN_IMAGE_TAG} sign`;

export const SIGN_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  `<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="${SIGN_CREATOR}"/></rdf:RDF></x:xmpmeta>`;

/** pdfkit writes the document information (Creator) near the end, uncompressed. */
export async function isOurPdf(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 16_384));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return tail.includes(`(${SIGN_CREATOR})`, 0, 'latin1');
  } finally {
    await handle.close();
  }
}

export async function isOurPng(file: string): Promise<boolean> {
  try {
    const meta = await sharp(file).metadata();
    return meta.format === 'png' && Boolean(meta.xmp?.toString('utf8').includes(SIGN_CREATOR));
  } catch {
    return false;
  }
}
