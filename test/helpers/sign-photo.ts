/**
 * A phone photo of a printed sign on a workbench, for the `appeal sign` → `appeal check` test.
 * Written on purpose apart from bench/ocr/generate.js (which the OCR was tuned on): the scene is
 * multi-octave value noise with a wall/bench edge and irregular clutter, the sign is a real
 * rendering of the PDF (pdftoppm) laid down as a sheet with its own drop shadow, and the light
 * is a point source plus a soft cast shadow across the frame, with a warm or cool cast.
 */
import sharp from 'sharp';
import { rng } from '../../scripts/lib/random.js';

export interface SignPhotoOptions {
  /** The rendered page (any size; scaled so its width is `pageShare` of the frame's). */
  page: Buffer;
  width: number;
  height: number;
  /** Tilt of the sheet, degrees, clockwise. */
  angle: number;
  /** Width of the (unrotated) sheet as a share of the frame width. Default 1/3. */
  pageShare?: number;
  seed: number;
  /** Darkest light on the frame relative to the brightest (0.4 = a strong fall-off). Default 0.45. */
  darkest?: number;
  /** Colour of the light: neutral daylight, warm (a bulb: paper turns cream) or cool. Default neutral. */
  cast?: 'neutral' | 'warm' | 'cool';
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** Smooth value noise at one scale: a coarse random grid, bicubic-upscaled. */
async function octave(width: number, height: number, cell: number, random: () => number): Promise<Float32Array> {
  const gw = Math.max(2, Math.ceil(width / cell) + 1);
  const gh = Math.max(2, Math.ceil(height / cell) + 1);
  const grid = Buffer.alloc(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = Math.floor(random() * 256);
  const up = await sharp(grid, { raw: { width: gw, height: gh, channels: 1 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = up[i]! / 255 - 0.5;
  return out;
}

/** The bench and wall, RGB raw. */
async function scene(width: number, height: number, random: () => number): Promise<Buffer> {
  const [a, b, c] = await Promise.all([
    octave(width, height, 400, random),
    octave(width, height, 90, random),
    octave(width, height, 18, random),
  ]);
  const horizon = height * (0.12 + random() * 0.2);
  const bench = [120 + random() * 80, 90 + random() * 60, 60 + random() * 50];
  const wall = [170 + random() * 60, 170 + random() * 60, 160 + random() * 60];
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const isWall = y < horizon;
    const base = isWall ? wall : bench;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const n = a[i]! * 60 + b[i]! * 30 + c[i]! * (isWall ? 8 : 26);
      out[i * 3] = clamp(base[0]! + n);
      out[i * 3 + 1] = clamp(base[1]! + n * 0.9);
      out[i * 3 + 2] = clamp(base[2]! + n * 0.75);
    }
  }
  // Clutter: irregular polygons (offcuts, tools, a rag) in muted colours.
  const shapes: string[] = [];
  for (let k = 0; k < 9; k++) {
    const cx = random() * width;
    const cy = horizon + random() * (height - horizon);
    const r = Math.min(width, height) * (0.03 + random() * 0.09);
    const corners = 4 + Math.floor(random() * 5);
    const points = Array.from({ length: corners }, (_, j) => {
      const t = (j / corners) * Math.PI * 2;
      const rr = r * (0.5 + random() * 0.7);
      return `${(cx + Math.cos(t) * rr * 1.8).toFixed(1)},${(cy + Math.sin(t) * rr).toFixed(1)}`;
    });
    const hue = Math.floor(random() * 360);
    shapes.push(`<polygon points="${points.join(' ')}" fill="hsl(${hue},${20 + Math.floor(random() * 40)}%,${25 + Math.floor(random() * 45)}%)"/>`);
  }
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`);
  return sharp(out, { raw: { width, height, channels: 3 } }).composite([{ input: svg }]).removeAlpha().raw().toBuffer();
}

/** Returns the JPEG bytes and where the sheet's centre landed. */
export async function signPhoto(options: SignPhotoOptions): Promise<{ jpeg: Buffer; center: [number, number] }> {
  const { width, height } = options;
  const random = rng(options.seed);
  const background = await scene(width, height, random);

  // The sheet: slightly off-white paper, scaled to its share of the frame, tilted.
  const sheetW = Math.round(width * (options.pageShare ?? 1 / 3));
  const sheet = await sharp(options.page)
    .flatten({ background: '#ffffff' })
    .resize(sheetW)
    .linear([0.96, 0.95, 0.92], [0, 0, 0])
    .ensureAlpha()
    .rotate(options.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const sw = sheet.info.width;
  const sh = sheet.info.height;
  // Its shadow: the sheet's own outline, darkened and blurred, a little offset.
  const shadow = await sharp(sheet.data)
    .extractChannel('alpha')
    .toColourspace('b-w')
    .blur(Math.max(2, sheetW / 120))
    .raw()
    .toBuffer();
  const shadowRgba = Buffer.alloc(sw * sh * 4);
  for (let i = 0; i < sw * sh; i++) shadowRgba[i * 4 + 3] = Math.round(shadow[i]! * 0.45);
  const left = Math.round((width - sw) * (0.15 + random() * 0.7));
  const top = Math.round((height - sh) * (0.3 + random() * 0.6));
  const offset = Math.round(sheetW / 90);
  const composed = await sharp(background, { raw: { width, height, channels: 3 } })
    .composite([
      { input: shadowRgba, raw: { width: sw, height: sh, channels: 4 }, left: Math.min(width - sw, left + offset), top: Math.min(height - sh, top + offset) },
      { input: sheet.data, left, top },
    ])
    .removeAlpha()
    .raw()
    .toBuffer();

  // Uneven light: a point source (maybe outside the frame) plus a soft shadow band, and a colour cast.
  const darkest = options.darkest ?? 0.45;
  const lx = (random() * 1.6 - 0.3) * width;
  const ly = (random() * 1.6 - 0.3) * height;
  const reach = Math.hypot(width, height);
  const bandAngle = random() * Math.PI;
  const bandAt = (random() - 0.5) * reach * 0.5;
  const bandHalf = reach * (0.04 + random() * 0.06);
  const bandSoft = reach * 0.02;
  const cast = { neutral: [1, 1, 1], warm: [1.0, 0.93, 0.8], cool: [0.88, 0.95, 1.0] }[options.cast ?? 'neutral'];
  const nx = Math.cos(bandAngle);
  const ny = Math.sin(bandAngle);
  const light = new Float32Array(width * height);
  let lo = Infinity;
  let hi = -Infinity;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - lx, y - ly) / reach;
      let v = 1 / (1 + 4 * d * d);
      const along = (x - width / 2) * nx + (y - height / 2) * ny - bandAt;
      const inBand = Math.min(1, Math.max(0, (bandHalf - Math.abs(along)) / bandSoft));
      v *= 1 - 0.3 * inBand;
      light[y * width + x] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  for (let i = 0; i < light.length; i++) {
    const v = darkest + ((light[i]! - lo) / (hi - lo)) * (1 - darkest);
    composed[i * 3] = clamp(composed[i * 3]! * v * cast[0]!);
    composed[i * 3 + 1] = clamp(composed[i * 3 + 1]! * v * cast[1]!);
    composed[i * 3 + 2] = clamp(composed[i * 3 + 2]! * v * cast[2]!);
  }
  // The camera: a touch of defocus and sensor noise, then a phone-like JPEG.
  const noise = new Int8Array(32_771);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.round((random() - 0.5) * 14);
  const blurred = await sharp(composed, { raw: { width, height, channels: 3 } }).blur(0.8).raw().toBuffer();
  for (let i = 0, g = 0; i < blurred.length; i++, g = (g + 13) % noise.length) blurred[i] = clamp(blurred[i]! + noise[g]!);
  const jpeg = await sharp(blurred, { raw: { width, height, channels: 3 } }).jpeg({ quality: 84 }).toBuffer();
  return { jpeg, center: [left + sw / 2, top + sh / 2] };
}
