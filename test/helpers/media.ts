/**
 * Shared generators of real media for tests: photos with a printed sign, phone-like clips,
 * and the bad inputs sellers actually send (archives, cut-off downloads, pixel bombs).
 * Everything is produced with sharp and the same ffmpeg the product uses; keep sizes small
 * (two shared cores) unless a test is about size.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { findTool } from '../../src/media/binaries.js';
import { rng } from '../../scripts/lib/random.js';

/** A fresh temp folder; call `cleanup()` in afterAll. */
export interface WorkDir {
  dir: string;
  path(...parts: string[]): string;
  cleanup(): Promise<void>;
}

export async function makeWorkDir(prefix = 'appeal-test-'): Promise<WorkDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix.endsWith('-') ? prefix : `${prefix}-`));
  return {
    dir,
    path: (...parts: string[]) => join(dir, ...parts),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function ensureDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}

// ---------------------------------------------------------------- photos

export interface SignOptions {
  text: string;
  /** Font size in pixels of the displayed (upright) image. Default: 1/10 of the short edge. */
  fontSize?: number;
  /** Tilt in degrees, clockwise. */
  angle?: number;
  /** Centre of the sign in displayed-image pixels. Default: the centre of the image. */
  x?: number;
  y?: number;
}

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heic';

export interface PhotoOptions {
  /** Stored pixel size (as the sensor wrote it). With orientation 5-8 the displayed image is height x width. */
  width: number;
  height: number;
  format?: PhotoFormat;
  /** A printed paper sign on the scene (dark text on white paper). */
  sign?: SignOptions;
  /** Base colour of the scene, e.g. '#8a6a4a'. */
  background?: string;
  /** Very underexposed photo (mean brightness far below normal). */
  dark?: boolean;
  /** Gaussian blur sigma applied to the whole photo (out of focus / shaken). */
  blur?: number;
  exif?: { orientation?: number; gps?: boolean };
  /** Encoder quality (JPEG/WebP/AVIF). Default 88. */
  quality?: number;
  /** 'leather' (default): blotchy; 'wood': level grain streaks across the whole photo, like a bench shot square-on. */
  texture?: 'leather' | 'wood';
  /** Seed of the texture noise; different seeds give visibly different scenes. */
  seed?: number;
}

function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return [138, 106, 74];
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An upright scene (displayed orientation): smooth low-frequency texture plus fine grain so
 * JPEGs have a realistic size, a few workbench-like shapes, and optionally the sign.
 */
async function renderScene(w: number, h: number, opts: PhotoOptions): Promise<Buffer> {
  const rand = rng(opts.seed ?? 1);
  const [br, bg, bb] = hexToRgb(opts.background ?? '#8a6a4a');
  // Coarse noise, upscaled: a blotchy leather-like texture, or level wood-grain streaks.
  const streaks = opts.texture === 'wood';
  const cw = streaks ? 96 : Math.max(2, Math.ceil(w / 24));
  const ch = streaks ? Math.max(2, Math.ceil(h / 8)) : Math.max(2, Math.ceil(h / 24));
  const coarse = Buffer.alloc(cw * ch * 3);
  const streak = streaks ? Array.from({ length: ch }, () => (rand() - 0.5) * 50) : [];
  for (let i = 0; i < cw * ch; i++) {
    const v = streaks ? streak[Math.floor(i / cw)]! + (rand() - 0.5) * 22 : (rand() - 0.5) * 70;
    coarse[i * 3] = clamp(br + v);
    coarse[i * 3 + 1] = clamp(bg + v * 0.9);
    coarse[i * 3 + 2] = clamp(bb + v * 0.8);
  }
  const texture = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(w, h, { kernel: 'linear', fit: 'fill' })
    .raw()
    .toBuffer();
  // Fine sensor grain, from a table of random offsets (a per-pixel PRNG call is slow at 12 MP).
  const grain = new Int8Array(65_521);
  for (let i = 0; i < grain.length; i++) grain[i] = Math.round((rand() - 0.5) * 24);
  for (let i = 0, g = 0; i < texture.length; i++, g = g + 7 < grain.length ? g + 7 : g + 7 - grain.length) {
    const v = texture[i]! + grain[g]!;
    texture[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }

  const short = Math.min(w, h);
  // Each shape is its own small SVG (rasterising one full-size SVG is slow at 12 MP); `reach` is
  // how far it extends from its centre, rotation included.
  const shapes: { svg: string; cx: number; cy: number; reach: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const sx = Math.round(rand() * w);
    const sy = Math.round(rand() * h);
    const size = Math.round(short * (0.08 + rand() * 0.15));
    const hue = Math.round(rand() * 360);
    if (i % 2 === 0) {
      shapes.push({
        svg:
          `<rect x="${sx - size}" y="${sy - size / 2}" width="${size * 2}" height="${size}" rx="${size / 6}" ` +
          `fill="hsl(${hue},45%,35%)" transform="rotate(${Math.round(rand() * 60 - 30)} ${sx} ${sy})"/>`,
        cx: sx,
        cy: sy,
        reach: size * 1.2,
      });
    } else {
      shapes.push({ svg: `<circle cx="${sx}" cy="${sy}" r="${size / 2}" fill="hsl(${hue},30%,60%)" opacity="0.8"/>`, cx: sx, cy: sy, reach: size / 2 + 2 });
    }
  }
  if (opts.sign) {
    const s = opts.sign;
    // Default: a tenth of the short edge, shrunk so the whole sign fits across the photo.
    const fontSize = s.fontSize ?? Math.round(Math.min(short / 10, (w * 0.85) / (0.72 * s.text.length + 1.2)));
    const cx = s.x ?? w / 2;
    const cy = s.y ?? h / 2;
    // DejaVu Sans Bold averages ~0.72 em per capital letter.
    const textW = Math.round(fontSize * 0.72 * s.text.length);
    const padX = Math.round(fontSize * 0.6);
    const padY = Math.round(fontSize * 0.5);
    const rw = textW + padX * 2;
    const rh = fontSize + padY * 2;
    shapes.push({
      svg:
        `<g transform="rotate(${s.angle ?? 0} ${cx} ${cy})">` +
        `<rect x="${cx - rw / 2 + fontSize * 0.08}" y="${cy - rh / 2 + fontSize * 0.1}" width="${rw}" height="${rh}" fill="#000" opacity="0.35"/>` +
        `<rect x="${cx - rw / 2}" y="${cy - rh / 2}" width="${rw}" height="${rh}" fill="#f7f5ef"/>` +
        `<text x="${cx}" y="${cy + fontSize * 0.36}" font-family="DejaVu Sans" font-weight="bold" ` +
        `font-size="${fontSize}" fill="#1b1b1b" text-anchor="middle">${escapeXml(s.text)}</text></g>`,
      cx,
      cy,
      reach: Math.hypot(rw, rh) / 2 + fontSize * 0.2,
    });
  }
  const overlays: sharp.OverlayOptions[] = [];
  for (const shape of shapes) {
    // The SVG keeps the scene's coordinates; its viewBox is the shape's box clipped to the photo.
    const x0 = Math.max(0, Math.floor(shape.cx - shape.reach));
    const y0 = Math.max(0, Math.floor(shape.cy - shape.reach));
    const x1 = Math.min(w, Math.ceil(shape.cx + shape.reach));
    const y1 = Math.min(h, Math.ceil(shape.cy + shape.reach));
    if (x1 - x0 < 1 || y1 - y0 < 1) continue;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${x1 - x0}" height="${y1 - y0}" ` +
      `viewBox="${x0} ${y0} ${x1 - x0} ${y1 - y0}">${shape.svg}</svg>`;
    overlays.push({ input: Buffer.from(svg), left: x0, top: y0 });
  }
  return sharp(texture, { raw: { width: w, height: h, channels: 3 } }).composite(overlays).removeAlpha().raw().toBuffer();
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** The transform that turns the upright scene into what the sensor stored for a given EXIF orientation. */
function storeForOrientation(img: sharp.Sharp, orientation: number): sharp.Sharp {
  switch (orientation) {
    case 2: return img.flop();
    case 3: return img.rotate(180);
    case 4: return img.flip();
    case 5: return img.rotate(270).flop();
    case 6: return img.rotate(270);
    case 7: return img.rotate(90).flop();
    case 8: return img.rotate(90);
    default: return img;
  }
}

function formatFromName(file: string): PhotoFormat {
  const ext = extname(file).toLowerCase().slice(1);
  if (ext === 'png' || ext === 'webp' || ext === 'gif' || ext === 'avif' || ext === 'heic') return ext;
  return 'jpeg';
}

/** Writes a photo (format from `format`, else from the file extension, else JPEG) and returns its path. */
export async function makePhoto(file: string, opts: PhotoOptions): Promise<string> {
  ensureDir(file);
  const orientation = opts.exif?.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  const dw = swapped ? opts.height : opts.width;
  const dh = swapped ? opts.width : opts.height;
  const raw = await renderScene(dw, dh, opts);
  let img = sharp(raw, { raw: { width: dw, height: dh, channels: 3 } });
  if (orientation !== 1 || opts.blur || opts.dark) {
    // Blur/darken the whole scene (sign included), then store it as the sensor would; re-read the
    // raw pixels so the encoder below sees plain pixels with no pending rotation.
    if (opts.blur && opts.blur > 0.3) img = img.blur(opts.blur);
    if (opts.dark) img = img.linear(0.12, 0);
    const stored = await storeForOrientation(img, orientation).raw().toBuffer({ resolveWithObject: true });
    img = sharp(stored.data, { raw: { width: stored.info.width, height: stored.info.height, channels: 3 } });
  }
  const format = opts.format ?? formatFromName(file);
  const quality = opts.quality ?? 88;
  if (opts.exif?.gps || orientation !== 1) {
    const exif: sharp.Exif = {
      IFD0: { Make: 'TestPhone', Model: 'Generated' },
    };
    if (opts.exif?.gps) {
      // IFD3 is libvips' name for the GPS IFD.
      exif.IFD3 = {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 31/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '13/1 24/1 5678/100',
      };
    }
    img = img.withExif(exif);
    if (orientation !== 1) img = img.withMetadata({ orientation });
  }
  switch (format) {
    case 'jpeg':
      await img.jpeg({ quality, mozjpeg: false }).toFile(file);
      break;
    case 'png':
      await img.png({ compressionLevel: 6 }).toFile(file);
      break;
    case 'webp':
      await img.webp({ quality }).toFile(file);
      break;
    case 'gif':
      await img.gif().toFile(file);
      break;
    case 'avif':
      await img.avif({ quality: Math.min(quality, 60), effort: 0 }).toFile(file);
      break;
    case 'heic':
      await makeHeicFrom(img, file, quality);
      break;
  }
  return file;
}

// ---------------------------------------------------------------- HEIC

/**
 * sharp's prebuilt libvips cannot encode HEVC, so a real iPhone-like HEIC is assembled by hand:
 * ffmpeg's libx265 encodes one intra frame, and the HEVC stream is wrapped in a minimal HEIF
 * container (ftyp heic, meta with hvcC + ispe, mdat) that libheif (heic-decode) can read.
 */
async function makeHeicFrom(img: sharp.Sharp, file: string, quality: number): Promise<void> {
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  // HEVC 4:2:0 needs even dimensions: an odd edge loses its last pixel row/column.
  const ew = info.width - (info.width % 2);
  const eh = info.height - (info.height % 2);
  const padded =
    ew === info.width && eh === info.height
      ? data
      : await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
          .extract({ left: 0, top: 0, width: ew, height: eh })
          .raw()
          .toBuffer();
  const crf = Math.round(51 - (quality / 100) * 40);
  const hevc = await runFfmpegBuffer(
    [
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${ew}x${eh}`, '-i', 'pipe:0',
      '-frames:v', '1', '-c:v', 'libx265', '-preset', 'ultrafast', '-crf', String(crf),
      '-x265-params', 'log-level=error:keyint=1:info=0:annexb=1', '-pix_fmt', 'yuv420p',
      '-f', 'hevc', 'pipe:1',
    ],
    padded,
  );
  await writeFile(file, buildHeif(hevc, ew, eh));
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, vf, ...payload);
}

function u8(...v: number[]): Buffer { return Buffer.from(v); }
function u16(v: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; }
function u32(v: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; }

/** Splits an Annex-B stream into NAL units (without start codes). */
function nalUnits(stream: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = 0; i + 3 <= stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  const out: Buffer[] = [];
  for (let k = 0; k < starts.length; k++) {
    let end = k + 1 < starts.length ? starts[k + 1]! - 3 : stream.length;
    while (end > starts[k]! && stream[end - 1] === 0) end--; // 4-byte start codes / trailing zeros
    out.push(stream.subarray(starts[k], end));
  }
  return out;
}

function buildHeif(annexB: Buffer, width: number, height: number): Buffer {
  const nals = nalUnits(annexB);
  const typeOf = (n: Buffer) => ((n[0] ?? 0) >> 1) & 0x3f;
  const params = nals.filter((n) => [32, 33, 34].includes(typeOf(n)));
  const slices = nals.filter((n) => typeOf(n) < 32);
  const sps = params.find((n) => typeOf(n) === 33);
  if (!sps || slices.length === 0) throw new Error('libx265 produced no usable HEVC stream');
  // profile_tier_level sits right after the 2-byte NAL header and 1 byte of sps ids (no emulation bytes expected in 12 bytes).
  const ptl = sps.subarray(3, 15);
  const arrays: Buffer[] = [];
  for (const t of [32, 33, 34]) {
    const units = params.filter((n) => typeOf(n) === t);
    arrays.push(u8(0x80 | t), u16(units.length), ...units.flatMap((n) => [u16(n.length), n]));
  }
  const hvcC = box(
    'hvcC',
    u8(1),
    ptl.subarray(0, 1), // profile_space, tier, profile_idc
    ptl.subarray(1, 5), // compatibility flags
    ptl.subarray(5, 11), // constraint flags
    ptl.subarray(11, 12), // level
    u16(0xf000), // min_spatial_segmentation
    u8(0xfc), // parallelism
    u8(0xfc | 1), // chroma 4:2:0
    u8(0xf8), // luma bit depth 8
    u8(0xf8), // chroma bit depth 8
    u16(0), // avg frame rate
    u8(0x0f), // lengthSizeMinusOne = 3
    u8(3),
    ...arrays,
  );
  const sample = Buffer.concat(slices.flatMap((n) => [u32(n.length), n]));
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heicmiaf', 'latin1'));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), u8(0));
  const pitm = fullBox('pitm', 0, 0, u16(1));
  const infe = fullBox('infe', 2, 0, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), u8(0));
  const iinf = fullBox('iinf', 0, 0, u16(1), infe);
  const ispe = fullBox('ispe', 0, 0, u32(width), u32(height));
  const ipco = box('ipco', hvcC, ispe);
  const ipma = fullBox('ipma', 0, 0, u32(1), u16(1), u8(2), u8(0x80 | 1), u8(2));
  const iprp = box('iprp', ipco, ipma);
  // iloc v0: offset_size=4, length_size=4, base_offset_size=0; offset patched after layout.
  const ilocFor = (offset: number) =>
    fullBox('iloc', 0, 0, u8(0x44, 0x00), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(sample.length));
  const metaFor = (offset: number) => fullBox('meta', 0, 0, hdlr, pitm, ilocFor(offset), iinf, iprp);
  const headLength = ftyp.length + metaFor(0).length + 8;
  return Buffer.concat([ftyp, metaFor(headLength), box('mdat', sample)]);
}

/** Minimal ftyp-only HEIC: right magic bytes, no decodable image (for sniffing tests). */
export async function makeFakeHeic(file: string, brand = 'heic'): Promise<string> {
  ensureDir(file);
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), u32(0), Buffer.from(`mif1${brand}`, 'latin1'));
  await writeFile(file, Buffer.concat([ftyp, box('free', Buffer.alloc(64))]));
  return file;
}

// ---------------------------------------------------------------- clips

export interface ClipOptions {
  seconds: number;
  width: number;
  height: number;
  fps?: number;
  audio?: boolean;
  codec?: 'h264' | 'hevc' | 'mpeg4';
  container?: 'mp4' | 'mov';
  /** Rotation tag a phone writes for a portrait clip (displayed dimensions swap for 90/270). */
  rotate?: 90 | 180 | 270;
  /** Video bitrate, e.g. '4M'; default: quality-based (small files). */
  bitrate?: string;
  /** Text drawn in a white box on every frame (a sign held to the camera). */
  text?: string;
  /** Put the moov atom first (web-optimised). */
  faststart?: boolean;
}

function ffmpegPath(): string {
  const path = findTool('ffmpeg');
  if (!path) throw new Error('ffmpeg not found (npm install ships it)');
  return path;
}

function runFfmpeg(args: string[]): Promise<void> {
  return runFfmpegBuffer(args).then(() => undefined);
}

function runFfmpegBuffer(args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exited ${code}: ${err.trim()}`)),
    );
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

const DEJAVU_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** Writes a test clip (testsrc2 pattern + sine tone) and returns its path. */
export async function makeClip(file: string, opts: ClipOptions): Promise<string> {
  ensureDir(file);
  const fps = opts.fps ?? 30;
  const args = ['-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=${fps}:duration=${opts.seconds}`];
  if (opts.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${opts.seconds}`);
  if (opts.text) {
    const size = Math.round(Math.min(opts.width, opts.height) / 8);
    const text = opts.text.replace(/[\\':]/g, (c) => `\\${c}`);
    args.push(
      '-vf',
      `drawtext=fontfile=${DEJAVU_BOLD}:text='${text}':fontsize=${size}:fontcolor=black:box=1:boxcolor=white:boxborderw=${Math.round(size / 3)}:x=(w-text_w)/2:y=(h-text_h)/2`,
    );
  }
  const codec = opts.codec ?? 'h264';
  if (codec === 'h264') args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  else if (codec === 'hevc') args.push('-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error');
  else args.push('-c:v', 'mpeg4');
  if (opts.bitrate) args.push('-b:v', opts.bitrate);
  else if (codec === 'mpeg4') args.push('-q:v', '5');
  else args.push('-crf', '30');
  if (opts.audio) args.push('-c:a', 'aac', '-b:a', '96k', '-shortest');
  if (opts.faststart) args.push('-movflags', '+faststart');
  args.push('-f', opts.container === 'mov' ? 'mov' : 'mp4', file);
  await runFfmpeg(args);
  if (opts.rotate) await setDisplayRotation(file, opts.rotate);
  return file;
}

/**
 * Writes the display matrix of the video track (tkhd) the way a phone does for a clip held
 * upright: the player rotates `degrees` clockwise. Done on the bytes because ffmpeg's
 * `rotate` tag changed meaning between versions and newer ones ignore it.
 */
export async function setDisplayRotation(file: string, degrees: 90 | 180 | 270): Promise<void> {
  const buf = await readFile(file);
  const ONE = 0x10000;
  let patched = 0;
  for (let at = buf.indexOf('tkhd', 0, 'latin1'); at >= 4; at = buf.indexOf('tkhd', at + 4, 'latin1')) {
    const version = buf[at + 4]!;
    const matrixAt = at + 4 + 4 + (version === 1 ? 8 + 8 + 4 + 4 + 8 : 4 + 4 + 4 + 4 + 4) + 8 + 2 + 2 + 2 + 2;
    const width = buf.readUInt32BE(matrixAt + 36) / ONE;
    const height = buf.readUInt32BE(matrixAt + 40) / ONE;
    if (!width || !height) continue; // the audio track
    const m =
      degrees === 90 ? [0, ONE, 0, -ONE, 0, 0, height * ONE, 0, 0x40000000]
      : degrees === 180 ? [-ONE, 0, 0, 0, -ONE, 0, width * ONE, height * ONE, 0x40000000]
      : [0, -ONE, 0, ONE, 0, 0, 0, width * ONE, 0x40000000];
    m.forEach((v, i) => buf.writeInt32BE(v, matrixAt + i * 4));
    patched++;
  }
  if (!patched) throw new Error(`no video track header found in ${file}`);
  await writeFile(file, buf);
}

// ---------------------------------------------------------------- bad inputs

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real (stored, uncompressed) ZIP archive holding the given files. */
export async function makeZip(file: string, entries: Record<string, Buffer | string> = { 'photo.jpg': 'not really' }): Promise<string> {
  ensureDir(file);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(file, Buffer.concat([...locals, cd, end]));
  return file;
}

/** A RAR5 signature followed by filler: enough for anything that sniffs magic bytes. */
export async function makeRar(file: string): Promise<string> {
  ensureDir(file);
  const sig = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]);
  await writeFile(file, Buffer.concat([sig, Buffer.from('archived photos '.repeat(64))]));
  return file;
}

/** Keeps the first `bytes` bytes of a file (a negative value cuts that many from the end). */
export async function truncate(file: string, bytes: number): Promise<string> {
  const size = (await stat(file)).size;
  const keep = bytes < 0 ? Math.max(0, size + bytes) : Math.min(size, bytes);
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(keep);
  } finally {
    await handle.close();
  }
  return file;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid-looking PNG whose header claims width x height (default 30000 x 30000) in a few KB. */
export async function makePixelBomb(file: string, width = 30000, height = 30000): Promise<string> {
  ensureDir(file);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  // A few rows of zeros: decompresses to very little, but the header is what a decoder allocates for.
  const idat = deflateSync(Buffer.alloc((width + 1) * 4), { level: 9 });
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await writeFile(file, Buffer.concat([sig, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]));
  return file;
}

/** An animated GIF of `frames` differently coloured frames. */
export async function makeAnimatedGif(file: string, opts: { width?: number; height?: number; frames?: number } = {}): Promise<string> {
  ensureDir(file);
  const width = opts.width ?? 64;
  const height = opts.height ?? 48;
  const frames = await Promise.all(
    Array.from({ length: opts.frames ?? 3 }, (_, i) =>
      sharp({ create: { width, height, channels: 3, background: { r: (i * 90) % 256, g: 120, b: 255 - ((i * 70) % 256) } } })
        .png()
        .toBuffer(),
    ),
  );
  await sharp(frames, { join: { animated: true } }).gif({ loop: 0, delay: 200 }).toFile(file);
  return file;
}

/** A 24-bit Windows bitmap (a format phones never send, but old scanners and Paint do). */
export async function makeBmp(file: string, width = 8, height = 6): Promise<string> {
  ensureDir(file);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(rowBytes * height, 0x80);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  await writeFile(file, Buffer.concat([header, pixels]));
  return file;
}

/** Writes a text file (e.g. a note saved under a video name). */
export async function makeText(file: string, text = 'These are my notes about the leather wallet.\n'): Promise<string> {
  ensureDir(file);
  await writeFile(file, text, 'utf8');
  return file;
}

/**
 * A collage: the given photos in a grid, either with white gutters or touching edge to edge.
 * Each input is resized to fill its cell.
 */
export async function makeCollage(
  file: string,
  photos: string[],
  opts: { width: number; height: number; columns?: number; gutter?: number; gutterColor?: string },
): Promise<string> {
  ensureDir(file);
  const columns = opts.columns ?? 2;
  const rows = Math.ceil(photos.length / columns);
  const gutter = opts.gutter ?? 0;
  const cellW = Math.floor((opts.width - gutter * (columns + 1)) / columns);
  const cellH = Math.floor((opts.height - gutter * (rows + 1)) / rows);
  const tiles = await Promise.all(
    photos.map(async (p, i) => ({
      input: await sharp(p).rotate().resize(cellW, cellH, { fit: 'cover' }).toBuffer(),
      left: gutter + (i % columns) * (cellW + gutter),
      top: gutter + Math.floor(i / columns) * (cellH + gutter),
    })),
  );
  await sharp({ create: { width: opts.width, height: opts.height, channels: 3, background: opts.gutterColor ?? '#ffffff' } })
    .composite(tiles)
    .jpeg({ quality: 88 })
    .toFile(file);
  return file;
}

/** Bytes of a file, for assertions that a probe never modified it. */
export function fileBytes(file: string): Promise<Buffer> {
  return readFile(file);
}
