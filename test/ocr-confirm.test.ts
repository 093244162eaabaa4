/**
 * A seller's word: when the reader cannot find the business name in a photo, `appeal init`
 * shows which photo and asks; a "yes" is kept as media[].nameConfirmed, and the check then
 * notes the confirmation instead of blocking. Real photos, real OCR (small photos).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSignPhoto } from '../bench/ocr/generate.js';
import { runChecks } from '../src/check/run.js';
import { confirmNamesStep } from '../src/cli/init-names.js';
import { readAppeal } from '../src/appeal/store.js';
import { createSession } from '../src/interview/session.js';
import { choose, scriptedPrompts } from './helpers/interview.js';

let dir: string;
const printed: string[] = [];
let asked: { message: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(os.tmpdir(), 'appeal-confirm-'));
  await mkdir(join(dir, 'photos'));
  const photos: [string, Parameters<typeof makeSignPhoto>[0]][] = [
    ['photos/01-card.jpg', { width: 800, height: 600, lines: ['Cactus Hands', 'made by hand'], capPx: 40, seed: 61 }],
    ['photos/02-bench.jpg', { width: 800, height: 600, lines: [], seed: 62 }],
    ['photos/03-shelf.jpg', { width: 800, height: 600, lines: [], seed: 63 }],
  ];
  for (const [file, options] of photos) await writeFile(join(dir, file), (await makeSignPhoto(options)).buffer);
  const appeal = {
    version: 1,
    business: { name: 'Cactus Hands' },
    media: photos.map(([file], i) => ({ file, asins: [`B00000000${i + 1}`], caption: `Step ${i + 1} of making a planter by hand.` })),
  };
  await writeFile(join(dir, 'appeal.json'), JSON.stringify(appeal, null, 2));
  const loaded = (await readAppeal(dir))!;
  const prompts = scriptedPrompts([
    choose(true, /Can a person read "Cactus Hands" in this photo/),
    choose(false, /Can a person read "Cactus Hands" in this photo/),
  ]);
  const session = createSession({ dir, appeal: loaded, prompts, c: new Chalk({ level: 0 }), print: (t) => printed.push(t) });
  await confirmNamesStep(session);
  asked = prompts.asked;
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('confirming the business name in a photo the reader could not read', () => {
  it('asks only about the photos where the name was not found, naming each photo', () => {
    expect(asked).toHaveLength(2);
    const text = printed.join('\n');
    expect(text).toContain('photos/02-bench.jpg');
    expect(text).toContain('photos/03-shelf.jpg');
    expect(text).not.toMatch(/Photo:\s+photos\/01-card\.jpg/);
    expect(text).toMatch(/no readable text at all/);
  });

  it('keeps a "yes" in appeal.json as nameConfirmed, and nothing for a "no"', async () => {
    const saved = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8')) as { media: { file: string; nameConfirmed?: boolean }[] };
    expect(saved.media.map((m) => m.nameConfirmed ?? null)).toEqual([null, true, null]);
  });

  it('then checks the confirmed photo as a note, and still blocks on the unconfirmed one', async () => {
    const report = await runChecks(dir, { ocr: true });
    const about = (file: string) => report.messages.filter((m) => m.file?.endsWith(file)).map((m) => `${m.ruleId}:${m.severity}`);
    expect(about('01-card.jpg').filter((m) => m.startsWith('business-name'))).toEqual([]);
    expect(about('02-bench.jpg').filter((m) => m.startsWith('business-name'))).toEqual(['business-name-confirmed:warning']);
    expect(about('03-shelf.jpg').filter((m) => m.startsWith('business-name'))).toEqual(['business-name-visible:error']);
    const note = report.messages.find((m) => m.ruleId === 'business-name-confirmed')!;
    expect(note.message).toMatch(/you confirmed that "Cactus Hands" can be read in it/);
    await report.dispose();
  }, 120_000);
});
