import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppealError } from '../src/appeal/errors.js';
import { collect } from '../src/check/collect.js';
import { formatJson } from '../src/check/format-json.js';
import { runChecks } from '../src/check/run.js';
import { makeClip, makePhoto, makeWorkDir, makeZip, type WorkDir } from './helpers/media.js';
import { makeDocx, makeEml } from './helpers/check.js';
import { NAME_RULES_OFF } from './helpers/rules.js';

let work: WorkDir;
const ASINS = ['B0CACTUS01', 'B0CACTUS02', 'B0D2345678', 'B0E3456789'];

/** Four different 640x480 photos of the bench, ASIN in each file name. */
async function labelledPhotos(dir: string): Promise<string[]> {
  return Promise.all(
    ASINS.map((asin, i) =>
      makePhoto(join(dir, `${i + 1}-${asin}-step.jpg`), { width: 640, height: 480, seed: 10 + i * 7, background: ['#8a6a4a', '#4a6a8a', '#6a8a4a', '#8a4a6a'][i] }),
    ),
  );
}

beforeAll(async () => {
  work = await makeWorkDir('appeal-check-run-');
});

afterAll(async () => {
  await work?.cleanup();
});

describe('checking a plain folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = work.path('folder');
    await labelledPhotos(dir);
    await writeFile(join(dir, '.DS_Store'), 'junk');
    await mkdir(join(dir, 'out'));
    await makePhoto(join(dir, 'out', 'B0ZZZZZZZZ-old.jpg'), { width: 64, height: 48 });
  });

  it('checks every visible file in it, in name order, with ASINs from the file names', async () => {
    const report = await runChecks(dir, { ocr: false });
    expect(report.files.map((f) => f.file)).toEqual(ASINS.map((a, i) => join(dir, `${i + 1}-${a}-step.jpg`)));
    expect(report.files.map((f) => f.asins)).toEqual(ASINS.map((a) => [a]));
    for (const file of report.files) {
      expect(file).toMatchObject({ kind: 'image', format: 'jpeg', width: 640, height: 480, durationSec: null, businessName: null });
    }
    expect(report.errorCount).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.path).toBe(dir);
  });

  it('estimates the email as the files would be sent, against an 18 MB default limit', async () => {
    const report = await runChecks(dir, { ocr: false });
    const total = report.files.reduce((sum, f) => sum + f.bytes, 0);
    expect(report.email.limitBytes).toBe(18_000_000);
    expect(report.email.estimatedBytes).toBeGreaterThan(total * 1.33);
    expect(report.email.estimatedBytes).toBeLessThan(total * 1.4 + 60_000);
    const smaller = await runChecks(dir, { ocr: false, limitBytes: 500_000 });
    expect(smaller.email.limitBytes).toBe(500_000);
  });

  it('keeps the probed files for the contact sheet and build, but out of the JSON', async () => {
    const report = await runChecks(dir, { ocr: false });
    expect(report.checkedFiles).toHaveLength(4);
    expect(report.checkedFiles[0]!.pixels?.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(report)).not.toContain('checkedFiles');
    expect(formatJson(report)).not.toContain('absPath');
  });

  it('uses --asins as the notified ASINs and refuses a mistyped one, naming it', async () => {
    const collected = await collect(dir, { asins: 'b0cactus01, B0CACTUS02' });
    expect(collected.context.notifiedAsins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    await collected.dispose();
    const error = await runChecks(dir, { ocr: false, asins: 'B0CACTUS01,B0C12345' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).exitCode).toBe(2);
    expect((error as AppealError).message).toContain('B0C12345');
  });
});

describe('checking an appeal folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = work.path('appeal');
    const photos = await labelledPhotos(join(dir, 'photos'));
    const appeal = {
      version: 1,
      business: { name: 'Cactus Hands' },
      notice: { kind: 'initial', asins: ['B0CACTUS01'] },
      answers: { process: 'I cut and stitch every wallet by hand.' },
      media: [
        ...photos.map((p, i) => ({
          file: `photos/${p.split('/').at(-1)}`,
          asins: [ASINS[i]],
          caption: i === 0 ? 'Cutting the leather at my bench.' : undefined,
        })),
        { file: 'photos/gone.jpg', asins: ['B0CACTUS01'] },
      ],
      rules: { 'image-resolution': 'off', 'not-a-rule': 'error' },
    };
    await writeFile(join(dir, 'appeal.json'), JSON.stringify(appeal, null, 2));
  });

  it('reads the media list of appeal.json with its ASINs and captions', async () => {
    const collected = await collect(dir);
    const { context } = collected;
    await collected.dispose();
    expect(context.target).toBe('appeal');
    expect(context.businessName).toBe('Cactus Hands');
    expect(context.notifiedAsins).toEqual(['B0CACTUS01']);
    expect(context.files).toHaveLength(4);
    expect(context.files[0]!.caption).toBe('Cutting the leather at my bench.');
    expect(context.files[1]!.caption).toBeNull();
    expect(context.files.map((f) => f.asins[0])).toEqual(ASINS);
  });

  it('reports a listed file that is missing, and an unknown rule id in "rules"', async () => {
    const report = await runChecks(dir, { ocr: false });
    const missing = report.messages.find((m) => m.ruleId === 'missing-file');
    expect(missing).toMatchObject({ severity: 'error', file: join(dir, 'photos/gone.jpg'), fixable: false });
    const config = report.messages.find((m) => m.ruleId === 'config');
    expect(config).toMatchObject({ severity: 'warning', file: join(dir, 'appeal.json') });
    expect(config!.message).toContain('not-a-rule');
    expect(report.ok).toBe(false);
    expect(report.errorCount).toBe(report.messages.filter((m) => m.severity === 'error').length);
  });

  it('applies rule levels from appeal.json', async () => {
    const tiny = work.path('tiny-appeal');
    await makePhoto(join(tiny, 'a.jpg'), { width: 120, height: 90, seed: 3 });
    const base = { version: 1, media: [{ file: 'a.jpg', asins: ['B0CACTUS01'] }] };
    await writeFile(join(tiny, 'appeal.json'), JSON.stringify(base));
    const before = await runChecks(tiny, { ocr: false });
    const counted = before.messages.find((m) => m.ruleId === 'photo-count');
    expect(counted?.severity).toBe('error');
    await writeFile(join(tiny, 'appeal.json'), JSON.stringify({ ...base, rules: { 'photo-count': 'warn', 'missing-file': 'off' } }));
    const after = await runChecks(tiny, { ocr: false });
    expect(after.messages.find((m) => m.ruleId === 'photo-count')?.severity).toBe('warning');
  });

  it('does not read the business name when every rule that needs it is off', async () => {
    const quiet = work.path('names-off');
    await makePhoto(join(quiet, 'a.jpg'), { width: 640, height: 480, seed: 4, sign: { text: 'CACTUS HANDS' } });
    const base = { version: 1, business: { name: 'Cactus Hands' }, media: [{ file: 'a.jpg', asins: ['B0CACTUS01'] }] };
    await writeFile(join(quiet, 'appeal.json'), JSON.stringify({ ...base, rules: NAME_RULES_OFF }));
    const off = await runChecks(quiet, { ocr: true });
    expect(off.context.ocr).toBe(false);
    expect(off.files[0]!.businessName).toBeNull();
    // One of them on again: the name is read.
    const { 'business-name-unsure': _unsure, ...oneOn } = NAME_RULES_OFF;
    await writeFile(join(quiet, 'appeal.json'), JSON.stringify({ ...base, rules: oneOn }));
    const on = await runChecks(quiet, { ocr: true });
    expect(on.context.ocr).toBe(true);
    expect(on.files[0]!.businessName).not.toBeNull();
  }, 60_000);

  it('never modifies the seller files', async () => {
    const file = join(dir, 'photos', `1-${ASINS[0]}-step.jpg`);
    const before = await readFile(file);
    const mtime = (await stat(file)).mtimeMs;
    await runChecks(dir, { ocr: false });
    expect((await readFile(file)).equals(before)).toBe(true);
    expect((await stat(file)).mtimeMs).toBe(mtime);
  });
});

describe('what cannot be checked', () => {
  it('refuses a path that does not exist with exit code 2', async () => {
    const error = await runChecks(work.path('nope'), { ocr: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).exitCode).toBe(2);
    expect((error as AppealError).toLine()).toContain('does not exist');
  });

  it('refuses a single photo, pointing to the folder instead', async () => {
    const photo = await makePhoto(work.path('single.jpg'), { width: 64, height: 48 });
    const error = await runChecks(photo, { ocr: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/single file.*folder/);
  });

  it('reports a folder with an archive in it as an error on that file', async () => {
    const dir = work.path('with-zip');
    await labelledPhotos(dir);
    await makeZip(join(dir, 'B0CACTUS01-more.zip'));
    const report = await runChecks(dir, { ocr: false });
    const zip = report.files.find((f) => f.file.endsWith('.zip'))!;
    expect(zip.kind).toBe('archive');
    expect(report.messages.some((m) => m.file === zip.file && m.severity === 'error')).toBe(true);
    expect(report.email.estimatedBytes).toBeGreaterThan(0);
  });
});

describe('preflight of a built email', () => {
  let eml: string;
  beforeAll(async () => {
    const dir = work.path('eml');
    const photos = await labelledPhotos(join(dir, 'src'));
    const docx = await makeDocx(join(dir, 'appeal.docx'), {
      answers: [['Describe your process.', 'I cut and stitch by hand.']],
      photos: photos.map((file, i) => ({
        file,
        asinLine: i === 2 ? null : `The photo below shows ASIN ${ASINS[i]}`,
        sentence: 'I am working on the wallet at my bench.',
      })),
      videoLine: 'The attached video stitching.mp4 shows ASIN B0CACTUS01.',
    });
    const clip = await makeClip(join(dir, 'stitching.mp4'), { seconds: 1, width: 160, height: 120, audio: true, codec: 'mpeg4' });
    eml = await makeEml(join(dir, 'appeal.eml'), {
      to: 'handmade-store-appeal-review@amazon.com',
      from: 'me@example.com',
      subject: 'Handmade appeal',
      text: 'My answers and photos are attached.',
      attachments: [docx, clip],
    });
  });

  it('checks the photos inside the Word file and the attached video with the same rules', async () => {
    const report = await runChecks(eml, { ocr: false });
    expect(report.email.estimatedBytes).toBe((await stat(eml)).size);
    expect(report.files.map((f) => f.kind)).toEqual(['image', 'image', 'image', 'image', 'video']);
    expect(report.files[0]!.asins).toEqual([ASINS[0]]);
    expect(report.files[4]).toMatchObject({ format: 'mp4', asins: ['B0CACTUS01'] });
    // The photo without an ASIN line above it is flagged.
    const unlabeled = report.files[2]!.file;
    expect(report.messages.some((m) => m.ruleId === 'asin-label' && m.file === unlabeled)).toBe(true);
    // The rules see the real video stream that will be sent (here MPEG-4 Part 2, not H.264).
    expect(report.checkedFiles[4]!.video).toMatchObject({ videoCodec: 'mpeg4', audioCodec: 'aac' });
    expect(report.context.eml?.to).toEqual(['handmade-store-appeal-review@amazon.com']);
  });

  it('removes the photos it extracted from the email', async () => {
    const report = await runChecks(eml, { ocr: false });
    for (const file of report.checkedFiles) await expect(stat(file.absPath)).rejects.toThrow();
  });

  it('keeps the extracted photos for the contact sheet until disposed', async () => {
    const report = await runChecks(eml, { ocr: false, keepExtracted: true });
    for (const file of report.checkedFiles) expect((await stat(file.absPath)).isFile()).toBe(true);
    await report.dispose();
    for (const file of report.checkedFiles) await expect(stat(file.absPath)).rejects.toThrow();
  });

  it('reads the business name and notified ASINs from the appeal.json beside out/', async () => {
    const dir = work.path('built');
    await mkdir(join(dir, 'out'), { recursive: true });
    await copyFile(eml, join(dir, 'out', 'appeal.eml'));
    await writeFile(
      join(dir, 'appeal.json'),
      JSON.stringify({ version: 1, business: { name: 'Cactus Hands' }, notice: { kind: 'initial', asins: ['B0D2345678'] } }),
    );
    const collected = await collect(join(dir, 'out', 'appeal.eml'));
    await collected.dispose();
    expect(collected.context.target).toBe('eml');
    expect(collected.context.businessName).toBe('Cactus Hands');
    expect(collected.context.notifiedAsins).toEqual(['B0D2345678']);
    expect(collected.appealFile).toBe(join(dir, 'appeal.json'));
  });
});
