import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { sniff, sniffFile } from '../src/media/sniff.js';
import {
  makeAnimatedGif,
  makeClip,
  makeFakeHeic,
  makePhoto,
  makeRar,
  makeText,
  makeWorkDir,
  makeZip,
  type WorkDir,
} from './helpers/media.js';

let work: WorkDir;

beforeAll(async () => {
  work = await makeWorkDir('appeal-sniff');
});

afterAll(async () => {
  await work.cleanup();
});

describe('sniffing files by their content', () => {
  it('recognises the photo formats sharp writes', async () => {
    const cases: [string, string][] = [
      ['p.jpg', 'jpeg'],
      ['p.png', 'png'],
      ['p.webp', 'webp'],
      ['p.gif', 'gif'],
      ['p.avif', 'avif'],
    ];
    for (const [name, format] of cases) {
      const file = await makePhoto(work.path(name), { width: 64, height: 48 });
      expect(await sniffFile(file), name).toMatchObject({ kind: 'image', format });
    }
  });

  it('recognises an iPhone HEIC by its ftyp brand, even a minimal one', async () => {
    const real = await makePhoto(work.path('iphone.heic'), { width: 64, height: 48 });
    expect(await sniffFile(real)).toMatchObject({ kind: 'image', format: 'heic' });
    const minimal = await makeFakeHeic(work.path('minimal.heic'));
    expect(await sniffFile(minimal)).toMatchObject({ kind: 'image', format: 'heic' });
  });

  it('believes the content, not the extension: a PNG named .jpg is a PNG', async () => {
    const file = await makePhoto(work.path('really-png.jpg'), { width: 32, height: 32, format: 'png' });
    expect(await sniffFile(file)).toMatchObject({ kind: 'image', format: 'png' });
  });

  it('calls a text file named .mp4 text, not a video', async () => {
    const file = await makeText(work.path('my video.mp4'));
    expect(await sniffFile(file)).toMatchObject({ kind: 'other', format: 'text' });
  });

  it('tells MP4 from QuickTime MOV', async () => {
    const mp4 = await makeClip(work.path('c.mp4'), { seconds: 0.5, width: 64, height: 48, fps: 10 });
    const mov = await makeClip(work.path('c.mov'), { seconds: 0.5, width: 64, height: 48, fps: 10, container: 'mov' });
    expect(await sniffFile(mp4)).toMatchObject({ kind: 'video', format: 'mp4' });
    expect(await sniffFile(mov)).toMatchObject({ kind: 'video', format: 'mov' });
  });

  it('flags ZIP and RAR archives as archives', async () => {
    expect(await sniffFile(await makeZip(work.path('photos.zip')))).toMatchObject({ kind: 'archive', format: 'zip' });
    expect(await sniffFile(await makeRar(work.path('photos.rar')))).toMatchObject({ kind: 'archive', format: 'rar' });
    // A ZIP renamed to look like a photo is still an archive.
    expect(await sniffFile(await makeZip(work.path('photo.jpg')))).toMatchObject({ kind: 'archive', format: 'zip' });
  });

  it('treats a Word document as a document, not a photo archive', async () => {
    const file = await makeZip(work.path('answers.docx'), { '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' });
    expect(await sniffFile(file)).toMatchObject({ kind: 'other', format: 'docx' });
  });

  it('recognises an animated GIF as an image', async () => {
    expect(await sniffFile(await makeAnimatedGif(work.path('anim.gif')))).toMatchObject({ kind: 'image', format: 'gif' });
  });

  it('reports an empty file as empty', async () => {
    await writeFile(work.path('empty.jpg'), '');
    expect(await sniffFile(work.path('empty.jpg'))).toMatchObject({ kind: 'other', format: 'empty' });
  });
});

describe('magic bytes', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const ftyp = (major: string, ...compatible: string[]) => {
    const body = bytes(major, [0, 0, 0, 0], compatible.join(''));
    const size = Buffer.alloc(4);
    size.writeUInt32BE(8 + body.length);
    return Buffer.concat([size, bytes('ftyp'), body]);
  };

  it.each([
    [ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'), 'video', 'mp4'],
    [ftyp('mp42', 'mp42', 'isom'), 'video', 'mp4'],
    [ftyp('qt  ', 'qt  '), 'video', 'mov'],
    [ftyp('3gp4', '3gp4'), 'video', '3gp'],
    [ftyp('mif1', 'mif1', 'heic'), 'image', 'heic'],
    [ftyp('heix', 'mif1'), 'image', 'heic'],
    [ftyp('avif', 'mif1', 'miaf'), 'image', 'avif'],
    [ftyp('mif1', 'mif1', 'miaf'), 'image', 'heif'],
    [ftyp('M4A ', 'isom'), 'other', 'audio'],
    [bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 8], 'mdat'), 'video', 'mov'],
    [bytes('II', [0x2a, 0]), 'image', 'tiff'],
    [bytes('MM', [0, 0x2a]), 'image', 'tiff'],
    [bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], 'webm'), 'video', 'webm'],
    [bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), 'video', 'mkv'],
    [bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'video', 'avi'],
    [bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image', 'webp'],
    [bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'archive', '7z'],
    [bytes([0x1f, 0x8b, 8, 0]), 'archive', 'gzip'],
    [bytes('Rar!', [0x1a, 0x07, 0x00]), 'archive', 'rar'],
    [bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3]), 'other', 'pdf'],
    [bytes('https://www.dropbox.com/s/abc/photos?dl=0\n'), 'other', 'text'],
    [Buffer.from('Grüße aus der Ölmühle\n', 'utf8'), 'other', 'text'],
    [bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image', 'svg'],
    [bytes([0x00, 0x01, 0x02, 0x03, 0xfe, 0x80, 0x00]), 'other', 'unknown'],
  ])('sniffs %#', (head, kind, format) => {
    expect(sniff(head)).toEqual({ kind, format });
  });

  it('does not mistake a BMP-like "BM" text for a bitmap', () => {
    expect(sniff(Buffer.from('BMW workshop notes, version 2\n'))).toEqual({ kind: 'other', format: 'text' });
  });
});
