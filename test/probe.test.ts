import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { probeFile, probeFiles } from '../src/media/probe.js';
import { MAX_PIXELS } from '../src/media/open-image.js';
import { exifHasGps } from '../src/media/exif.js';
import {
  fileBytes,
  makeAnimatedGif,
  makeBmp,
  makeClip,
  makeFakeHeic,
  makePhoto,
  makePixelBomb,
  makeRar,
  makeText,
  makeWorkDir,
  makeZip,
  truncate,
  type WorkDir,
} from './helpers/media.js';

let work: WorkDir;
let photo: string;
let clip: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-probe');
  photo = await makePhoto(work.path('workshop.jpg'), { width: 640, height: 480, sign: { text: 'CACTUS HANDS', angle: 6 } });
  clip = await makeClip(work.path('clip.mp4'), { seconds: 2, width: 320, height: 240, fps: 15, audio: true });
});

afterAll(async () => {
  await work.cleanup();
});

describe('probing photos', () => {
  it('reads format, size and dimensions of a plain JPEG', async () => {
    const probed = await probeFile(photo, 'photos/workshop.jpg');
    expect(probed).toMatchObject({
      file: 'photos/workshop.jpg',
      absPath: photo,
      kind: 'image',
      format: 'jpeg',
      width: 640,
      height: 480,
      durationSec: null,
      hasGps: false,
      animated: false,
    });
    expect(probed.bytes).toBeGreaterThan(10_000);
    expect(probed.error).toBeUndefined();
    expect(probed.pixels).toBeUndefined();
  });

  it('reports displayed dimensions after EXIF orientation 6 (a phone held upright)', async () => {
    const file = await makePhoto(work.path('portrait.jpg'), { width: 400, height: 300, exif: { orientation: 6 } });
    const probed = await probeFile(file, 'portrait.jpg');
    expect(probed).toMatchObject({ orientation: 6, width: 300, height: 400 });
  });

  it('notices GPS coordinates in the EXIF data', async () => {
    const withGps = await makePhoto(work.path('gps.jpg'), { width: 200, height: 150, exif: { gps: true } });
    const withoutGps = await makePhoto(work.path('nogps.jpg'), { width: 200, height: 150, exif: { orientation: 3 } });
    expect((await probeFile(withGps, 'gps.jpg')).hasGps).toBe(true);
    expect((await probeFile(withoutGps, 'nogps.jpg')).hasGps).toBe(false);
  });

  it('reads the GPS tag in both byte orders and ignores damaged EXIF', () => {
    const exif = (le: boolean) => {
      const b = Buffer.alloc(6 + 8 + 2 + 12 + 4 + 2 + 12 + 4);
      b.write('Exif\0\0', 0, 'latin1');
      const t = 6;
      const w16 = (v: number, at: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
      const w32 = (v: number, at: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
      b.write(le ? 'II' : 'MM', t, 'latin1');
      w16(42, t + 2);
      w32(8, t + 4);
      w16(1, t + 8); // one entry in IFD0: the GPS pointer
      w16(0x8825, t + 10);
      w16(4, t + 12);
      w32(1, t + 14);
      w32(8 + 2 + 12 + 4, t + 18);
      const gps = t + 8 + 2 + 12 + 4;
      w16(1, gps);
      w16(2, gps + 2); // GPSLatitude
      return b;
    };
    expect(exifHasGps(exif(true))).toBe(true);
    expect(exifHasGps(exif(false))).toBe(true);
    expect(exifHasGps(exif(true).subarray(0, 20))).toBe(false);
    expect(exifHasGps(Buffer.from('Exif\0\0garbage'))).toBe(false);
  });

  it('goes by content: a PNG named .jpg is probed as a PNG', async () => {
    const png = await makePhoto(work.path('really.png'), { width: 120, height: 90 });
    await copyFile(png, work.path('named-wrong.jpg'));
    const probed = await probeFile(work.path('named-wrong.jpg'), 'named-wrong.jpg');
    expect(probed).toMatchObject({ kind: 'image', format: 'png', width: 120, height: 90 });
    expect(probed.error).toBeUndefined();
  });

  it('handles unicode and spaces in file names', async () => {
    const dir = work.path('Fotos für Amazon');
    await mkdir(dir, { recursive: true });
    const file = await makePhoto(`${dir}/Ölmühle foto 1.jpg`, { width: 160, height: 120 });
    const probed = await probeFile(file, 'Fotos für Amazon/Ölmühle foto 1.jpg', { pixels: true });
    expect(probed).toMatchObject({ kind: 'image', format: 'jpeg', width: 160, height: 120, file: 'Fotos für Amazon/Ölmühle foto 1.jpg' });
    expect(probed.pixels?.phash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('marks an animated GIF as animated', async () => {
    const file = await makeAnimatedGif(work.path('anim.gif'), { frames: 4 });
    const probed = await probeFile(file, 'anim.gif');
    expect(probed).toMatchObject({ kind: 'image', format: 'gif', animated: true, width: 64, height: 48 });
    const still = await makePhoto(work.path('still.gif'), { width: 64, height: 48 });
    expect((await probeFile(still, 'still.gif')).animated).toBe(false);
  });

  it('reads an iPhone-style HEIC (dimensions without decoding) and pixel stats via the HEIC decoder', async () => {
    const file = await makePhoto(work.path('IMG_0001.HEIC'), { width: 320, height: 240, sign: { text: 'CACTUS HANDS' } });
    const probed = await probeFile(file, 'IMG_0001.HEIC', { pixels: true });
    expect(probed).toMatchObject({ kind: 'image', format: 'heic', width: 320, height: 240 });
    expect(probed.error).toBeUndefined();
    expect(probed.pixels?.brightness).toBeGreaterThan(60);
  });

  it('reads the size of a BMP from its header (sharp cannot open BMP) without calling it damaged', async () => {
    const file = await makeBmp(work.path('scan.bmp'), 30, 20);
    const probed = await probeFile(file, 'scan.bmp', { pixels: true });
    expect(probed).toMatchObject({ kind: 'image', format: 'bmp', width: 30, height: 20 });
    expect(probed.error).toBeUndefined();
  });

  it('keeps going on a HEIC it cannot read: no crash, no invented size', async () => {
    const file = await makeFakeHeic(work.path('broken.heic'));
    const probed = await probeFile(file, 'broken.heic');
    expect(probed).toMatchObject({ kind: 'image', format: 'heic', width: null, height: null });
  });

  it('refuses a pixel bomb by its header claim, without decoding it', async () => {
    const file = await makePixelBomb(work.path('bomb.png'));
    const probed = await probeFile(file, 'bomb.png', { pixels: true });
    expect(probed.bytes).toBeLessThan(10_000);
    expect(probed).toMatchObject({ kind: 'image', format: 'png', width: 30000, height: 30000 });
    expect(probed.error).toMatch(/30000 x 30000 pixels/);
    expect(probed.pixels).toBeUndefined();
    expect(30000 * 30000).toBeGreaterThan(MAX_PIXELS);
  });

  it('says a cut-off JPEG is cut off', async () => {
    const file = work.path('cut.jpg');
    await copyFile(photo, file);
    await truncate(file, 20_000);
    const probed = await probeFile(file, 'cut.jpg', { pixels: true });
    expect(probed.kind).toBe('image');
    expect(probed.error).toMatch(/JPEG photo is cut off/);
  });

  it('accepts a complete JPEG with extra data after its end (motion photos)', async () => {
    const file = work.path('motion.jpg');
    await writeFile(file, Buffer.concat([await fileBytes(photo), Buffer.from('ftypmp42 appended video '.repeat(40))]));
    const probed = await probeFile(file, 'motion.jpg');
    expect(probed.error).toBeUndefined();
    expect(probed.width).toBe(640);
  });

  it('says a cut-off PNG is cut off', async () => {
    const file = await makePhoto(work.path('cut.png'), { width: 200, height: 150 });
    await truncate(file, -2000);
    expect((await probeFile(file, 'cut.png')).error).toMatch(/PNG photo is cut off/);
  });

  it('describes a damaged photo instead of throwing', async () => {
    const file = work.path('garbage.jpg');
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 0x42)]));
    const probed = await probeFile(file, 'garbage.jpg', { pixels: true });
    expect(probed.kind).toBe('image');
    expect(probed.error).toMatch(/JPEG photo/);
  });
});

describe('probing videos', () => {
  it('reads container, codecs, duration, fps and size of an MP4', async () => {
    const probed = await probeFile(clip, 'clip.mp4');
    expect(probed).toMatchObject({ kind: 'video', format: 'mp4', width: 320, height: 240 });
    expect(probed.durationSec).toBeCloseTo(2, 0);
    expect(probed.video).toMatchObject({
      container: 'mp4',
      videoCodec: 'h264',
      audioCodec: 'aac',
      pixelFormat: 'yuv420p',
      fps: 15,
      rotation: 0,
    });
    expect(probed.video?.bitRate).toBeGreaterThan(0);
    expect(probed.error).toBeUndefined();
  });

  it('reports a rotated phone clip with its displayed (portrait) size', async () => {
    const file = await makeClip(work.path('portrait.mp4'), { seconds: 1, width: 320, height: 240, fps: 10, rotate: 90 });
    const probed = await probeFile(file, 'portrait.mp4');
    expect(probed.video?.rotation).toBe(90);
    expect(probed).toMatchObject({ width: 240, height: 320 });
  });

  it('reads an HEVC .mov from an iPhone', async () => {
    const file = await makeClip(work.path('IMG_0002.MOV'), { seconds: 1, width: 160, height: 120, fps: 10, codec: 'hevc', container: 'mov' });
    const probed = await probeFile(file, 'IMG_0002.MOV');
    expect(probed).toMatchObject({ kind: 'video', format: 'mov', width: 160, height: 120 });
    expect(probed.video).toMatchObject({ container: 'mov', videoCodec: 'hevc', audioCodec: null });
  });

  it('says a cut-off MP4 is cut off (index at the end, never written)', async () => {
    const file = work.path('cut.mp4');
    await copyFile(clip, file);
    await truncate(file, 30_000);
    const probed = await probeFile(file, 'cut.mp4');
    expect(probed.kind).toBe('video');
    expect(probed.error).toMatch(/MP4 video is cut off/);
  });

  it('says a cut-off MP4 is cut off (web-optimised, index first)', async () => {
    const fast = await makeClip(work.path('fast.mp4'), { seconds: 1, width: 160, height: 120, fps: 10, faststart: true });
    await truncate(fast, -3000);
    expect((await probeFile(fast, 'fast.mp4')).error).toMatch(/MP4 video is cut off/);
  });

  it('lets ffprobe judge a video whose boxes are whole but whose content is garbage', async () => {
    const box = (type: string, body: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(8 + body.length);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, body]);
    };
    const file = work.path('garbage.mp4');
    await writeFile(
      file,
      Buffer.concat([box('ftyp', Buffer.from('isom\0\0\0\0isommp41', 'latin1')), box('moov', Buffer.alloc(64, 7)), box('mdat', Buffer.alloc(512, 9))]),
    );
    const probed = await probeFile(file, 'garbage.mp4');
    expect(probed.kind).toBe('video');
    expect(probed.error).toMatch(/^ffprobe cannot read this video/);
  });

  it('passes on ffprobe\'s reason for a video it cannot open, without the long path', async () => {
    const file = work.path('broken.webm');
    await writeFile(file, Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from('webm'), Buffer.alloc(900, 0xee)]));
    const probed = await probeFile(file, 'broken.webm');
    expect(probed).toMatchObject({ kind: 'video', format: 'webm' });
    expect(probed.error).toMatch(/^ffprobe cannot read this video; it is damaged or cut off \(.+\)$/);
    expect(probed.error).not.toContain(work.dir);
  });
});

describe('probing files that are not photos or videos', () => {
  it('says an empty file is empty', async () => {
    await writeFile(work.path('empty.jpg'), '');
    expect(await probeFile(work.path('empty.jpg'), 'empty.jpg')).toMatchObject({ bytes: 0, error: 'the file is empty (0 bytes)' });
  });

  it('calls a text file named .mp4 other, without asking ffprobe', async () => {
    const file = await makeText(work.path('video.mp4'));
    const probed = await probeFile(file, 'video.mp4');
    expect(probed).toMatchObject({ kind: 'other', format: 'text', width: null, durationSec: null });
  });

  it('calls ZIP and RAR files archives', async () => {
    expect(await probeFile(await makeZip(work.path('p.zip')), 'p.zip')).toMatchObject({ kind: 'archive', format: 'zip' });
    expect(await probeFile(await makeRar(work.path('p.rar')), 'p.rar')).toMatchObject({ kind: 'archive', format: 'rar' });
  });

  it('reports a missing file instead of throwing', async () => {
    expect(await probeFile(work.path('nope.jpg'), 'nope.jpg')).toMatchObject({ error: 'the file does not exist' });
  });

  it('never modifies the files it reads', async () => {
    const before = await fileBytes(photo);
    await probeFile(photo, 'workshop.jpg', { pixels: true });
    expect((await fileBytes(photo)).equals(before)).toBe(true);
  });
});

describe('probing many files', () => {
  it('keeps the input order and reports progress', async () => {
    const items = [
      { absPath: clip, shownAs: 'clip.mp4' },
      { absPath: photo, shownAs: 'workshop.jpg' },
      { absPath: work.path('missing.png'), shownAs: 'missing.png' },
      { absPath: await makeZip(work.path('more.zip')), shownAs: 'more.zip' },
    ];
    const seen: number[] = [];
    const result = await probeFiles(items, { pixels: true, concurrency: 2, onDone: (done) => seen.push(done) });
    expect(result.map((r) => r.file)).toEqual(['clip.mp4', 'workshop.jpg', 'missing.png', 'more.zip']);
    expect(result.map((r) => r.kind)).toEqual(['video', 'image', 'other', 'archive']);
    expect(result[1]?.pixels).toBeDefined();
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
