import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { OWN_IMAGE_TAG } from '../src/appeal/folders.js';
import { AppealSchema, type Appeal } from '../src/appeal/schema.js';
import { saveAppeal } from '../src/appeal/store.js';
import { fitNote } from '../src/cli/build.js';
import { pixelStats } from '../src/media/pixels.js';
import { contentOf } from '../src/package/content.js';
import { questionsOf } from '../src/appeal/questions.js';
import { docxBuffer } from '../src/package/docx.js';
import { COLLAGE_MIN_SCORE } from '../src/rules/collage.js';
import { makeCollagePhoto, makeScenePhoto } from '../bench/collage/generate.js';
import { appealAsync } from './helpers/cli.js';
import { completeAnswers, makeAppeal, makeContext, messagesOf } from './helpers/context.js';
import { makeEml } from './helpers/check.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

/**
 * `appeal check` catching what a reviewer would catch, and telling the truth about it: photos
 * in photos/, an ASIN one character off, capacity that cannot be true, one verdict on a caption
 * wherever it is read, the right size advice, and no collage alarm on a shelf of pots.
 */

interface Report {
  files: { file: string }[];
  messages: { ruleId: string; severity: string; message: string; file: string | null; hint: string }[];
}

const check = (args: string[]) => appealAsync(['check', ...args]);

async function json(args: string[]): Promise<Report> {
  const run = await check([...args, '--no-ocr', '--format', 'json']);
  if (run.status === 2) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Report;
}

let work: WorkDir;
beforeAll(async () => {
  work = await makeWorkDir('appeal-check-seller-');
});
afterAll(async () => {
  await work?.cleanup();
});

async function photos(dir: string, names: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, name] of names.entries()) {
    await makePhoto(join(dir, name), { width: 320, height: 240, seed: i + 11, sign: { text: 'CLAY CORNER' } });
  }
}

describe('a plain folder, laid out as the README says', () => {
  it('checks the photos in its photos/ folder, and not a contact sheet appeal drew', async () => {
    const dir = work.path('plain');
    await photos(join(dir, 'photos'), ['B0CACTUS01-wedging.jpg', 'B0CACTUS01-throwing.jpg', 'B0CACTUS01-glazing.jpg']);
    await sharp({ create: { width: 60, height: 40, channels: 3, background: '#222' } })
      .png()
      .withExif({ IFD0: { Software: `${OWN_IMAGE_TAG} contact sheet` } })
      .toFile(join(dir, 'photos', 'sheet.png'));
    const report = await json([dir]);
    expect(report.files.map((f) => f.file)).toEqual([
      join(dir, 'photos', 'B0CACTUS01-glazing.jpg'),
      join(dir, 'photos', 'B0CACTUS01-throwing.jpg'),
      join(dir, 'photos', 'B0CACTUS01-wedging.jpg'),
    ]);
    expect(report.messages.filter((m) => m.ruleId === 'photo-count' && m.severity === 'error')).toEqual([]);
  });

  it('gives build-can-fit-it advice when one empty file sits among three big photos', async () => {
    const dir = work.path('big');
    await mkdir(dir, { recursive: true });
    // Three 7 MB photos: 21 MB of files, about 28 MB of email, which build shrinks easily.
    for (const name of ['a.png', 'b.png', 'c.png']) {
      const noise = Buffer.alloc(1600 * 1500 * 3);
      for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
      await sharp(noise, { raw: { width: 1600, height: 1500, channels: 3 } }).png({ compressionLevel: 0 }).toFile(join(dir, name));
    }
    await writeFile(join(dir, 'd.jpg'), '');
    const report = await json([dir]);
    const size = report.messages.find((m) => m.ruleId === 'email-size');
    expect(size?.hint).toContain('`appeal build` recompresses');
    expect(size?.hint).not.toMatch(/Even fully compressed|remove a photo/);
    expect(report.messages.some((m) => m.ruleId === 'corrupt-file' && m.file?.endsWith('d.jpg'))).toBe(true);
  }, 60_000);
});

describe('an ASIN one character off', () => {
  async function appealDir(name: string, media: { file: string; asins: string[] }[], extra: Partial<Appeal> = {}): Promise<string> {
    const dir = work.path(name);
    await photos(join(dir, 'photos'), media.map((m) => m.file.replace('photos/', '')));
    const appeal = makeAppeal({
      notice: { kind: 'initial', receivedAt: '2026-11-30T10:00:00Z', deadline: '2026-12-05T10:00:00Z', asins: ['B0C4K7PX2M'] },
      media: media.map((m) => ({ ...m, caption: 'Throwing a mug on the wheel.' })),
    });
    await saveAppeal(dir, AppealSchema.parse({ ...appeal, ...extra }));
    return dir;
  }

  it('is flagged with "did you mean" the notified ASIN', async () => {
    const dir = await appealDir('near', [
      { file: 'photos/a.jpg', asins: ['B0C4K7PX2N'] },
      { file: 'photos/b.jpg', asins: ['B0C4K7PX2M'] },
      { file: 'photos/c.jpg', asins: ['B0C4K7PX2M'] },
    ]);
    const near = (await json([dir])).messages.filter((m) => m.ruleId === 'asin-near-miss');
    expect(near).toHaveLength(1);
    expect(near[0]!.severity).toBe('warning');
    expect(near[0]!.message).toBe(
      `The label of ${join(dir, 'photos/a.jpg')} has B0C4K7PX2N, one character away from B0C4K7PX2M (named in the notice): did you mean B0C4K7PX2M?`,
    );
  });

  it('is checked against the listings report too, where one really is a listing of the seller', async () => {
    const report = work.path('listings.txt');
    await writeFile(report, 'item-name\tseller-sku\tasin1\nStoneware mug\tMUG-1\tB0C4K7PX2M\nBlue mug\tMUG-2\tB0C4K7PX2N\nVase\tVASE-1\tB0D8TQ4R7W\n');
    const dir = await appealDir('listed', [
      { file: 'photos/a.jpg', asins: ['B0C4K7PX2N'] },
      { file: 'photos/b.jpg', asins: ['B0D8TQ4R7V'] },
      { file: 'photos/c.jpg', asins: ['B0E1111111'] },
    ]);
    const messages = (await json([dir, '--listings', report])).messages;
    // A listed ASIN is no typo; one off a listed ASIN is; one in neither list is worth a look.
    expect(messages.filter((m) => m.ruleId === 'asin-near-miss').map((m) => m.message)).toEqual([
      expect.stringMatching(/B0D8TQ4R7V, one character away from B0D8TQ4R7W \(in .*listings\.txt\): did you mean B0D8TQ4R7W\?/),
    ]);
    expect(messages.filter((m) => m.ruleId === 'asin-listed').map((m) => m.message)).toEqual([
      expect.stringMatching(/c\.jpg is labelled B0E1111111, which is not in .*listings\.txt/),
    ]);
  });

  it('reads the report named in appeal.json, and refuses one without ASINs in one line', async () => {
    const dir = await appealDir('listed-in-appeal', [{ file: 'photos/a.jpg', asins: ['B0C4K7PX2N'] }], { listingsReport: 'report.txt' });
    await writeFile(join(dir, 'report.txt'), 'asin1\nB0C4K7PX2N\n');
    expect((await json([dir])).messages.filter((m) => m.ruleId === 'asin-near-miss')).toEqual([]);
    await writeFile(join(dir, 'report.txt'), 'nothing useful here\n');
    const bad = await check([dir, '--no-ocr']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('report.txt: has no ASINs');
  });
});

describe('capacity against time per item and team', () => {
  const withAnswers = (answers: Record<string, string | number>) =>
    makeContext({ appeal: makeAppeal({ answers: { ...completeAnswers(), ...answers } }) });

  it('warns when the weekly number cannot be made by the team in the time given', () => {
    const [m] = messagesOf('capacity-time', withAnswers({ weeklyCapacity: '5000 items a week', timePerItem: '20 minutes per mug', team: 'Just me.', employees: 'None.' }));
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain('5,000 items a week at 20 minutes each is about 1,667 hours of work, but 1 person can work about 70 hours');
  });

  it('stays quiet when the numbers can be true, or when the time is for a batch', () => {
    expect(messagesOf('capacity-time', withAnswers({ weeklyCapacity: '20-30 mugs', timePerItem: '20 minutes per mug', team: 'Just me.' }))).toEqual([]);
    expect(messagesOf('capacity-time', withAnswers({ weeklyCapacity: 200, timePerItem: 'A batch of 40 candles takes 3 hours.', team: 'Just me.' }))).toEqual([]);
    expect(messagesOf('capacity-time', withAnswers({ weeklyCapacity: 60, timePerItem: '45 minutes of work, then 24 hours to cure.', team: 'My sister and I.' }))).toEqual([]);
  });
});

describe('a caption, judged once', () => {
  async function appealWithCaption(name: string, caption: string): Promise<{ dir: string; eml: string }> {
    const dir = work.path(name);
    await photos(join(dir, 'photos'), ['a.jpg', 'b.jpg', 'c.jpg']);
    const captions = [caption, 'Throwing a mug on the wheel.', 'Glazing the mugs by hand.'];
    const appeal = makeAppeal({
      media: ['a.jpg', 'b.jpg', 'c.jpg'].map((f, i) => ({ file: `photos/${f}`, asins: ['B0CACTUS01'], caption: captions[i] })),
    });
    await saveAppeal(dir, appeal);
    // The Word file written by the real writer, in build's layout, sent in a real email.
        const items = await Promise.all(
      appeal.media.map(async (m) => {
        const path = join(dir, m.file);
        const meta = await sharp(path).metadata();
        return { source: path, path, format: 'jpg' as const, width: meta.width, height: meta.height, asins: m.asins, caption: m.caption ?? null };
      }),
    );
    const docx = join(dir, 'out', 'appeal.docx');
    await mkdir(join(dir, 'out'), { recursive: true });
    await writeFile(docx, await docxBuffer(contentOf(appeal, questionsOf(appeal), items, null)));
    const eml = await makeEml(join(dir, 'out', 'appeal.eml'), {
      to: 'handmade-store-appeal-review@amazon.com',
      from: 'me@example.com',
      subject: 'Handmade verification',
      text: 'My answers and photos are in the attached document.',
      attachments: [docx],
    });
    return { dir, eml };
  }

  it('warns about a one-word caption both in the appeal folder and in the built email', async () => {
    const { dir, eml } = await appealWithCaption('one-word', 'Glazing.');
    const folder = (await json([dir])).messages.filter((m) => m.ruleId === 'caption');
    const built = (await json([eml])).messages.filter((m) => m.ruleId === 'caption');
    expect(folder).toHaveLength(1);
    expect(folder[0]!.message).toMatch(/a\.jpg \("Glazing\."\) is too short/);
    expect(built).toHaveLength(1);
    expect(built[0]!.message).toMatch(/photo 1 \("Glazing\."\) is too short/);
  });

  it('accepts a short real sentence in both places', async () => {
    const { dir, eml } = await appealWithCaption('sentence', 'Trimming a mug.');
    expect((await json([dir])).messages.filter((m) => m.ruleId === 'caption')).toEqual([]);
    expect((await json([eml])).messages.filter((m) => m.ruleId === 'caption')).toEqual([]);
  });
});

describe('what build says when everything fits', () => {
  const entry = (before: number, after: number) => ({
    source: 'a.jpg', output: 'media/a.jpg', kind: 'image' as const, beforeBytes: 1, afterBytes: 1,
    before: { width: before, height: before * 0.75 }, after: { width: after, height: after * 0.75 }, quality: 92, format: 'jpg',
  });

  it('never claims "originals at full quality" for photos it scaled down', () => {
    expect(fitNote({ mode: 'copy', files: [entry(4000, 2560), entry(2000, 2000)] })).toBe(', nothing lowered to fit (1 of 2 photos scaled to 2560 px on the long edge)');
    expect(fitNote({ mode: 'copy', files: [entry(2000, 2000)] })).toBe(', nothing lowered to fit');
    expect(fitNote({ mode: 'fit', files: [entry(4000, 2560)] })).toBe('');
  });
});

describe('collage check on single photos full of repeated things', () => {
  // Held-out seeds of the generator behind bench/collage.js (the bench reports the full figures).
  const singles: [string, number][] = [
    ['shelf', 1003], ['shelf', 1007], ['shelf', 1011], ['tiles', 1001], ['tiles', 1004], ['grid', 1002],
    ['cubbies', 1004], ['cubbies', 1005], ['bricks', 1002], ['pegboard', 1001], ['window', 1002], ['window', 1005],
  ];

  it('does not call shelves of pots, tiled walls, product grids or cube shelving a collage', async () => {
    for (const [family, seed] of singles) {
      const file = work.path('singles', `${family}-${seed}.jpg`);
      await mkdir(work.path('singles'), { recursive: true });
      await writeFile(file, await makeScenePhoto(family, seed));
      expect((await pixelStats(file)).collage, `${family}-${seed}`).toBeLessThan(COLLAGE_MIN_SCORE);
    }
  }, 120_000);

  it('still finds 2x2, 1x2 and 3x3 collages of different photos, with and without borders', async () => {
    const cells = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map(async (seed) =>
        makePhoto(work.path('cells', `${seed}.jpg`), { width: 600, height: 450, seed: seed * 3, sign: seed % 2 ? { text: 'CLAY CORNER' } : undefined, background: ['#8a6a4a', '#506070', '#705040', '#407050', '#6a6a6a'][seed % 5] }),
      ),
    );
    const layouts: { layout: string; gutter: number; border?: boolean }[] = [
      { layout: '2x2', gutter: 12, border: true },
      { layout: '1x2', gutter: 10 },
      { layout: '1x2', gutter: 0 },
      { layout: '3x3', gutter: 8, border: false },
      { layout: '3x3', gutter: 0 },
    ];
    for (const [i, options] of layouts.entries()) {
      const file = work.path(`collage-${i}.jpg`);
      await writeFile(file, (await makeCollagePhoto(cells, 100 + i, { ...options, width: 1200, height: 900, gutterColor: '#ffffff' })).buffer);
      expect((await pixelStats(file)).collage, JSON.stringify(options)).toBeGreaterThanOrEqual(COLLAGE_MIN_SCORE);
    }
  }, 120_000);
});
