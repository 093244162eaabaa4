import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { MediaKind } from './types.js';

/**
 * What a file is, from its first bytes. Content wins over the extension: a PNG renamed
 * .jpg is a PNG, and a text file renamed .mp4 is text. The extension only refines a
 * ZIP (a .docx is a ZIP that is not an archive of photos).
 */
export interface Sniffed {
  kind: MediaKind;
  /** jpeg | png | gif | webp | heic | heif | avif | tiff | bmp | svg | mp4 | mov | 3gp | webm | mkv | avi
   *  | zip | rar | 7z | gzip | bzip2 | xz | tar | docx | xlsx | pptx | odt | pdf | text | audio | empty | unknown */
  format: string;
}

/** How many leading bytes `sniff` looks at (tar's magic sits at offset 257). */
export const SNIFF_BYTES = 4096;

const KIND: Record<string, MediaKind> = {
  jpeg: 'image', png: 'image', gif: 'image', webp: 'image', heic: 'image', heif: 'image', avif: 'image',
  tiff: 'image', bmp: 'image', svg: 'image',
  mp4: 'video', mov: 'video', '3gp': 'video', webm: 'video', mkv: 'video', avi: 'video',
  zip: 'archive', rar: 'archive', '7z': 'archive', gzip: 'archive', bzip2: 'archive', xz: 'archive', tar: 'archive',
};

export function kindOf(format: string): MediaKind {
  return KIND[format] ?? 'other';
}

function result(format: string): Sniffed {
  return { kind: kindOf(format), format };
}

function startsWith(head: Buffer, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[at + i] !== bytes[i]) return false;
  return true;
}

function ascii(head: Buffer, start: number, end: number): string {
  return head.toString('latin1', start, Math.min(end, head.length));
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const MOV_BRANDS = new Set(['qt  ']);
const THREE_GP = /^3g[2p]/;
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ']);

/** ISO base media (ftyp box at offset 4): HEIF family images vs MP4/MOV/3GP videos. */
function sniffFtyp(head: Buffer): Sniffed | null {
  if (ascii(head, 4, 8) !== 'ftyp') return null;
  const size = head.readUInt32BE(0);
  const end = Math.min(head.length, size >= 16 ? size : head.length, 256);
  const major = ascii(head, 8, 12);
  const brands = [major];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4));
  if (brands.some((b) => HEIC_BRANDS.has(b))) return result('heic');
  if (brands.some((b) => AVIF_BRANDS.has(b))) return result('avif');
  if (major === 'mif1' || major === 'msf1' || brands.includes('mif1')) return result('heif');
  if (MOV_BRANDS.has(major)) return result('mov');
  if (AUDIO_BRANDS.has(major)) return result('audio');
  if (THREE_GP.test(major)) return result('3gp');
  // isom, iso2..iso6, mp41, mp42, avc1, M4V, dash, MSNV, f4v...: all play as MP4.
  return result('mp4');
}

/** Old QuickTime files start with a bare atom instead of ftyp. */
function looksLikeQuickTime(head: Buffer): boolean {
  const atom = ascii(head, 4, 8);
  return ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(atom) && head.readUInt32BE(0) >= 8;
}

function sniffRiff(head: Buffer): Sniffed | null {
  if (ascii(head, 0, 4) !== 'RIFF') return null;
  const form = ascii(head, 8, 12);
  if (form === 'WEBP') return result('webp');
  if (form === 'AVI ') return result('avi');
  if (form === 'WAVE') return result('audio');
  return result('unknown');
}

function sniffEbml(head: Buffer): Sniffed | null {
  if (!startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  return result(ascii(head, 0, 64).includes('webm') ? 'webm' : 'mkv');
}

const OFFICE: Record<string, string> = { '.docx': 'docx', '.xlsx': 'xlsx', '.pptx': 'pptx', '.odt': 'odt' };

function sniffZip(head: Buffer, fileName?: string): Sniffed | null {
  const isZip =
    startsWith(head, [0x50, 0x4b, 0x03, 0x04]) ||
    startsWith(head, [0x50, 0x4b, 0x05, 0x06]) ||
    startsWith(head, [0x50, 0x4b, 0x07, 0x08]);
  if (!isZip) return null;
  // Office documents are ZIPs too; they are documents, not archives of photos.
  const office = fileName ? OFFICE[extname(fileName).toLowerCase()] : undefined;
  if (office) return result(office);
  const firstName = head.length >= 30 ? ascii(head, 30, 30 + head.readUInt16LE(26)) : '';
  if (firstName === 'mimetype' && ascii(head, 38, 120).includes('opendocument.text')) return result('odt');
  return result('zip');
}

/** Mostly printable UTF-8 (or a UTF-16 BOM): a note, a link list, HTML... */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
  let control = 0;
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length) {
    const b = head[i]!;
    if (b < 0x80) {
      if (b === 0) return false;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
      i++;
      continue;
    }
    const len = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0) return false;
    if (i + len > head.length) break; // a character cut by the sniff window
    for (let k = 1; k < len; k++) if ((head[i + k]! & 0xc0) !== 0x80) return false;
    i += len;
  }
  return control <= head.length * 0.02;
}

/** Sniffs a file's kind and format from its first bytes (see SNIFF_BYTES). */
export function sniff(head: Buffer, fileName?: string): Sniffed {
  if (head.length === 0) return { kind: 'other', format: 'empty' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return result('jpeg');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result('png');
  const six = ascii(head, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return result('gif');
  const riff = sniffRiff(head);
  if (riff) return riff;
  const ftyp = sniffFtyp(head);
  if (ftyp) return ftyp;
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return result('tiff');
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && head.readUInt32LE(14) >= 12 && head.readUInt32LE(14) <= 124) {
    return result('bmp');
  }
  const ebml = sniffEbml(head);
  if (ebml) return ebml;
  const zip = sniffZip(head, fileName);
  if (zip) return zip;
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return result('rar');
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return result('7z');
  if (startsWith(head, [0x1f, 0x8b])) return result('gzip');
  if (ascii(head, 0, 3) === 'BZh') return result('bzip2');
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return result('xz');
  if (ascii(head, 257, 262) === 'ustar') return result('tar');
  if (ascii(head, 0, 1024).includes('%PDF-')) {
    if (ascii(head, 0, 5) === '%PDF-' || !looksLikeText(head)) return result('pdf');
  }
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return result('audio');
  if (looksLikeQuickTime(head)) return result('mov');
  if (looksLikeText(head)) {
    const start = head.toString('utf8', 0, 512).trimStart().toLowerCase();
    if (start.startsWith('<svg') || (start.startsWith('<?xml') && start.includes('<svg'))) return result('svg');
    return result('text');
  }
  return result('unknown');
}

/** Reads the first bytes of a file and sniffs them. */
export async function sniffFile(absPath: string): Promise<Sniffed & { head: Buffer }> {
  const handle = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    return { ...sniff(head, absPath), head };
  } finally {
    await handle.close();
  }
}
