import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  makeAnimatedGif,
  makeClip,
  makePhoto,
  makePixelBomb,
  makeRar,
  makeText,
  makeWorkDir,
  makeZip,
  truncate,
  type WorkDir,
} from './helpers/media.js';
import { makeDocx, makeEml } from './helpers/check.js';
import sharp from 'sharp';
import { appealAsync } from './helpers/cli.js';

/**
 * `appeal check` as a seller (or their script) runs it: the built CLI spawned on real files,
 * judged by the JSON contract, the exit code and what lands on stderr.
 */


const appeal = appealAsync;
type Run = Awaited<ReturnType<typeof appealAsync>>;

interface JsonReport {
  path: string;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  files: { file: string; kind: string; format: string; bytes: number; asins: string[]; businessName: unknown }[];
  messages: { ruleId: string; severity: string; message: string; file: string | null; fixable: boolean; hint: string }[];
  email: { estimatedBytes: number; limitBytes: number };
}

function json(run: Run): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

function noStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at\s/);
  expect(stderr).not.toContain('internal error');
}

let work: WorkDir;
const ASINS = ['B0CACTUS01', 'B0CACTUS02', 'B0D2345678', 'B0E3456789'];

async function labelledPhotos(dir: string, count: number): Promise<string[]> {
  return Promise.all(
    ASINS.slice(0, count).map((asin, i) =>
      makePhoto(join(dir, `${i + 1}-${asin}.jpg`), {
        width: 800,
        height: 600,
        seed: 100 + i * 13,
        background: ['#8a6a4a', '#4a6a8a', '#6a8a4a', '#8a4a6a'][i],
      }),
    ),
  );
}

beforeAll(async () => {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` (npm test builds first)');
  }
  work = await makeWorkDir('appeal-e2e-check-');
});

afterAll(async () => {
  await work?.cleanup();
});

describe('appeal check on a folder of bad inputs', () => {
  let dir: string;
  let run: Run;
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    dir = work.path('bad');
    await mkdir(dir, { recursive: true });
    bad.empty = join(dir, 'B0CACTUS01-empty.jpg');
    await writeFile(bad.empty, '');
    bad.cutJpeg = await truncate(await makePhoto(join(dir, 'B0CACTUS01-cut.jpg'), { width: 400, height: 300, seed: 5 }), 1500);
    // No faststart: the index sits at the end, so the cut-off copy has no playable index.
    bad.cutMp4 = await truncate(
      await makeClip(join(dir, 'B0CACTUS01-cut.mp4'), { seconds: 1, width: 160, height: 120 }),
      2000,
    );
    bad.text = await makeText(join(dir, 'B0CACTUS01-notes.mp4'));
    bad.zip = await makeZip(join(dir, 'B0CACTUS01-photos.zip'));
    bad.rar = await makeRar(join(dir, 'B0CACTUS01-photos.rar'));
    bad.bomb = await makePixelBomb(join(dir, 'B0CACTUS01-huge.png'));
    bad.gif = await makeAnimatedGif(join(dir, 'B0CACTUS01-spinning.gif'));
    // Not bad, but awkward: a PNG with a .jpg name, and a name with spaces, accents and emoji.
    const png = await makePhoto(join(dir, 'B0CACTUS02-real-png.png'), { width: 400, height: 300, seed: 6, format: 'png' });
    await copyFile(png, join(dir, 'B0CACTUS02-named.jpg'));
    await makePhoto(join(dir, 'Étape 2 – couture B0D2345678 ✂️.jpg'), { width: 400, height: 300, seed: 7 });
    run = await appeal(['check', dir, '--format', 'json', '--no-ocr']);
  });

  it('exits 1 without crashing, printing only JSON on stdout', () => {
    expect(run.status).toBe(1);
    noStackTrace(run.stderr);
    const report = json(run);
    expect(report.ok).toBe(false);
    expect(report.path).toBe(dir);
    expect(report.errorCount).toBe(report.messages.filter((m) => m.severity === 'error').length);
  });

  it('gives every bad file its own error message', () => {
    const report = json(run);
    for (const [what, file] of Object.entries(bad)) {
      const mine = report.messages.filter((m) => m.file === file && m.severity === 'error');
      expect(mine.length, `${what}: ${file}`).toBeGreaterThan(0);
      for (const m of mine) expect(m.message.length, what).toBeGreaterThan(10);
    }
  });

  it('tells archives, text and photos apart by content, not by name', () => {
    const kinds = Object.fromEntries(json(run).files.map((f) => [f.file, `${f.kind}/${f.format}`]));
    expect(kinds[bad.zip!]).toBe('archive/zip');
    expect(kinds[bad.rar!]).toBe('archive/rar');
    expect(kinds[bad.text!]).toMatch(/^other\//);
    expect(kinds[join(dir, 'B0CACTUS02-named.jpg')]).toBe('image/png');
  });

  it('keeps unusual file names intact and reads the ASIN in them', () => {
    const file = json(run).files.find((f) => f.file.endsWith('✂️.jpg'));
    expect(file?.file).toBe(join(dir, 'Étape 2 – couture B0D2345678 ✂️.jpg'));
    expect(file?.asins).toEqual(['B0D2345678']);
  });

  it('prints the same problems for people, grouped by file, without colour codes under NO_COLOR', async () => {
    const stylish = await appeal(['check', dir, '--no-ocr']);
    noStackTrace(stylish.stderr);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toContain(`\n${bad.zip}\n`);
    expect(stylish.stdout).toMatch(/✖ \d+ problems \(\d+ errors?, \d+ warnings?\)/);
    expect(stylish.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('appeal check on good photos', () => {
  it('passes 4 labelled photos with exit 0', async () => {
    const dir = work.path('good');
    await labelledPhotos(dir, 4);
    const run = await appeal(['check', dir, '--format', 'json', '--no-ocr']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = json(run);
    expect(report.ok).toBe(true);
    expect(report.errorCount).toBe(0);
    expect(report.files.map((f) => f.asins[0])).toEqual(ASINS);
    expect(report.files.every((f) => f.businessName === null)).toBe(true);
  });

  it('fails warnings only with --strict (3 photos: Amazon asks for 3 to 5, 4 or 5 is safer)', async () => {
    const dir = work.path('three');
    await labelledPhotos(dir, 3);
    const lenient = await appeal(['check', dir, '--format', 'json', '--no-ocr']);
    expect(lenient.status).toBe(0);
    expect(json(lenient).warningCount).toBeGreaterThan(0);
    const strict = await appeal(['check', dir, '--format', 'json', '--no-ocr', '--strict']);
    expect(strict.status).toBe(1);
    expect(json(strict).ok).toBe(true); // ok reports errors; --strict only changes the exit code
  });
});

describe('appeal check usage errors', () => {
  it('answers a missing path with one line and exit 2', async () => {
    const run = await appeal(['check', work.path('no-such-folder'), '--format', 'json', '--no-ocr']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no-such-folder');
    expect(lines[0]).toContain('does not exist');
  });

  it('refuses a mistyped --asins value with exit 2, naming it', async () => {
    const dir = work.path('asins');
    await labelledPhotos(dir, 1);
    const run = await appeal(['check', dir, '--asins', 'B0CACTUS01,B0NOPE', '--no-ocr']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('B0NOPE');
  });
});

describe('appeal check on a built email (preflight)', () => {
  it('reports a photo without its ASIN line and a wrong recipient', async () => {
    const dir = work.path('eml');
    const photos = await labelledPhotos(join(dir, 'src'), 4);
    const docx = await makeDocx(join(dir, 'appeal.docx'), {
      answers: [['Describe your production process.', 'I cut, stitch and finish every wallet by hand.']],
      photos: photos.map((file, i) => ({
        file,
        asinLine: i === 1 ? null : `The photo below shows ASIN ${ASINS[i]}`,
        sentence: 'I am working on a wallet at my bench.',
      })),
      videoLine: 'The attached video sewing.mp4 shows ASIN B0CACTUS01 being stitched.',
    });
    const clip = await makeClip(join(dir, 'sewing.mp4'), { seconds: 1, width: 160, height: 120, audio: true, faststart: true });
    const eml = await makeEml(join(dir, 'appeal.eml'), {
      to: 'someone-else@example.com',
      from: 'me@example.com',
      subject: 'Handmade verification',
      text: 'My answers and photos are in the attached document.',
      attachments: [docx, clip],
    });
    const run = await appeal(['check', eml, '--format', 'json', '--no-ocr']);
    noStackTrace(run.stderr);
    expect(run.status).toBe(1);
    const report = json(run);
    expect(report.files.map((f) => f.kind)).toEqual(['image', 'image', 'image', 'image', 'video']);
    expect(report.files[4]!.asins).toEqual(['B0CACTUS01']);
    const photo2 = `${eml} > appeal.docx > photo 2`;
    expect(report.messages.some((m) => m.ruleId === 'asin-label' && m.file === photo2)).toBe(true);
    expect(report.messages.filter((m) => m.ruleId === 'asin-label')).toHaveLength(1);
    expect(report.messages.some((m) => m.ruleId === 'eml-recipient' && m.severity === 'error')).toBe(true);
  });
});

describe('appeal check reading the business name', () => {
  let dir: string;
  beforeAll(async () => {
    dir = work.path('names');
    await makePhoto(join(dir, 'B0CACTUS01-sign.jpg'), { width: 800, height: 600, seed: 21, sign: { text: 'CACTUS HANDS' } });
    await makePhoto(join(dir, 'B0CACTUS02-bench.jpg'), { width: 800, height: 600, seed: 22 });
  });

  it('reports each photo where the name cannot be read, and draws a contact sheet', async () => {
    const sheet = work.path('names-sheet.png');
    const run = await appeal(['check', dir, '--business-name', 'Cactus Hands', '--format', 'json', '--sheet', sheet]);
    noStackTrace(run.stderr);
    expect(run.status).toBe(1);
    const report = json(run); // stdout is the JSON alone, even with OCR progress and the sheet
    const bench = report.files.find((f) => f.file.endsWith('bench.jpg'))!;
    expect(bench.businessName).toMatchObject({ found: false, text: null, box: null });
    expect(report.messages.some((m) => m.ruleId === 'business-name-visible' && m.file === bench.file && m.severity === 'error')).toBe(true);
    for (const file of report.files) expect(file.businessName).not.toBeNull();
    const meta = await sharp(sheet).metadata();
    expect(meta.format).toBe('png');
  }, 240_000);

  it('skips reading with --no-ocr and still writes the sheet', async () => {
    const sheet = work.path('plain-sheet.png');
    const run = await appeal(['check', dir, '--business-name', 'Cactus Hands', '--no-ocr', '--format', 'json', '--sheet', sheet]);
    noStackTrace(run.stderr);
    const report = json(run);
    expect(report.files.every((f) => f.businessName === null)).toBe(true);
    expect(report.messages.some((m) => m.ruleId === 'business-name-visible')).toBe(false);
    expect((await sharp(sheet).metadata()).format).toBe('png');
  });
});

describe('appeal check on an appeal folder', () => {
  it('names a photo listed in appeal.json that is missing, and --quiet prints errors only', async () => {
    const dir = work.path('appeal-dir');
    const photos = await labelledPhotos(join(dir, 'photos'), 3);
    await writeFile(
      join(dir, 'appeal.json'),
      JSON.stringify({
        version: 1,
        media: [
          ...photos.map((p, i) => ({ file: `photos/${p.split('/').at(-1)}`, asins: [ASINS[i]], caption: 'Sewing the seam by hand.' })),
          { file: 'photos/lost.jpg', asins: ['B0E3456789'], caption: 'Packing the finished wallet.' },
        ],
      }),
    );
    const run = await appeal(['check', dir, '--format', 'json', '--no-ocr']);
    noStackTrace(run.stderr);
    expect(run.status).toBe(1);
    const missing = json(run).messages.find((m) => m.ruleId === 'missing-file');
    expect(missing).toMatchObject({ severity: 'error', file: join(dir, 'photos/lost.jpg') });

    const quiet = await appeal(['--quiet', 'check', dir, '--no-ocr']);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).toContain('missing-file');
    expect(quiet.stdout).not.toMatch(/\bwarning\b/);
  });
});
