import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import JSZip from 'jszip';
import { docxBuffer } from '../src/package/docx.js';
import { writeEml } from '../src/package/eml.js';
import { contentOf } from '../src/package/content.js';
import { AppealSchema } from '../src/appeal/schema.js';
import { questionsOf } from '../src/appeal/questions.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { bin, root } from './helpers/cli.js';
import { rng } from '../scripts/lib/random.js';

/**
 * Every file a seller can hand us, damaged in the ways files get damaged (cut short, bits
 * flipped, empty, headers that claim absurd sizes), through `appeal check` and `appeal
 * build`: never a crash or a stack trace, the right exit code, a line naming the file, and
 * nothing written outside out/.
 */

const ASIN = 'B0TESTROB1';
let work: WorkDir;
const good: Record<string, string> = {};

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    input: '',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No crash: a known exit code, no stack frames, no "internal error". */
function expectHandled(result: ReturnType<typeof run>, what: string): void {
  const all = `${result.stdout}\n${result.stderr}`;
  expect([0, 1, 2], `${what}: exit ${result.status}\n${all}`).toContain(result.status);
  expect(all, what).not.toMatch(/internal error|This is a bug|^\s+at .+[:(]\d+/m);
  if (result.status === 2) {
    const lines = result.stderr.trim().split('\n').filter((l) => l.startsWith('appeal:'));
    expect(lines, `${what}: one line for exit 2\n${result.stderr}`).toHaveLength(1);
  }
}

/** Rules that speak about the file itself (not its ASIN, caption or count). */
const FILE_RULES = new Set(['corrupt-file', 'media-format', 'archive', 'file-extension']);

async function variants(source: string, dir: string, oversized?: (data: Buffer) => Buffer): Promise<string[]> {
  const data = await readFile(source);
  const ext = source.slice(source.lastIndexOf('.'));
  // The ASIN in the name: a plain folder takes a photo's ASINs from its file name.
  const stem = `${ASIN}-${basename(source, ext)}`;
  const rand = rng(data.length);
  const made: [string, Buffer][] = [
    [`${stem}-empty${ext}`, Buffer.alloc(0)],
    [`${stem}-cut10${ext}`, data.subarray(0, Math.floor(data.length * 0.1))],
    [`${stem}-cut50${ext}`, data.subarray(0, Math.floor(data.length * 0.5))],
    [`${stem}-cut95${ext}`, data.subarray(0, Math.floor(data.length * 0.95))],
  ];
  const flipped = Buffer.from(data);
  for (let i = 0; i < 24; i++) {
    const at = 16 + Math.floor(rand() * (flipped.length - 16));
    flipped[at] = flipped[at]! ^ (1 << Math.floor(rand() * 8));
  }
  made.push([`${stem}-flipped${ext}`, flipped]);
  if (oversized) made.push([`${stem}-huge${ext}`, oversized(Buffer.from(data))]);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of made) await writeFile(join(dir, name), bytes);
  return made.map(([name]) => name);
}

/** JPEG: the first SOF segment claims 65000 x 65000 pixels. */
function hugeJpeg(data: Buffer): Buffer {
  for (let i = 2; i < data.length - 9; i++) {
    if (data[i] === 0xff && data[i + 1]! >= 0xc0 && data[i + 1]! <= 0xc2) {
      data.writeUInt16BE(65000, i + 5);
      data.writeUInt16BE(65000, i + 7);
      return data;
    }
  }
  throw new Error('no SOF marker');
}

/** PNG: IHDR claims 60000 x 60000 (with a correct CRC, so only the size is absurd). */
function hugePng(data: Buffer): Buffer {
  data.writeUInt32BE(60000, 16);
  data.writeUInt32BE(60000, 20);
  const crc = crc32(data.subarray(12, 29));
  data.writeUInt32BE(crc, 29);
  return data;
}

/** HEIC: the ispe box claims 60000 x 60000. */
function hugeHeic(data: Buffer): Buffer {
  const at = data.indexOf(Buffer.from('ispe', 'latin1'));
  data.writeUInt32BE(60000, at + 8);
  data.writeUInt32BE(60000, at + 12);
  return data;
}

/** MP4/MOV: the first box after ftyp claims to be 4 GB long. */
function hugeBox(data: Buffer): Buffer {
  const next = data.readUInt32BE(0);
  data.writeUInt32BE(0xfffffff0, next);
  return data;
}

function crc32(buf: Buffer): number {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(`${relative(dir, path)} ${(await stat(path)).size}`);
    }
  };
  await walk(dir);
  return out.sort();
}

function appealJsonFor(files: string[]) {
  return {
    version: 1,
    business: { email: 'maker@example.com' },
    notice: { kind: 'initial', asins: [ASIN] },
    answers: {
      process: 'I turn each bowl on the lathe and finish it with oil by hand.',
      design: 'I draw every shape myself.',
      location: 'My workshop behind the house.',
      team: 'Only me.',
      timePerItem: 'About three hours.',
      finalProduct: 'Wooden bowls.',
      employees: 'None.',
      weeklyCapacity: 8,
    },
    media: files.map((file) => ({ file, asins: [ASIN], caption: 'Turning a bowl on the lathe in my workshop.' })),
  };
}

beforeAll(async () => {
  work = await makeWorkDir('appeal-robust-');
  const src = work.path('good');
  good.jpeg = await makePhoto(join(src, 'photo.jpg'), { width: 800, height: 600, seed: 1 });
  good.png = await makePhoto(join(src, 'drawing.png'), { width: 640, height: 480, seed: 2, format: 'png' });
  good.heic = await makePhoto(join(src, 'iphone.heic'), { width: 640, height: 480, seed: 3, format: 'heic' });
  good.mp4 = await makeClip(join(src, 'clip.mp4'), { seconds: 2, width: 320, height: 180, audio: true });
  good.mov = await makeClip(join(src, 'phone.mov'), { seconds: 2, width: 320, height: 180, audio: true, container: 'mov' });
  const appeal = AppealSchema.parse(appealJsonFor(['photo.jpg']));
  const photo = { source: 'photo.jpg', path: good.jpeg, format: 'jpg' as const, width: 800, height: 600, asins: [ASIN], caption: 'Turning a bowl.' };
  const content = contentOf(appeal, questionsOf(appeal), [photo], null);
  good.docx = join(src, 'answers.docx');
  await writeFile(good.docx, await docxBuffer(content));
  good.eml = join(src, 'appeal.eml');
  await writeEml(
    {
      from: { name: 'Maker', address: 'maker@example.com' },
      to: 'handmade-store-appeal-review@amazon.com',
      subject: 'Handmade review',
      text: 'My answers are in the attached Word file.',
      date: new Date('2026-11-30T10:00:00Z'),
      messageId: '<robust@example.com>',
      attachments: [{ filename: 'appeal.docx', path: good.docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
    },
    good.eml,
  );
}, 180_000);

afterAll(async () => {
  await work?.cleanup();
});

describe('damaged photos and videos in a folder', () => {
  it.each([
    ['jpeg', hugeJpeg],
    ['png', hugePng],
    ['heic', hugeHeic],
    ['mp4', hugeBox],
    ['mov', hugeBox],
    ['docx', undefined],
  ] as const)('%s: check names every damaged file and exits 1, without a crash', async (format, oversized) => {
    const dir = work.path(`folder-${format}`);
    const names = await variants(good[format]!, dir, oversized);
    const result = run(['check', dir, '--no-ocr', '--format', 'json']);
    expectHandled(result, `check of damaged ${format}`);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { messages: { file: string | null; severity: string; ruleId: string }[] };
    // A few flipped bits can leave a photo that still shows (with a glitch): only no crash is asked of it.
    for (const name of names.filter((n) => !n.includes('-flipped'))) {
      expect(
        report.messages.some((m) => m.severity === 'error' && m.file !== null && m.file.endsWith(name) && FILE_RULES.has(m.ruleId)),
        `${name} has an error about the file itself\n${result.stdout}`,
      ).toBe(true);
    }
  }, 180_000);
});

describe('damaged files listed in an appeal', () => {
  it('build refuses, naming each file; --force builds from the good ones and writes nothing outside out/', async () => {
    const dir = work.path('appeal');
    const listed: string[] = [];
    for (const [format, oversized] of [['jpeg', hugeJpeg], ['heic', hugeHeic], ['mp4', hugeBox]] as const) {
      const names = await variants(good[format]!, join(dir, 'media'), oversized);
      listed.push(...names.map((n) => `media/${n}`));
    }
    for (const i of [1, 2, 3]) {
      await makePhoto(join(dir, 'photos', `good-${i}.jpg`), { width: 800, height: 600, seed: 10 + i });
      listed.push(`photos/good-${i}.jpg`);
    }
    await writeFile(join(dir, 'appeal.json'), JSON.stringify(appealJsonFor(listed), null, 2));
    const before = await snapshot(dir);

    const refused = run(['build', dir]);
    expectHandled(refused, 'build of damaged media');
    expect(refused.status).toBe(1);
    for (const name of listed.filter((n) => n.startsWith('media/') && !n.includes('-flipped'))) {
      expect(refused.stdout, `${name}\n${refused.stdout}`).toContain(basename(name));
    }
    expect(await snapshot(dir)).toEqual(before);

    const forced = run(['build', dir, '--force', '--no-video']);
    expectHandled(forced, 'build --force of damaged media');
    expect(await snapshot(dir).then((files) => files.filter((f) => !f.startsWith('out/')))).toEqual(before);
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as { files: { source: string }[] };
    // The damaged files are left out; a flipped photo that still decodes may go in, as the check passed it.
    const built = report.files.map((f) => f.source).filter((f) => !f.includes('-flipped'));
    expect(built.sort()).toEqual(['photos/good-1.jpg', 'photos/good-2.jpg', 'photos/good-3.jpg']);
  }, 300_000);
});

describe('damaged emails', () => {
  it('checks every damaged .eml with one line or a list of problems, never a crash', async () => {
    const dir = work.path('emails');
    const names = await variants(good.eml!, dir, (data) => {
      // An absurdly long header line before the body.
      const cut = data.indexOf('\r\n\r\n');
      return Buffer.concat([data.subarray(0, cut), Buffer.from(`\r\nX-Long: ${'a'.repeat(2_000_000)}`), data.subarray(cut)]);
    });
    for (const name of names) {
      const result = run(['check', join(dir, name), '--no-ocr']);
      expectHandled(result, `check of ${name}`);
      expect(result.status, `${name}\n${result.stdout}${result.stderr}`).not.toBe(0);
    }
  }, 300_000);

  it('stops at a Word file inside the email that unpacks to far more than any appeal', async () => {
    const zip = new JSZip();
    // The text of the document itself: the first thing the preflight unpacks.
    zip.file('word/document.xml', Buffer.concat([Buffer.from('<w:document>'), Buffer.alloc(150_000_000, 0x20), Buffer.from('</w:document>')]));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1_000_000);
    const docx = work.path('bomb', 'appeal.docx');
    await mkdir(work.path('bomb'), { recursive: true });
    await writeFile(docx, bomb);
    const eml = work.path('bomb', 'appeal.eml');
    await writeEml(
      {
        from: null,
        to: 'handmade-store-appeal-review@amazon.com',
        subject: 'Handmade review',
        text: 'See the Word file.',
        date: new Date(),
        messageId: '<bomb@example.com>',
        attachments: [{ filename: 'appeal.docx', path: docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
      },
      eml,
    );
    const result = run(['check', eml, '--no-ocr']);
    expectHandled(result, 'check of a zip bomb');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/appeal\.docx: unpacks to more than 100 MB/);
  }, 120_000);
});

describe('a damaged appeal.json', () => {
  it('gets one line naming appeal.json and exit 2 from check and build, and is left as it was', async () => {
    const base = work.path('json');
    await mkdir(join(base, 'source'), { recursive: true });
    const source = join(base, 'source', 'appeal.json');
    await writeFile(source, JSON.stringify(appealJsonFor(['photo.jpg']), null, 2));
    const names = await variants(source, join(base, 'damaged'), (data) =>
      Buffer.from(data.toString('utf8').replace('"Only me."', `"${'x'.repeat(5_000_000)}"`).replace('"version": 1', '"version": 1e400')),
    );
    for (const name of names) {
      const dir = join(base, name.replace(/\W+/g, '-'));
      await mkdir(dir, { recursive: true });
      await cp(join(base, 'damaged', name), join(dir, 'appeal.json'));
      await cp(good.jpeg!, join(dir, 'photo.jpg'));
      const before = await readFile(join(dir, 'appeal.json'));
      for (const command of ['check', 'build']) {
        const result = run([command, dir, ...(command === 'check' ? ['--no-ocr'] : [])]);
        expectHandled(result, `${command} with ${name}`);
        expect(result.status, `${command} with ${name}: ${result.stdout}${result.stderr}`).toBe(2);
        expect(result.stderr).toContain('appeal.json');
      }
      expect(await readFile(join(dir, 'appeal.json'))).toEqual(before);
      await rm(join(dir, 'out'), { recursive: true, force: true });
    }
  }, 300_000);
});
