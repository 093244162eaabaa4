// Baselines for the build bench: what the media work costs with the bare tools, no
// appeal code in between. The build target is "wall time at most 1.15 x (bare ffmpeg
// two-pass of the clip + bare sharp of the photos)".
//   bareVideoTwoPass(): ffmpeg spawned directly, two passes, the SAME settings as
//                       src/media/video.ts (libx264 high yuv420p, scale/fps/setsar,
//                       AAC, metadata dropped, faststart).
//   barePhotos():       sharp decode + rotate + resize + one mozjpeg encode per photo.
// Each returns the wall time in ms. Run directly (`node bench/encode-baseline.js`) to
// compare them with encodeVideo/encodePhoto on the bench media, and to measure how
// close two-pass lands to a byte target.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { findTool } from '../dist/media/binaries.js';

function run(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err}`))));
  });
}

/**
 * Two-pass H.264/AAC MP4 of `input` at `videoKbps`, scaled to width x height
 * (displayed size; ffmpeg autorotates), fps capped when `fps` is given.
 * @returns {Promise<number>} wall time in ms
 */
export async function bareVideoTwoPass(input, output, { videoKbps, audioKbps = 96, width, height, fps = null, hasAudio = true, preset = 'medium' }) {
  const ffmpeg = findTool('ffmpeg');
  if (!ffmpeg) throw new Error('ffmpeg not found');
  const work = mkdtempSync(join(tmpdir(), 'bare-2pass-'));
  const passlog = join(work, 'pass');
  const vf = [...(fps ? [`fps=${fps}`] : []), `scale=${width}:${height}`, 'setsar=1', 'format=yuv420p'].join(',');
  const common = ['-map', '0:v:0', '-vf', vf, '-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-b:v', `${videoKbps}k`, '-passlogfile', passlog];
  const start = performance.now();
  try {
    await run(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-i', input, ...common, '-pass', '1', '-an', '-f', 'null', '-']);
    await run(ffmpeg, [
      '-hide_banner', '-nostdin', '-y', '-i', input, ...common, '-pass', '2',
      ...(hasAudio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', `${audioKbps}k`] : ['-an']),
      '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', output,
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return performance.now() - start;
}

/**
 * One plain sharp pass per photo: decode, EXIF-rotate, cap the long edge, one mozjpeg encode.
 * @returns {Promise<number>} wall time in ms
 */
export async function barePhotos(inputs, outDir, { maxEdge = 2560, quality = 88, concurrency = 2 } = {}) {
  mkdirSync(outDir, { recursive: true });
  const start = performance.now();
  const queue = [...inputs];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await sharp(file)
          .rotate()
          .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality, mozjpeg: true })
          .toFile(join(outDir, basename(file).replace(/\.[^.]+$/, '.jpg')));
      }
    }),
  );
  return performance.now() - start;
}

// ----------------------------------------------------------------------------- direct run

async function main() {
  const { ensureBenchMedia } = await import('./lib/media.js');
  const { encodeVideo, inspectVideo, videoBitrateFor } = await import('../dist/media/video.js');
  const { encodePhoto } = await import('../dist/media/image.js');
  const media = await ensureBenchMedia();
  const out = mkdtempSync(join(tmpdir(), 'encode-bench-'));
  const rows = [];
  const ratio = (a, b) => (a / b).toFixed(2);
  try {
    // Photos: bare single encode vs encodePhoto with a generous share (one encode each)
    // and a tight one (the quality search: several encodes of the prepared pixels).
    const bare = await barePhotos(media.photos, join(out, 'bare-photos'));
    for (const share of [1_200_000, 450_000]) {
      const start = performance.now();
      const queue = [...media.photos];
      const results = [];
      await Promise.all(
        [0, 1].map(async () => {
          for (let file = queue.shift(); file; file = queue.shift()) {
            results.push(await encodePhoto(file, join(out, 'photos', basename(file)), { targetBytes: share }));
          }
        }),
      );
      const ours = performance.now() - start;
      rows.push([`photos 5 x 12 MP, ${share / 1000} KB each`, bare, ours, ratio(ours, bare), `q=${results.map((r) => r.quality).join(',')}`]);
    }
    if (process.env.BENCH_SKIP_VIDEO) return print(rows);

    // Video: the same two-pass both ways, at the bitrate for a 9 MB clip.
    const source = await inspectVideo(media.clip);
    const seconds = Number(process.env.BENCH_CLIP_SECONDS ?? source.durationSec);
    const targets = (process.env.BENCH_TARGETS ?? '9000000').split(',').map(Number);
    for (const target of targets) {
      const videoKbps = videoBitrateFor(target, seconds, 96);
      const start = performance.now();
      const mine = await encodeVideo(media.clip, join(out, 'ours.mp4'), { videoKbps, workDir: join(out, 'work') });
      const oursMs = performance.now() - start;
      const bareMs = await bareVideoTwoPass(media.clip, join(out, 'bare.mp4'), {
        videoKbps, width: mine.width, height: mine.height, fps: source.fps > 30.01 ? 30 : null, hasAudio: mine.hasAudio,
      });
      const error = ((mine.bytes / target - 1) * 100).toFixed(2);
      rows.push([`video ${seconds.toFixed(0)} s -> ${mine.width}x${mine.height} @ ${videoKbps}k`, bareMs, oursMs, ratio(oursMs, bareMs),
        `target ${target} B, got ${mine.bytes} B (${error}%), bare ${statSync(join(out, 'bare.mp4')).size} B`]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  print(rows);
}

function print(rows) {
  console.log('what                                     bare ms   appeal ms  ratio  notes');
  for (const [what, bare, ours, r, notes] of rows) {
    console.log(`${what.padEnd(40)} ${bare.toFixed(0).padStart(8)} ${ours.toFixed(0).padStart(10)}  ${r.padStart(5)}  ${notes}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
