// The benchmark's "phone" media: 5 photos of 12 MP (4032 x 3024 JPEG, a few MB each, like a
// phone camera writes) and one 75 s 1080p H.264/AAC clip. Generated once and cached in
// bench/.work/media (git-ignored) because the clip alone takes a while to encode.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import sharp from 'sharp';
import { findTool } from '../../dist/media/binaries.js';
import { rng } from '../../scripts/lib/random.js';

export const BENCH_WORK = fileURLToPath(new URL('../.work/', import.meta.url));
export const PHOTO_COUNT = 5;
export const CLIP_SECONDS = 75;

/** A textured bench scene with a paper sign; sensor grain keeps the JPEG at a phone-like size. */
async function makePhoto(file, seed, asin) {
  const width = 4032;
  const height = 3024;
  const random = rng(seed);
  const cw = Math.ceil(width / 32);
  const ch = Math.ceil(height / 32);
  const coarse = Buffer.alloc(cw * ch * 3);
  const base = [110 + random() * 60, 80 + random() * 50, 50 + random() * 40];
  for (let i = 0; i < cw * ch; i++) {
    const v = (random() - 0.5) * 80;
    coarse[i * 3] = Math.max(0, Math.min(255, base[0] + v));
    coarse[i * 3 + 1] = Math.max(0, Math.min(255, base[1] + v * 0.9));
    coarse[i * 3 + 2] = Math.max(0, Math.min(255, base[2] + v * 0.8));
  }
  const pixels = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.max(0, Math.min(255, pixels[i] + (random() - 0.5) * 28));
  const sign = Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
      `<g transform="rotate(${Math.round(random() * 16 - 8)} 2016 1512)">` +
      `<rect x="1016" y="1212" width="2000" height="600" fill="#f7f5ef"/>` +
      `<text x="2016" y="1480" font-family="DejaVu Sans" font-weight="bold" font-size="200" text-anchor="middle" fill="#1b1b1b">CACTUS HANDS</text>` +
      `<text x="2016" y="1700" font-family="DejaVu Sans" font-size="110" text-anchor="middle" fill="#1b1b1b">${asin}</text>` +
      `</g></svg>`,
  );
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .composite([{ input: sign }])
    .withMetadata({ orientation: 1 })
    .jpeg({ quality: 92 })
    .toFile(file);
}

function makeClip(file) {
  const ffmpeg = findTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found: run npm install');
  const run = spawnSync(
    ffmpeg,
    [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${CLIP_SECONDS}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '8M', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k', '-shortest', '-movflags', '+faststart', file,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
}

/**
 * Returns { dir, photos, clip }: a plain folder of the 5 photos and the clip, file names
 * carrying ASINs (so `appeal check <dir>` sees labelled photos). Built into a temp folder
 * and renamed, so an interrupted generation is never mistaken for a finished one.
 */
export async function ensureBenchMedia() {
  const dir = join(BENCH_WORK, 'media');
  const asins = ['B0CACTUS01', 'B0CACTUS02', 'B0D2345678', 'B0E3456789', 'B0F4567890'];
  const photos = asins.map((asin, i) => join(dir, `${String(i + 1).padStart(2, '0')}-${asin}-workbench.jpg`));
  const clip = join(dir, `06-${asins[0]}-stitching.mp4`);
  if (existsSync(dir)) return { dir, photos, clip };
  const temp = `${dir}.partial-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  process.stderr.write('generating bench media (once): 5 x 12 MP photos and a 75 s 1080p clip...\n');
  for (const [i, asin] of asins.entries()) await makePhoto(join(temp, photos[i].slice(dir.length + 1)), i + 1, asin);
  makeClip(join(temp, clip.slice(dir.length + 1)));
  renameSync(temp, dir);
  return { dir, photos, clip };
}

/**
 * CPU seconds spent so far by this process (all its threads) and by the children it has
 * waited for (ffmpeg, a spawned build and its ffmpeg), from /proc on Linux; null elsewhere.
 * On a shared machine CPU time is steadier than wall time: it does not grow with the others' load.
 */
export function cpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // After the name: utime stime cutime cstime are fields 12..15 of this list (man 5 proc).
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return ticks / 100;
  } catch {
    return null;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
