#!/usr/bin/env node
// Generates the README demo in fixtures/demo (first run only; existing files are kept):
//  - media/: five 12 MP phone-like JPEG photos of a leather workshop, each with a printed
//    "CACTUS HANDS" sign (tilted, one with EXIF orientation 6, one with GPS in EXIF, one
//    with a smaller sign), and a 75 s 1080p H.264 clip with sound, ~38 MB so `build` must
//    recompress it to fit the email;
//  - appeal.json: from appeal.template.json, received yesterday and due in 4 days, so the
//    demo's deadline is always ahead.
// Uses only node, sharp and the ffmpeg the product finds (dist/media/binaries.js, so run
// `npm run build` first; `npm run demo` does).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { rng } from './lib/random.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--dir <folder>` generates elsewhere (tests); `--appeal-only` writes just appeal.json.
const argv = process.argv.slice(2);
const dirArg = argv.indexOf('--dir');
const demo = dirArg >= 0 && argv[dirArg + 1] ? resolve(argv[dirArg + 1]) : join(root, 'fixtures', 'demo');
const appealOnly = argv.includes('--appeal-only');
const template = join(root, 'fixtures', 'demo', 'appeal.template.json');
const mediaDir = join(demo, 'media');

const SIGN = 'CACTUS HANDS';
const WIDTH = 4000;
const HEIGHT = 3000;
const CLIP_SECONDS = 75;

/** The photos: what the workbench shows and how the sign sits in the frame. */
const PHOTOS = [
  { file: '01-design-templates.jpg', seed: 11, bench: '#9b7550', sign: { angle: -6, size: 0.11, x: 0.5, y: 0.3 } },
  { file: '02-cutting-leather.jpg', seed: 22, bench: '#87643f', sign: { angle: 8, size: 0.1, x: 0.5, y: 0.62 }, orientation: 6 },
  { file: '03-saddle-stitching.jpg', seed: 33, bench: '#a07a52', sign: { angle: 0, size: 0.1, x: 0.55, y: 0.25 }, gps: true },
  { file: '04-edge-finishing.jpg', seed: 44, bench: '#7d5b3a', sign: { angle: -9, size: 0.055, x: 0.7, y: 0.72 } },
  { file: '05-finished-products.jpg', seed: 55, bench: '#94704b', sign: { angle: 5, size: 0.09, x: 0.35, y: 0.4 } },
];
const CLIP = '06-workshop-video.mp4';

function hex(color) {
  const m = /^#(..)(..)(..)$/.exec(color);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A wooden bench: long grain streaks plus fine sensor noise, so the JPEG has a phone-like size. */
async function benchTexture(width, height, color, rand) {
  const [r, g, b] = hex(color);
  const cw = 96;
  const ch = 360;
  const coarse = Buffer.alloc(cw * ch * 3);
  const streak = Array.from({ length: ch }, () => (rand() - 0.5) * 50);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const v = streak[y] + (rand() - 0.5) * 22;
      const i = (y * cw + x) * 3;
      coarse[i] = Math.max(0, Math.min(255, r + v));
      coarse[i + 1] = Math.max(0, Math.min(255, g + v * 0.85));
      coarse[i + 2] = Math.max(0, Math.min(255, b + v * 0.7));
    }
  }
  const texture = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  const grain = new Int8Array(65_521);
  for (let i = 0; i < grain.length; i++) grain[i] = Math.round((rand() - 0.5) * 22);
  for (let i = 0, k = 0; i < texture.length; i++, k = k + 7 < grain.length ? k + 7 : k + 7 - grain.length) {
    const v = texture[i] + grain[k];
    texture[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return texture;
}

/** One small SVG per object (cheaper than rasterising one 12 MP SVG), in scene coordinates. */
function overlay(body, cx, cy, reach, width, height) {
  const x0 = Math.max(0, Math.floor(cx - reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const x1 = Math.min(width, Math.ceil(cx + reach));
  const y1 = Math.min(height, Math.ceil(cy + reach));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${x1 - x0}" height="${y1 - y0}" viewBox="${x0} ${y0} ${x1 - x0} ${y1 - y0}">${body}</svg>`;
  return { input: Buffer.from(svg), left: x0, top: y0 };
}

/** The printed paper sign: white sheet, soft shadow, bold black letters. */
function signSvg(text, cx, cy, fontSize, angle) {
  const w = fontSize * (0.74 * text.length + 1.3);
  const h = fontSize * 2;
  return {
    body:
      `<g transform="rotate(${angle} ${cx} ${cy})">` +
      `<rect x="${cx - w / 2 + fontSize * 0.12}" y="${cy - h / 2 + fontSize * 0.15}" width="${w}" height="${h}" fill="#000" opacity="0.35"/>` +
      `<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" fill="#f6f4ee"/>` +
      `<text x="${cx}" y="${cy + fontSize * 0.36}" font-family="DejaVu Sans" font-weight="bold" font-size="${fontSize}" fill="#161616" text-anchor="middle">${text}</text></g>`,
    reach: Math.hypot(w, h) / 2 + fontSize * 0.3,
  };
}

/** Leather pieces, tools and thread spools scattered on the bench. */
function workshopObjects(width, height, rand) {
  const objects = [];
  const leather = ['#6b3b1f', '#8c4a22', '#3d2415', '#a0622d', '#5a2e1a'];
  for (let i = 0; i < 7; i++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const w = width * (0.12 + rand() * 0.12);
    const h = w * (0.45 + rand() * 0.3);
    const angle = Math.round(rand() * 50 - 25);
    objects.push({
      body: `<rect x="${cx - w / 2}" y="${cy - h / 2}" width="${w}" height="${h}" rx="${h * 0.12}" fill="${leather[i % leather.length]}" transform="rotate(${angle} ${cx} ${cy})"/>` +
        `<rect x="${cx - w / 2 + h * 0.08}" y="${cy - h / 2 + h * 0.08}" width="${w - h * 0.16}" height="${h * 0.84}" rx="${h * 0.1}" fill="none" stroke="#e8d7b0" stroke-width="${Math.max(3, h * 0.012)}" stroke-dasharray="${h * 0.04} ${h * 0.03}" transform="rotate(${angle} ${cx} ${cy})"/>`,
      cx,
      cy,
      reach: Math.hypot(w, h) / 2 + 4,
    });
  }
  for (let i = 0; i < 3; i++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const len = width * (0.15 + rand() * 0.1);
    const angle = Math.round(rand() * 180);
    objects.push({
      body: `<g transform="rotate(${angle} ${cx} ${cy})"><rect x="${cx - len / 2}" y="${cy - len * 0.035}" width="${len * 0.45}" height="${len * 0.07}" rx="${len * 0.02}" fill="#2b2b2b"/>` +
        `<rect x="${cx - len * 0.05}" y="${cy - len * 0.02}" width="${len * 0.55}" height="${len * 0.04}" fill="#b9bcc2"/></g>`,
      cx,
      cy,
      reach: len / 2 + 6,
    });
  }
  for (let i = 0; i < 3; i++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const r = width * (0.025 + rand() * 0.02);
    const hue = Math.round(rand() * 360);
    objects.push({
      body: `<circle cx="${cx}" cy="${cy}" r="${r}" fill="hsl(${hue},55%,45%)"/><circle cx="${cx}" cy="${cy}" r="${r * 0.3}" fill="#d9c9a3"/>`,
      cx,
      cy,
      reach: r + 2,
    });
  }
  return objects;
}

async function makePhoto(spec, target) {
  const rand = rng(spec.seed);
  const portrait = spec.orientation === 6;
  // The scene as it is displayed; a phone held upright stores it turned and tags orientation 6.
  const width = portrait ? HEIGHT : WIDTH;
  const height = portrait ? WIDTH : HEIGHT;
  const texture = await benchTexture(width, height, spec.bench, rand);
  const objects = workshopObjects(width, height, rand);
  // Sized from the short edge, but never wider than 85% of the photo (portrait photos are narrow).
  const fontSize = Math.round(Math.min(Math.min(width, height) * spec.sign.size, (width * 0.85) / (0.74 * SIGN.length + 1.3)));
  const sign = signSvg(SIGN, width * spec.sign.x, height * spec.sign.y, fontSize, spec.sign.angle);
  objects.push({ ...sign, cx: width * spec.sign.x, cy: height * spec.sign.y });
  const scene = await sharp(texture, { raw: { width, height, channels: 3 } })
    .composite(objects.map((o) => overlay(o.body, o.cx, o.cy, o.reach, width, height)))
    .removeAlpha()
    .raw()
    .toBuffer();
  let img = sharp(scene, { raw: { width, height, channels: 3 } });
  if (portrait) {
    const stored = await img.rotate(270).raw().toBuffer({ resolveWithObject: true });
    img = sharp(stored.data, { raw: { width: stored.info.width, height: stored.info.height, channels: 3 } });
  }
  const exif = { IFD0: { Make: 'DemoPhone', Model: 'Workshop Camera', Software: 'make-demo.js' } };
  if (spec.gps) {
    // IFD3 is libvips' name for the GPS block: the kind of location a phone records.
    exif.IFD3 = { GPSLatitudeRef: 'N', GPSLatitude: '32/1 13/1 1507/100', GPSLongitudeRef: 'W', GPSLongitude: '110/1 58/1 1190/100' };
  }
  img = img.withExif(exif);
  if (portrait) img = img.withMetadata({ orientation: 6 });
  await img.jpeg({ quality: 92, chromaSubsampling: '4:2:0' }).toFile(target);
}

function run(binary, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited ${code}: ${err.trim()}`))));
  });
}

/**
 * The clip: the camera drifts slowly over a workbench still (a crop moving across a larger
 * image), the printed sign bobbing as if held up, film grain so the encoder has real detail
 * to spend 4 Mbit/s on, and a quiet tone as sound.
 */
async function makeClip(ffmpeg, target, work) {
  const bench = join(work, 'bench.png');
  const signPng = join(work, 'sign.png');
  const rand = rng(66);
  const bw = 2240;
  const bh = 1260;
  const texture = await benchTexture(bw, bh, '#8f6a45', rand);
  const objects = workshopObjects(bw, bh, rand);
  await sharp(texture, { raw: { width: bw, height: bh, channels: 3 } })
    .composite(objects.map((o) => overlay(o.body, o.cx, o.cy, o.reach, bw, bh)))
    .png({ compressionLevel: 1 })
    .toFile(bench);
  const fontSize = 110;
  const sign = signSvg(SIGN, 620, 170, fontSize, -4);
  await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="340">${sign.body}</svg>`))
    .png()
    .toFile(signPng);
  // Each still is decoded once and repeated with the loop filter (`-loop 1` would decode the
  // PNG again for every one of the 2250 frames, which costs more than the encode).
  const still = `loop=loop=-1:size=1:start=0,setpts=N/30/TB`;
  const filter =
    `[0:v]format=yuv420p,${still},crop=1920:1080:x='160+150*sin(t/5)':y='90+80*sin(t/7)',noise=alls=14:allf=t[bg];` +
    `[1:v]format=yuva420p,${still}[sign];` +
    `[bg][sign]overlay=x='340+40*sin(t*0.9)':y='560+25*sin(t*1.3)':format=yuv420,format=yuv420p[v]`;
  const partial = `${target}.part.mp4`;
  await run(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-i', bench,
    '-i', signPng,
    '-f', 'lavfi', '-i', `sine=frequency=196:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-filter_complex', filter, '-map', '[v]', '-map', '2:a',
    '-t', String(CLIP_SECONDS), '-r', '30',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '4M', '-maxrate', '4.4M', '-bufsize', '8M',
    '-c:a', 'aac', '-b:a', '128k', '-af', 'volume=0.25',
    '-movflags', '+faststart', '-f', 'mp4', partial,
  ]);
  renameSync(partial, target);
}

function writeAppeal() {
  const target = join(demo, 'appeal.json');
  if (existsSync(target)) {
    console.log(`kept ${relative(root, target)} (delete it to reset the demo dates)`);
    return;
  }
  const appeal = JSON.parse(readFileSync(template, 'utf8'));
  // Whole minutes, so the dates read cleanly: received a day ago, due 5 days after receipt.
  const received = new Date(Math.floor((Date.now() - 24 * 3600 * 1000) / 60_000) * 60_000);
  const deadline = new Date(received.getTime() + 5 * 24 * 3600 * 1000);
  appeal.notice.receivedAt = received.toISOString().replace('.000Z', 'Z');
  appeal.notice.deadline = deadline.toISOString().replace('.000Z', 'Z');
  writeFileSync(target, `${JSON.stringify(appeal, null, 2)}\n`);
  console.log(`made ${relative(root, target)} (received ${appeal.notice.receivedAt}, due ${appeal.notice.deadline})`);
}

async function main() {
  if (appealOnly) {
    mkdirSync(demo, { recursive: true });
    writeAppeal();
    return;
  }
  let findTool;
  try {
    ({ findTool } = await import('../dist/media/binaries.js'));
  } catch {
    console.error('make-demo: dist/ is missing; run `npm run build` first.');
    process.exit(2);
  }
  const started = Date.now();
  mkdirSync(mediaDir, { recursive: true });
  for (const spec of PHOTOS) {
    const target = join(mediaDir, spec.file);
    if (existsSync(target)) {
      console.log(`kept ${relative(root, target)}`);
      continue;
    }
    const t = Date.now();
    const partial = `${target}.part.jpg`;
    await makePhoto(spec, partial);
    renameSync(partial, target);
    const notes = [spec.orientation === 6 ? 'EXIF orientation 6' : null, spec.gps ? 'GPS in EXIF' : null].filter(Boolean);
    console.log(`made ${relative(root, target)} (${WIDTH}x${HEIGHT}, ${mb(statSync(target).size)}${notes.length ? `, ${notes.join(', ')}` : ''}, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  const clip = join(mediaDir, CLIP);
  if (existsSync(clip)) {
    console.log(`kept ${relative(root, clip)}`);
  } else {
    const ffmpeg = findTool('ffmpeg');
    if (!ffmpeg) {
      console.error('make-demo: ffmpeg was not found (npm install ships it; or set FFMPEG_PATH).');
      process.exit(2);
    }
    const t = Date.now();
    const work = mkdtempSync(join(tmpdir(), 'appeal-demo-'));
    try {
      await makeClip(ffmpeg, clip, work);
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(`${clip}.part.mp4`, { force: true });
    }
    console.log(`made ${relative(root, clip)} (1920x1080, ${CLIP_SECONDS} s, 30 fps, H.264 + AAC, ${mb(statSync(clip).size)}, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  writeAppeal();
  console.log(`demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s: fixtures/demo`);
}

main().catch((error) => {
  console.error(`make-demo: ${error.message}`);
  process.exit(2);
});
