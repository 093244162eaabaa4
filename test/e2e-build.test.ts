import { NAME_RULES_OFF } from './helpers/rules.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cp, readFile, readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { simpleParser, type ParsedMail } from 'mailparser';
import sharp from 'sharp';
import { exifHasGps } from '../src/media/exif.js';
import { findTool } from '../src/media/binaries.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { appeal, bin, root } from './helpers/cli.js';

/**
 * End to end: `node bin/appeal.js build` on a small appeal (4 photos + a short clip) with a
 * tiny budget, so everything must be recompressed; the email is read back with mailparser
 * and with Python's standard email package.
 */

const LIMIT = 3_000_000;
const ASIN = 'B0CACTUS01';

let work: WorkDir;
let appealDir: string;

function appealJson(name: string | undefined, clip: string) {
  return {
    version: 1,
    business: { ...(name ? { name } : {}), email: 'me@example.com' },
    notice: { kind: 'initial', asins: [ASIN], replyTo: 'handmade-store-appeal-review@amazon.com' },
    // Reading the name (OCR) is tested where it lives; here it would only add a minute per build.
    rules: { ...NAME_RULES_OFF },
    answers: {
      process: 'I cut each wallet from a hide and stitch it by hand.',
      design: 'I sketch every design on paper.',
      location: 'My garage studio.',
      team: 'Only me.',
      timePerItem: 'About three hours.',
      finalProduct: 'Leather wallets.',
      employees: 'None.',
      weeklyCapacity: 12,
      additional: 'Thank you for reviewing my shop.',
    },
    media: [
      ...[1, 2, 3, 4].map((i) => ({
        file: `photos/step-${i}.jpg`,
        asins: [ASIN],
        caption: `Step ${i}: working on a wallet by hand at my bench.`,
      })),
      { file: clip, asins: [ASIN], caption: 'Stitching a wallet at my bench from start to end.' },
    ],
  };
}

function build(args: string[], timeout = 300_000) {
  return appeal(['build', ...args], { timeout });
}

beforeAll(async () => {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
  work = await makeWorkDir('appeal-e2e-build-');
  appealDir = work.path('appeal');
  for (const i of [1, 2, 3, 4]) {
    await makePhoto(join(appealDir, 'photos', `step-${i}.jpg`), {
      width: 1600,
      height: 1200,
      sign: { text: 'CACTUS HANDS' },
      seed: i,
      quality: 95,
      exif: { gps: i === 1, orientation: i === 2 ? 6 : 1 },
    });
  }
  await makeClip(join(appealDir, 'clip.mov'), { seconds: 6, width: 640, height: 360, audio: true, container: 'mov', bitrate: '3M', text: 'CACTUS HANDS' });
  await writeFile(join(appealDir, 'appeal.json'), JSON.stringify(appealJson('Cactus Hands', 'clip.mov'), null, 2));
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
});

async function docxDocument(docx: Buffer): Promise<{ xml: string; zip: JSZip }> {
  const zip = await JSZip.loadAsync(docx);
  return { xml: await zip.file('word/document.xml')!.async('string'), zip };
}

function paragraphsText(xml: string): string[] {
  return [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

function pythonReading(eml: string): { to: string; subject: string; unsent: string; attachments: [string, string, number][]; defects: string[] } {
  const script = [
    'import email, json, sys',
    'from email import policy',
    "msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)",
    'atts = [[p.get_filename(), p.get_content_type(), len(p.get_payload(decode=True))] for p in msg.iter_attachments()]',
    "print(json.dumps({'to': str(msg['To']), 'subject': str(msg['Subject']), 'unsent': str(msg['X-Unsent']), 'attachments': atts, 'defects': [str(d) for d in msg.defects]}))",
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, eml], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof pythonReading>;
}

function ffprobeStreams(file: string): { codec_type: string; codec_name: string; pix_fmt?: string }[] {
  const run = spawnSync(findTool('ffprobe')!, ['-v', 'error', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(run.stdout) as { streams: { codec_type: string; codec_name: string; pix_fmt?: string }[] }).streams;
}

describe('appeal build', () => {
  let out: string;
  let mail: ParsedMail;

  it('recompresses everything into one email under a tiny budget, using at least 90% of it', async () => {
    const run = build([appealDir, '--max-email-size', '3MB']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    out = join(appealDir, 'out');
    const emlBytes = (await stat(join(out, 'appeal.eml'))).size;
    expect(emlBytes).toBeLessThanOrEqual(LIMIT);
    expect(emlBytes).toBeGreaterThanOrEqual(0.9 * LIMIT);
    expect(run.stdout).toContain('clip.mov');
    expect(run.stdout).toMatch(/of 3,000,000 \(\d+\.\d% of the budget\)/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.emailBytes).toBe(emlBytes);
    expect(report.predictedBytes).toBe(emlBytes);
    expect(report.files).toHaveLength(5);
    for (const f of report.files) expect(f.afterBytes).toBeLessThan(f.beforeBytes);
    // No temp folder left beside out/, nothing but the package inside it.
    expect((await readdir(appealDir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['.appeal-build', 'appeal.docx', 'appeal.eml', 'media', 'report.json']);
    mail = await simpleParser(await readFile(join(out, 'appeal.eml')));
  }, 300_000);

  it('attaches exactly the Word file and the MP4, as mailparser and Python read them', async () => {
    expect(mail.attachments.map((a) => a.filename)).toEqual(['Cactus Hands - Handmade review.docx', 'clip.mp4']);
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.subject).toContain('Cactus Hands');
    expect(mail.subject).toContain(ASIN);
    expect(mail.text).toContain('I cut each wallet from a hide');
    expect(mail.text).toContain('clip.mp4');
    expect(mail.attachments[0]!.content.equals(await readFile(join(out, 'appeal.docx')))).toBe(true);
    expect(mail.attachments[1]!.content.equals(await readFile(join(out, 'media', 'clip.mp4')))).toBe(true);

    const py = pythonReading(join(out, 'appeal.eml'));
    expect(py.defects).toEqual([]);
    expect(py.to).toBe('handmade-store-appeal-review@amazon.com');
    expect(py.unsent).toBe('1');
    expect(py.attachments.map((a) => a[0])).toEqual(['Cactus Hands - Handmade review.docx', 'clip.mp4']);
    expect(py.attachments[0]![1]).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(py.attachments[1]![1]).toBe('video/mp4');
    expect(py.attachments[1]![2]).toBe((await stat(join(out, 'media', 'clip.mp4'))).size);
  });

  it('puts the ASIN line right above every photo in the Word file, and no photo keeps GPS', async () => {
    const { xml, zip } = await docxDocument(mail.attachments[0]!.content);
    const chunks = xml.split('<w:drawing>');
    expect(chunks).toHaveLength(5); // four photos
    for (const before of chunks.slice(0, -1)) {
      const lines = paragraphsText(before).filter(Boolean);
      // The ASIN line, then the caption, then the photo.
      expect(lines.at(-2)).toBe(`The photo below shows ASIN ${ASIN}.`);
      expect(lines.at(-1)).toMatch(/^Step \d: working on a wallet by hand at my bench\.$/);
    }
    const inDocx = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(inDocx).toHaveLength(4);
    const images = [
      ...(await Promise.all(inDocx.map((n) => zip.file(n)!.async('nodebuffer')))),
      ...(await Promise.all((await readdir(join(out, 'media'))).filter((n) => n.endsWith('.jpg')).map((n) => readFile(join(out, 'media', n))))),
    ];
    expect(images).toHaveLength(8);
    for (const image of images) {
      const meta = await sharp(image).metadata();
      expect(meta.exif ? exifHasGps(meta.exif) : false).toBe(false);
      expect(meta.orientation ?? 1).toBe(1);
    }
    // The source photo had GPS, so the check is not vacuous.
    const source = await sharp(join(appealDir, 'photos', 'step-1.jpg')).metadata();
    expect(exifHasGps(source.exif!)).toBe(true);
  });

  it('converts the clip to H.264 + AAC in MP4', () => {
    const streams = ffprobeStreams(join(out, 'media', 'clip.mp4'));
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
  });

  it('lowers nothing when everything fits: streams copied, photos at copy level, and says only that', async () => {
    const other = work.path('roomy-out');
    const run = build([appealDir, '--out', other]);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const report = JSON.parse(await readFile(join(other, 'report.json'), 'utf8'));
    expect(report.mode).toBe('copy');
    const photos = report.files.filter((f: { kind: string }) => f.kind === 'image');
    expect(photos.map((f: { quality: number }) => f.quality)).toEqual([92, 92, 92, 92]);
    const clip = report.files.find((f: { kind: string }) => f.kind === 'video');
    expect(clip).toMatchObject({ method: 'copy', output: 'media/clip.mp4' });
    expect(clip.afterBytes).toBeGreaterThan(0.95 * clip.beforeBytes);
    const streams = ffprobeStreams(join(other, 'media', 'clip.mp4'));
    expect(streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(report.emailBytes).toBeLessThanOrEqual(18_000_000);
    // Photos are re-saved at copy level: true to say nothing was lowered, never "originals kept".
    expect(run.stdout).toContain('nothing lowered to fit');
    expect(run.stdout).not.toMatch(/full quality|originals kept/);
  }, 300_000);

  it('with --no-video attaches no video and never mentions it', async () => {
    const other = work.path('no-video-out');
    const run = build([appealDir, '--max-email-size', '3MB', '--no-video', '--out', other]);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const parsed = await simpleParser(await readFile(join(other, 'appeal.eml')));
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['Cactus Hands - Handmade review.docx']);
    const { xml } = await docxDocument(parsed.attachments[0]!.content);
    for (const text of [parsed.text ?? '', xml]) {
      expect(text).not.toMatch(/clip\.(mp4|mov)/);
      expect(text).not.toMatch(/attached video/i);
      expect(text).not.toContain('Stitching a wallet at my bench from start to end');
    }
    expect(await readdir(join(other, 'media'))).not.toContain('clip.mp4');
    expect((await stat(join(other, 'appeal.eml'))).size).toBeLessThanOrEqual(LIMIT);
  }, 300_000);
});

describe('appeal build usage errors', () => {
  it('rejects an unreadable --max-email-size with one line and exit 2', () => {
    const run = build([appealDir, '--max-email-size', '18 parsecs'], 60_000);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--max-email-size');
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('names the missing appeal.json and exits 2', () => {
    const run = build([work.path('nowhere')], 60_000);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no appeal\.json/);
  });

  it('refuses to replace an --out folder that holds other files', async () => {
    const foreign = work.path('foreign');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, 'notes.txt'), 'mine\n');
    const run = build([appealDir, '--out', foreign], 60_000);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('did not write');
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('an interrupted build', () => {
  let dir: string;

  beforeAll(async () => {
    // No business name: no OCR, so the build reaches the video quickly.
    dir = work.path('interrupt');
    await cp(join(appealDir, 'photos'), join(dir, 'photos'), { recursive: true });
    await makeClip(join(dir, 'long.mp4'), { seconds: 40, width: 640, height: 360, audio: true, bitrate: '3M' });
    await writeFile(join(dir, 'appeal.json'), JSON.stringify(appealJson(undefined, 'long.mp4'), null, 2));
  }, 120_000);

  /** ffmpeg processes working on files under `path` (from /proc, so no process is spawned per poll). */
  function ffmpegsIn(path: string): number[] {
    const pids: number[] = [];
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmdline.includes(path) && cmdline.includes('ffmpeg')) pids.push(Number(pid));
      } catch {
        // the process ended while we looked
      }
    }
    return pids;
  }

  it('refuses before encoding when the video cannot fit at a watchable quality, and says how much to trim', async () => {
    const out = work.path('refused-out');
    const run = build([dir, '--max-email-size', '1MB', '--out', out], 120_000);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/the 0:40 video needs at least [\d.]+ MB at the lowest watchable quality/);
    expect(run.stderr).toMatch(/Trim it to under 0:\d\d, or build with --no-video/);
    expect(run.stderr).not.toContain('Converting the video');
    expect(run.stderr.trim().split('\n').filter((l) => l.startsWith('appeal:'))).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(work.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 120_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('stopped by %s during the video leaves the previous out/ as it was and no temp files', async (signal, code) => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'media'), { recursive: true });
    await writeFile(join(out, '.appeal-build'), 'the mark of a previous build\n');
    await writeFile(join(out, 'report.json'), '{"previous": true}\n');
    await writeFile(join(out, 'appeal.eml'), 'previous email\n');

    const child = spawn(process.execPath, [bin, 'build', dir, '--max-email-size', '3MB'], {
      cwd: root,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));

    // Wait until the video encode is running (its pass-log folder exists in the temp build folder).
    const deadline = Date.now() + 120_000;
    let temp: string | undefined;
    while (Date.now() < deadline) {
      const names = await readdir(dir);
      temp = names.find((n) => n.startsWith('.out.building-'));
      if (temp && existsSync(join(dir, temp, '.work')) && ffmpegsIn(join(dir, temp)).length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(temp, stderr).toBeDefined();
    expect(stderr).toContain('Converting the video');
    child.kill(signal);
    const status = await exited;

    expect(status, stderr).toBe(code);
    expect(stderr).toContain('build stopped; nothing in the output folder was changed');
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe('{"previous": true}\n');
    expect(await readFile(join(out, 'appeal.eml'), 'utf8')).toBe('previous email\n');
    expect(await readdir(join(out, 'media'))).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(ffmpegsIn(join(dir, temp!))).toEqual([]);
  }, 180_000);
});
