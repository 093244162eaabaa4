import { readdirSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { ffprobe, progressParser, type FfmpegProgress } from '../src/media/ffmpeg.js';
import { isCancelled } from '../src/common/cancel.js';
import { containerOverheadBytes, encodeVideo, fitInside, RATE_MARGIN, videoBitrateFor, type VideoProgress } from '../src/media/video.js';
import { makeBusyClip, makeHdrClip, processAlive, topLevelBoxes } from './helpers/encoders.js';
import { makeClip, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;

beforeAll(async () => {
  work = await makeWorkDir('appeal-video-');
});

afterAll(async () => {
  await work.cleanup();
});

async function streamsOf(file: string) {
  const data = await ffprobe(file);
  const video = data.streams.find((s) => s.codec_type === 'video');
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  return { data, video, audio };
}

/** No pass logs, no partial outputs: only the files the test expects. */
async function leftovers(...dirs: string[]): Promise<string[]> {
  const names = await Promise.all(dirs.map((d) => readdir(d).catch(() => [] as string[])));
  return names.flat().filter((n) => /appeal-\d+-|\.partial|\.log/.test(n));
}

describe('encodeVideo', () => {
  it('encodes a rotated phone clip upright', async () => {
    // A phone held upright stores landscape frames plus a 90 degree rotation; 60 fps like many phones.
    const input = await makeClip(work.path('in', 'portrait.mp4'), { seconds: 2, width: 640, height: 360, fps: 60, audio: true, rotate: 90 });
    const before = (await streamsOf(input)).video as unknown as { rotation?: number; tags?: { rotate?: string } };
    expect(Math.abs(Number(before.rotation ?? before.tags?.rotate))).toBe(90);

    // The box turns with the picture: long edge 640, short 360 (like 1280x720 for a full-size clip).
    const result = await encodeVideo(input, work.path('out', 'portrait.mp4'), { videoKbps: 400, maxWidth: 640, maxHeight: 360, workDir: work.path('tmp') });
    expect([result.width, result.height]).toEqual([360, 640]);
    const { video } = await streamsOf(result.file);
    const after = video as unknown as { rotation?: number; tags?: { rotate?: string }; width: number; height: number };
    expect([after.width, after.height]).toEqual([360, 640]);
    // Upright in the pixels themselves: no rotation left for the player to apply.
    expect(Number(after.rotation ?? after.tags?.rotate ?? 0)).toBe(0);
    expect(video?.avg_frame_rate).toBe('30/1');
    expect(result.fps).toBe(30);
  });

  it('scales a clip to fit the box, keeping the aspect and even sizes', async () => {
    const input = await makeClip(work.path('in', 'wide.mp4'), { seconds: 1, width: 960, height: 540, audio: false });
    const result = await encodeVideo(input, work.path('out', 'wide.mp4'), { videoKbps: 300, maxWidth: 426, maxHeight: 240, workDir: work.path('tmp') });
    const { video } = await streamsOf(result.file);
    expect([video?.width, video?.height]).toEqual([426, 240]);
    expect([result.width % 2, result.height % 2]).toEqual([0, 0]);
  });

  it('never upscales a small clip', async () => {
    const input = await makeClip(work.path('in', 'small.mp4'), { seconds: 1, width: 320, height: 240, audio: false });
    // Folders with spaces, as in "My Appeal/out" (fluent-ffmpeg splits some options on spaces).
    const result = await encodeVideo(input, work.path('my out', 'small clip.mp4'), { videoKbps: 200, workDir: work.path('my tmp') });
    const { video } = await streamsOf(result.file);
    expect([video?.width, video?.height]).toEqual([320, 240]);
  });

  it('converts HEVC in a .mov to H.264/AAC MP4 with faststart (moov before mdat)', async () => {
    const input = await makeClip(work.path('in', 'IMG_0042.MOV'), { seconds: 2, width: 640, height: 360, codec: 'hevc', container: 'mov', audio: true });
    expect((await streamsOf(input)).video?.codec_name).toBe('hevc');

    const result = await encodeVideo(input, work.path('out', 'IMG_0042.mp4'), { videoKbps: 400, workDir: work.path('tmp') });
    const { data, video, audio } = await streamsOf(result.file);
    expect(video?.codec_name).toBe('h264');
    expect(video?.profile).toBe('High');
    expect(video?.pix_fmt).toBe('yuv420p');
    expect(audio?.codec_name).toBe('aac');
    expect(data.format.tags?.major_brand).toBe('isom');
    const boxes = await topLevelBoxes(result.file);
    expect(boxes[0]).toBe('ftyp');
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(result).toMatchObject({ hasAudio: true, audioKbps: 96, passes: 2, width: 640, height: 360 });
    expect(Math.abs(result.durationSec - 2)).toBeLessThan(0.1);
  });

  it('tone-maps an HDR (HLG 10-bit HEVC) phone clip to SDR BT.709', async () => {
    const input = await makeHdrClip(work.path('in', 'IMG_HDR.MOV'), { seconds: 1, width: 640, height: 360 });
    const before = (await streamsOf(input)).video as unknown as { color_transfer?: string; pix_fmt?: string };
    expect([before.color_transfer, before.pix_fmt]).toEqual(['arib-std-b67', 'yuv420p10le']);

    const result = await encodeVideo(input, work.path('out', 'IMG_HDR.mp4'), { videoKbps: 400, workDir: work.path('tmp') });
    expect(result.toneMapped).toBe(true);
    const after = (await streamsOf(result.file)).video as unknown as { color_transfer?: string; color_primaries?: string; pix_fmt?: string; profile?: string };
    expect(after).toMatchObject({ color_transfer: 'bt709', color_primaries: 'bt709', pix_fmt: 'yuv420p', profile: 'High' });
  });

  it('gives a clip without sound no audio track', async () => {
    const input = await makeClip(work.path('in', 'silent.mp4'), { seconds: 1, width: 640, height: 360, audio: false });
    const result = await encodeVideo(input, work.path('out', 'silent.mp4'), { videoKbps: 300, workDir: work.path('tmp') });
    const { audio, video } = await streamsOf(result.file);
    expect(audio).toBeUndefined();
    expect(video?.codec_name).toBe('h264');
    expect(result).toMatchObject({ hasAudio: false, audioKbps: 0 });
  });

  it('removes the recording place and other metadata from the clip', async () => {
    const input = await makeBusyClip(work.path('in', 'located.mp4'), {
      seconds: 1, width: 320, height: 240, metadata: { location: '+52.5200+013.4050/', title: 'Garage workshop' },
    });
    expect((await ffprobe(input)).format.tags?.location).toBe('+52.5200+013.4050/');
    const result = await encodeVideo(input, work.path('out', 'located.mp4'), { videoKbps: 300, workDir: work.path('tmp') });
    const tags = (await ffprobe(result.file)).format.tags ?? {};
    expect(tags.location).toBeUndefined();
    expect(tags.title).toBeUndefined();
  });

  it('hits the target bitrate within 4%', async () => {
    // Busy picture + noise sound: the encoder needs every bit, as with a real handheld clip.
    const seconds = 6;
    const input = await makeBusyClip(work.path('in', 'busy.mp4'), { seconds, width: 480, height: 270, audio: true });
    const target = 300_000;
    const videoKbps = videoBitrateFor(target, seconds, 96);
    const progress: VideoProgress[] = [];
    const result = await encodeVideo(input, work.path('out', 'busy.mp4'), {
      videoKbps, workDir: work.path('tmp'), onProgress: (p) => progress.push(p),
    });
    expect(Math.abs(result.bytes / target - 1)).toBeLessThan(0.04);
    expect(result.bytes).toBe((await stat(result.file)).size);

    // Progress runs over both passes, never backwards, and ends at 100.
    expect(progress.some((p) => p.pass === 1 && p.percent > 0 && p.percent < 50)).toBe(true);
    expect(progress.some((p) => p.pass === 2 && p.percent > 50 && p.percent < 100)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.percent).toBeGreaterThanOrEqual(progress[i - 1]!.percent);
    expect(progress.at(-1)).toMatchObject({ percent: 100, etaSec: 0 });
    expect(progress.some((p) => p.etaSec !== null && p.etaSec > 0 && p.speed !== null)).toBe(true);
  });

  it('an aborted encode kills ffmpeg and leaves no partial file', async () => {
    const input = await makeBusyClip(work.path('in', 'long.mp4'), { seconds: 8, width: 320, height: 240, audio: true });
    const controller = new AbortController();
    const pids: number[] = [];
    const output = work.path('out-abort', 'long.mp4');
    const tmp = work.path('tmp-abort');
    let seenWhileRunning: string[] = [];
    const encoding = encodeVideo(input, output, {
      videoKbps: 500,
      workDir: tmp,
      signal: controller.signal,
      onStart: (pid) => pids.push(pid),
      // Cancel as soon as the second pass is writing the output file.
      onProgress: (p) => {
        if (p.pass === 2 && p.percent < 100 && !controller.signal.aborted) {
          seenWhileRunning = [...readdirSync(work.path('out-abort')), ...readdirSync(tmp)];
          controller.abort();
        }
      },
    });
    const error = await encoding.catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    // While it ran there were a partial output and pass logs; afterwards nothing.
    expect(seenWhileRunning.some((n) => n.endsWith('.partial'))).toBe(true);
    expect(seenWhileRunning.some((n) => n.endsWith('.log'))).toBe(true);
    expect(pids.length).toBe(2);
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
    await expect(stat(output)).rejects.toThrow();
    expect(await leftovers(work.path('out-abort'), tmp)).toEqual([]);
  });

  it('an encode cancelled before it starts runs no ffmpeg at all', async () => {
    const input = await makeClip(work.path('in', 'never.mp4'), { seconds: 1, width: 320, height: 240 });
    const pids: number[] = [];
    const error = await encodeVideo(input, work.path('out', 'never.mp4'), {
      videoKbps: 300, workDir: work.path('tmp'), signal: AbortSignal.abort(), onStart: (pid) => pids.push(pid),
    }).catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
    expect(pids).toEqual([]);
  });

  it('a file that is not a video gives one clear line naming it', async () => {
    const input = work.path('in', 'clip.mp4');
    await writeFile(input, 'this is not a video');
    const error = await encodeVideo(input, work.path('out', 'clip.mp4'), { videoKbps: 300, workDir: work.path('tmp') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/^clip\.mp4: could not be read as a video/);
    expect(await leftovers(work.path('out'), work.path('tmp'))).toEqual([]);
  });
});

describe('videoBitrateFor', () => {
  it('leaves room for the sound, the MP4 index and rate-control overshoot', () => {
    // 10 MB for 60 s: 1333 kbit/s in total before the container and the margin.
    const kbps = videoBitrateFor(10_000_000, 60, 96);
    const overhead = containerOverheadBytes(60);
    expect(overhead).toBeGreaterThan(60 * 1000);
    expect(overhead).toBeLessThan(60 * 1500);
    expect(kbps).toBe(Math.floor(((10_000_000 - overhead) * 8) / 1000 / 60 / (1 + RATE_MARGIN) - 96));
    expect(kbps).toBeGreaterThan(1100);
    expect(kbps).toBeLessThan(1237);
    // Without sound the whole budget goes to the picture, minus a smaller index.
    expect(videoBitrateFor(10_000_000, 60, 0)).toBeGreaterThan(kbps + 96);
    expect(videoBitrateFor(10_000, 60, 96)).toBe(0);
    expect(() => videoBitrateFor(1000, 0, 96)).toThrow(RangeError);
  });
});

describe('fitInside', () => {
  it('caps the long edge at 1280 and the short at 720 in either orientation', () => {
    expect(fitInside(1920, 1080, 1280, 720)).toEqual({ width: 1280, height: 720 });
    expect(fitInside(1080, 1920, 1280, 720)).toEqual({ width: 720, height: 1280 });
    expect(fitInside(3840, 1600, 1280, 720)).toEqual({ width: 1280, height: 534 });
    expect(fitInside(1440, 1080, 1280, 720)).toEqual({ width: 960, height: 720 });
    expect(fitInside(640, 360, 1280, 720)).toEqual({ width: 640, height: 360 });
    expect(fitInside(641, 361, 1280, 720)).toEqual({ width: 640, height: 360 });
  });
});

describe('progressParser', () => {
  it("reads ffmpeg's -progress blocks, split anywhere across chunks", () => {
    const seen: FfmpegProgress[] = [];
    const feed = progressParser((p) => seen.push(p));
    const text =
      'frame=0\nfps=0.00\nout_time_ms=0\nout_time=00:00:00.000000\nspeed=N/A\nprogress=continue\n' +
      'frame=150\nfps=48.1\nout_time_us=5005000\nout_time=00:00:05.005000\nspeed=1.61x\nprogress=continue\n' +
      'frame=2250\nout_time=00:01:15.000000\nspeed=2.5x\nprogress=end\n';
    for (let i = 0; i < text.length; i += 7) feed(text.slice(i, i + 7));
    expect(seen).toEqual([
      { outTimeSec: 0, speed: null, frame: 0 },
      { outTimeSec: 5.005, speed: 1.61, frame: 150 },
      { outTimeSec: 75, speed: 2.5, frame: 2250 },
    ]);
  });
});
