import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { OWN_IMAGE_TAG } from '../appeal/folders.js';
import { runFfmpeg } from '../media/ffmpeg.js';
import { decodeHeic } from '../media/heic.js';
import type { CheckedFile } from '../rules/types.js';

/**
 * The contact sheet: every photo (and a frame of every video) as a thumbnail in a grid, so the
 * seller sees at a glance which ones show the business name (green frame, a box around the
 * name), which do not (red frame and why), which were only partly read (amber), which the
 * seller confirmed (blue) and where the name looks added onto the picture (orange, the box
 * dashed), with the file name and ASINs under each.
 */

const THUMB_W = 360;
const THUMB_H = 270;
const FRAME = 6;
const PAD = 14;
const LABEL_H = 100;
const CELL_W = THUMB_W + 2 * FRAME + 2 * PAD;
const CELL_H = THUMB_H + 2 * FRAME + LABEL_H + 2 * PAD;
const HEADER_H = 44;

const GREEN = '#1f9d55';
const RED = '#d64545';
const GREY = '#8a8f98';
const AMBER = '#d9a21b';
const BLUE = '#3b82d6';
const ORANGE = '#e8702a';

/** Text colours that read on the dark sheet, per frame colour. */
const LABEL: Record<string, string> = { [GREY]: '#c9d1d9', [GREEN]: '#5fd38d', [RED]: '#ff8a8a', [AMBER]: '#f2c94c', [BLUE]: '#8ab8f2', [ORANGE]: '#ffa86b' };

type Verdict = 'found' | 'missing' | 'unsure' | 'confirmed' | 'overlay' | 'unchecked' | 'error';

function verdictOf(cell: Cell): Verdict {
  const result = cell.file.businessName;
  if (cell.error) return 'error';
  if (result === null) return 'unchecked';
  if (result.found) return 'found';
  if (result.overlay) return 'overlay';
  if (cell.file.nameConfirmed) return 'confirmed';
  if (result.partial || result.unreadable) return 'unsure';
  return 'missing';
}

const COLOR: Record<Verdict, string> = { found: GREEN, missing: RED, unsure: AMBER, confirmed: BLUE, overlay: ORANGE, unchecked: GREY, error: GREY };

/** "at 31.5 s" or "31.5-36.0 s" for a video's name. */
function when(result: NonNullable<CheckedFile['businessName']>): string {
  const seen = result.seenAt ?? [];
  if (seen.length > 1) return ` at ${seen[0]!.toFixed(1)}-${seen[seen.length - 1]!.toFixed(1)} s`;
  return result.atSec != null ? ` at ${result.atSec.toFixed(1)} s` : '';
}
const FONT = 'DejaVu Sans, sans-serif';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Cuts text to `max` characters with an ellipsis (SVG text does not wrap or clip by itself). */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Greedy word wrap into at most `lines` lines of `width` characters. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (next.length <= width) {
      current = next;
      continue;
    }
    if (current) out.push(current);
    current = word;
    if (out.length === lines) break;
  }
  if (current && out.length < lines) out.push(current);
  if (out.length === lines && out.join(' ').length < text.replace(/\s+/g, ' ').trim().length) {
    out[lines - 1] = fit(`${out[lines - 1]!} …`, width);
  }
  return out.map((l) => fit(l, width));
}

interface Thumb {
  png: Buffer;
  width: number;
  height: number;
  /** Thumbnail pixels per displayed pixel of the source (to place the name box). */
  scale: number;
}

async function thumbOf(input: sharp.Sharp): Promise<Thumb> {
  const { data, info } = await input.raw().toBuffer({ resolveWithObject: true });
  const scale = Math.min(THUMB_W / info.width, THUMB_H / info.height);
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .resize(Math.max(1, Math.round(info.width * scale)), Math.max(1, Math.round(info.height * scale)))
    .removeAlpha()
    .png()
    .toBuffer({ resolveWithObject: true });
  return { png: png.data, width: png.info.width, height: png.info.height, scale };
}

/** A thumbnail of the photo as displayed (EXIF orientation applied), or of a video frame. */
async function thumbnail(file: CheckedFile, tmp: string): Promise<Thumb> {
  if (file.kind === 'video') {
    const duration = file.durationSec ?? 0;
    const at = file.businessName?.atSec ?? (duration > 0 ? duration / 2 : 0);
    const frame = join(tmp, `${Math.random().toString(36).slice(2)}.png`);
    await runFfmpeg(file.absPath, frame, { inputOptions: ['-ss', String(at)], outputOptions: ['-frames:v', '1', '-an', '-y'] });
    return thumbOf(sharp(frame));
  }
  if (file.format === 'heic') {
    const heic = await decodeHeic(file.absPath, file.file);
    return thumbOf(sharp(heic.data, { raw: { width: heic.width, height: heic.height, channels: 4 } }));
  }
  // rotate() applies the EXIF orientation so the thumbnail (and the name box) are as displayed.
  return thumbOf(sharp(file.absPath, { failOn: 'none' }).rotate().resize(THUMB_W * 2, THUMB_H * 2, { fit: 'inside', withoutEnlargement: true }));
}

/** Displayed size of the image the box coordinates refer to. */
function displayedSize(file: CheckedFile): [number, number] | null {
  return file.width && file.height ? [file.width, file.height] : null;
}

interface Cell {
  file: CheckedFile;
  thumb: Thumb | null;
  error: string | null;
}

function cellSvg(cell: Cell, x: number, y: number): string {
  const { file, thumb } = cell;
  const result = file.businessName;
  const verdictKind = verdictOf(cell);
  const color = COLOR[verdictKind];
  const parts: string[] = [];
  const fx = x + PAD;
  const fy = y + PAD;
  parts.push(`<rect x="${fx + FRAME / 2}" y="${fy + FRAME / 2}" width="${THUMB_W + FRAME}" height="${THUMB_H + FRAME}" fill="none" stroke="${color}" stroke-width="${FRAME}" rx="3"/>`);
  const ix = fx + FRAME;
  const iy = fy + FRAME;
  if (thumb) {
    const ox = ix + Math.floor((THUMB_W - thumb.width) / 2);
    const oy = iy + Math.floor((THUMB_H - thumb.height) / 2);
    if ((result?.found || result?.overlay) && result.box) {
      // The box is in the photo's displayed coordinates; the thumbnail scale maps it.
      const size = displayedSize(file);
      const k = size ? thumb.width / size[0] : thumb.scale;
      const [l, t, r, b] = result.box;
      const pad = 3;
      parts.push(
        `<rect x="${ox + l * k - pad}" y="${oy + t * k - pad}" width="${Math.max(4, (r - l) * k + 2 * pad)}" height="${Math.max(4, (b - t) * k + 2 * pad)}" fill="none" stroke="${result.overlay ? ORANGE : '#ffe14d'}" stroke-width="3"${result.overlay ? ' stroke-dasharray="8 5"' : ''}/>`,
        `<rect x="${ox + l * k - pad - 1.5}" y="${oy + t * k - pad - 1.5}" width="${Math.max(4, (r - l) * k + 2 * pad + 3)}" height="${Math.max(4, (b - t) * k + 2 * pad + 3)}" fill="none" stroke="#000" stroke-width="1" opacity="0.6"/>`,
      );
    }
    if (file.kind === 'video') {
      parts.push(
        `<rect x="${ix + 6}" y="${iy + 6}" width="58" height="22" rx="4" fill="#000" opacity="0.65"/>`,
        `<text x="${ix + 35}" y="${iy + 22}" font-family="${FONT}" font-size="13" font-weight="bold" fill="#fff" text-anchor="middle">VIDEO</text>`,
      );
    }
  } else {
    parts.push(`<text x="${ix + THUMB_W / 2}" y="${iy + THUMB_H / 2}" font-family="${FONT}" font-size="15" fill="#ddd" text-anchor="middle">${escapeXml(fit(cell.error ?? 'cannot show this file', 40))}</text>`);
  }
  // Labels: file name, ASINs, then the verdict (found text, or why not).
  const lx = fx;
  let ly = fy + THUMB_H + 2 * FRAME + 20;
  parts.push(`<text x="${lx}" y="${ly}" font-family="${FONT}" font-size="15" font-weight="bold" fill="#f2f2f2">${escapeXml(fit(basename(file.file), 40))}</text>`);
  ly += 20;
  const asins = file.asins.length > 0 ? `ASIN ${file.asins.join(', ')}` : 'no ASIN';
  parts.push(`<text x="${lx}" y="${ly}" font-family="${FONT}" font-size="13" fill="${file.asins.length ? '#c9d1d9' : RED}">${escapeXml(fit(asins, 46))}</text>`);
  ly += 19;
  let verdict: string[];
  if (cell.error || result === null) verdict = [cell.error ?? 'business name not checked'];
  else if (verdictKind === 'found') verdict = [`name found: "${result.text ?? ''}"${when(result)}`];
  else if (verdictKind === 'overlay') verdict = wrap(`name ADDED onto the ${file.kind === 'video' ? 'video' : 'photo'} ("${result.text ?? ''}"): Amazon wants it printed`, 48, 3);
  else if (verdictKind === 'confirmed') verdict = wrap(`name confirmed by you (the reader: ${result.reason ?? 'not read'})`, 48, 3);
  else if (verdictKind === 'unsure') verdict = wrap(`name UNSURE: ${result.reason ?? 'partly read'}; look and confirm`, 48, 3);
  else verdict = wrap(`name NOT found: ${result.reason ?? 'not readable'}`, 48, 3);
  for (const line of verdict) {
    parts.push(`<text x="${lx}" y="${ly}" font-family="${FONT}" font-size="13" fill="${LABEL[color] ?? '#c9d1d9'}">${escapeXml(line)}</text>`);
    ly += 17;
  }
  return parts.join('');
}

/** Writes a contact sheet PNG: one thumbnail per photo, green/red frame, name box, ASIN labels. */
export async function writeContactSheet(files: readonly CheckedFile[], outFile: string): Promise<void> {
  const media = files.filter((f) => f.kind === 'image' || f.kind === 'video');
  const tmp = await mkdtemp(join(os.tmpdir(), 'appeal-sheet-'));
  try {
    const cells: Cell[] = [];
    for (const file of media) {
      if (file.error) {
        cells.push({ file, thumb: null, error: fit(file.error, 60) });
        continue;
      }
      try {
        cells.push({ file, thumb: await thumbnail(file, tmp), error: null });
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        cells.push({ file, thumb: null, error: `cannot show: ${why}` });
      }
    }
    const columns = Math.max(1, Math.min(3, cells.length));
    const rows = Math.max(1, Math.ceil(cells.length / columns));
    const width = columns * CELL_W;
    const height = HEADER_H + rows * CELL_H;
    const found = cells.filter((c) => c.file.businessName?.found).length;
    const confirmed = cells.filter((c) => verdictOf(c) === 'confirmed').length;
    const checked = cells.filter((c) => c.file.businessName).length;
    const title =
      cells.length === 0
        ? 'No photos or videos'
        : checked === 0
          ? `${cells.length} photos/videos (business name not checked)`
          : `Business name found in ${found} of ${checked} photos/videos${confirmed ? `, confirmed by you in ${confirmed}` : ''}`;
    const svg: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
      `<text x="${PAD}" y="${HEADER_H - 14}" font-family="${FONT}" font-size="20" font-weight="bold" fill="#f2f2f2">${escapeXml(title)}</text>`,
    ];
    const composites: sharp.OverlayOptions[] = [];
    cells.forEach((cell, i) => {
      const x = (i % columns) * CELL_W;
      const y = HEADER_H + Math.floor(i / columns) * CELL_H;
      if (cell.thumb) {
        composites.push({
          input: cell.thumb.png,
          left: x + PAD + FRAME + Math.floor((THUMB_W - cell.thumb.width) / 2),
          top: y + PAD + FRAME + Math.floor((THUMB_H - cell.thumb.height) / 2),
        });
      }
      svg.push(cellSvg(cell, x, y));
    });
    svg.push('</svg>');
    composites.push({ input: Buffer.from(svg.join('')), left: 0, top: 0 });
    await sharp({ create: { width, height, channels: 3, background: '#22262e' } })
      .composite(composites)
      .png()
      // Marked as ours, so init and check never take the sheet for one of the seller's photos.
      .withExif({ IFD0: { Software: `${OWN_IMAGE_TAG} contact sheet` } })
      .toFile(outFile);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
