import { NAME_RULES_OFF } from './helpers/rules.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { simpleParser } from 'mailparser';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe } from '../src/media/ffmpeg.js';
import { runFfmpeg } from '../src/media/ffmpeg.js';
import { encodeVideo } from '../src/media/video.js';
import { planBudget } from '../src/package/budget.js';
import { appeal } from './helpers/cli.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

/**
 * Trimming a video happens inside the one two-pass encode (input seeking), on real clips:
 * a 75 s phone-like clip cut to 50 s must come out 50 s long, H.264/AAC, sound and picture
 * starting together, from the right moment of the source; and a build plans the shorter clip
 * at a higher bitrate than the whole one.
 */

const ASIN = 'B0CLIPTR1M';
let work: WorkDir;
let clip: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-trim-');
  // Small picture, real length (the length is what this is about), and more bits than any
  // budget below allows, so the planner has to choose a bitrate.
  clip = await makeClip(work.path('src', 'long.mp4'), { seconds: 75, width: 480, height: 270, fps: 30, audio: true, bitrate: '1500k' });
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
});

interface Measured {
  formatSec: number;
  video: { codec: string; start: number; duration: number };
  audio: { codec: string; start: number; duration: number };
}

async function measure(file: string): Promise<Measured> {
  const data = await ffprobe(file);
  const stream = (type: string) => {
    const s = data.streams.find((x) => x.codec_type === type);
    if (!s) throw new Error(`no ${type} stream in ${file}`);
    return { codec: String(s.codec_name), start: Number(s.start_time), duration: Number(s.duration) };
  };
  return { formatSec: Number(data.format.duration), video: stream('video'), audio: stream('audio') };
}

/** Mean absolute difference of two frames, 0..255, at a small common size. */
async function frameDifference(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((f) => sharp(f).resize(96, 54, { fit: 'fill' }).greyscale().raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!);
  return sum / x!.length;
}

async function frameAt(file: string, sec: number, png: string): Promise<string> {
  await mkdir(dirname(png), { recursive: true });
  await runFfmpeg(file, png, { inputOptions: ['-ss', String(sec)], outputOptions: ['-frames:v', '1', '-an', '-y'] });
  return png;
}

describe('encodeVideo with a trim', () => {
  it('keeps exactly 0:10 to 1:00 of a 75 s clip, H.264/AAC, sound and picture in step', async () => {
    const out = work.path('out', 'trimmed.mp4');
    const result = await encodeVideo(clip, out, { videoKbps: 250, audioKbps: 64, workDir: work.path('tmp'), trim: { startSec: 10, endSec: 60 } });
    const m = await measure(out);
    console.log(`trim 0:10-1:00 of 75 s: file ${m.formatSec.toFixed(3)} s; video ${m.video.codec} start ${m.video.start.toFixed(3)} dur ${m.video.duration.toFixed(3)}; audio ${m.audio.codec} start ${m.audio.start.toFixed(3)} dur ${m.audio.duration.toFixed(3)}`);
    expect(result.durationSec).toBeCloseTo(50, 3);
    expect(Math.abs(m.formatSec - 50)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(m.video.duration - 50)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(m.audio.duration - 50)).toBeLessThanOrEqual(0.2);
    expect([m.video.codec, m.audio.codec]).toEqual(['h264', 'aac']);
    expect(Math.abs(m.video.start - m.audio.start)).toBeLessThanOrEqual(0.05);

    // The first frame is the source's frame at 0:10, not its first frame or one from 0:00-0:09.
    const first = await frameAt(out, 0, work.path('frames', 'out-0.png'));
    const atTen = await frameAt(clip, 10, work.path('frames', 'src-10.png'));
    const atTwo = await frameAt(clip, 2, work.path('frames', 'src-2.png'));
    const same = await frameDifference(first, atTen);
    const other = await frameDifference(first, atTwo);
    console.log(`first frame vs source at 0:10: ${same.toFixed(1)}; vs source at 0:02: ${other.toFixed(1)} (mean grey difference)`);
    expect(same).toBeLessThan(other / 3);
  }, 240_000);
});

describe('the budget planner', () => {
  it('gives a shorter clip more bits per second of the same room', () => {
    const input = {
      limitBytes: 6_000_000,
      overheadBytes: 20_000,
      docxBaseBytes: 15_000,
      photos: { copyBytes: 900_000, goodBytes: 600_000, minBytes: 300_000 },
    };
    const plan = (durationSec: number) =>
      planBudget({ ...input, video: { file: 'long.mp4', durationSec, hasAudio: true, copyBytes: 9_000_000 } }).video!;
    const whole = plan(75);
    const trimmed = plan(50);
    expect(trimmed.maxBytes).toBe(whole.maxBytes);
    expect((trimmed.maxBytes * 8) / 50).toBeGreaterThan((whole.maxBytes * 8) / 75);
  });
});

describe('appeal build with media[].trim', () => {
  let dir: string;
  // Room for the whole 75 s clip at a watchable bitrate, but less than the 50 s part would take
  // at copy quality: the budget decides both bitrates.
  const LIMIT = 4_000_000;

  async function writeAppeal(trim: unknown) {
    const media = [
      ...[1, 2, 3].map((i) => ({ file: `photos/step-${i}.jpg`, asins: [ASIN], caption: `Step ${i} of shaping a bowl by hand.` })),
      { file: 'long.mp4', asins: [ASIN], caption: 'Turning a bowl on my lathe.', ...(trim ? { trim } : {}) },
    ];
    await writeFile(
      join(dir, 'appeal.json'),
      JSON.stringify({
        version: 1,
        business: { name: 'Trim Test Woodworks', email: 'me@example.com' },
        notice: { kind: 'initial', asins: [ASIN], replyTo: 'handmade-store-appeal-review@amazon.com' },
        rules: { ...NAME_RULES_OFF },
        answers: {
          process: 'I turn each bowl from a green log.', design: 'I draw each shape first.', location: 'A shed behind my house.',
          team: 'Just me.', timePerItem: 'Two hours.', finalProduct: 'Wooden bowls.', employees: 'None.', weeklyCapacity: 10,
          additional: 'Thank you.',
        },
        media,
      }),
    );
  }

  beforeAll(async () => {
    dir = work.path('appeal');
    for (const i of [1, 2, 3]) await makePhoto(join(dir, 'photos', `step-${i}.jpg`), { width: 800, height: 600, seed: 40 + i });
    await writeFile(join(dir, 'long.mp4'), await readFile(clip));
  }, 60_000);

  it('sends only the kept part, planned at a higher bitrate than the whole clip', async () => {
    await writeAppeal(undefined);
    const whole = appeal(['build', dir, '--max-email-size', String(LIMIT), '--out', join(dir, 'out-whole')], { timeout: 300_000 });
    expect(whole.status, whole.stderr).toBe(0);
    await writeAppeal({ start: '0:05', end: 55 });
    const cut = appeal(['build', dir, '--max-email-size', String(LIMIT), '--out', join(dir, 'out-trim')], { timeout: 300_000 });
    expect(cut.status, cut.stderr).toBe(0);
    expect(cut.stdout + cut.stderr).toContain('0:05 to 0:55');

    const read = async (out: string) => JSON.parse(await readFile(join(dir, out, 'report.json'), 'utf8')) as {
      files: { kind: string; output: string; videoKbps?: number; trim?: { startSec: number; endSec: number } }[];
    };
    const wholeVideo = (await read('out-whole')).files.find((f) => f.kind === 'video')!;
    const cutVideo = (await read('out-trim')).files.find((f) => f.kind === 'video')!;
    console.log(`build, same budget: whole 75 s clip at ${wholeVideo.videoKbps} kbit/s, trimmed 50 s at ${cutVideo.videoKbps} kbit/s`);
    expect(cutVideo.trim).toEqual({ startSec: 5, endSec: 55 });
    expect(cutVideo.videoKbps!).toBeGreaterThan(wholeVideo.videoKbps! * 1.3);
    const m = await measure(join(dir, 'out-trim', cutVideo.output));
    expect(Math.abs(m.formatSec - 50)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(m.video.start - m.audio.start)).toBeLessThanOrEqual(0.05);

    // The email still describes the attached video truthfully: the kept part is what is attached.
    const mail = await simpleParser(await readFile(join(dir, 'out-trim', 'appeal.eml')));
    const attached = mail.attachments.find((a) => a.contentType === 'video/mp4')!;
    expect(attached.filename).toBe('long.mp4');
    expect(mail.text).toContain(`The attached video long.mp4 shows ASIN ${ASIN}. Turning a bowl on my lathe.`);
    const sent = work.path('sent.mp4');
    await writeFile(sent, attached.content);
    expect(Math.abs((await measure(sent)).formatSec - 50)).toBeLessThanOrEqual(0.2);
  }, 600_000);

  it('refuses to build with a trim outside the clip, naming the file', async () => {
    await writeAppeal({ start: '1:10', end: '1:30' });
    const result = appeal(['build', dir, '--max-email-size', String(LIMIT), '--out', join(dir, 'out-bad')], { timeout: 120_000 });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/long\.mp4\s+error\s+This video's trim ends at 1:30, but the clip is only 1:15 long\.\s+video-trim/);
  }, 180_000);
});
