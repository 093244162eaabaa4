import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppealSchema, describeIssues } from '../src/appeal/schema.js';
import { answerSlots, questionsOf } from '../src/appeal/questions.js';
import { findAsins } from '../src/appeal/asin.js';
import { makeWorkDir, type WorkDir } from './helpers/media.js';

const run = promisify(execFile);
const templateFile = fileURLToPath(new URL('../fixtures/demo/appeal.template.json', import.meta.url));
const script = fileURLToPath(new URL('../scripts/make-demo.js', import.meta.url));

let work: WorkDir;

beforeAll(async () => {
  work = await makeWorkDir('appeal-demo');
});

afterAll(async () => {
  await work.cleanup();
});

async function parseFile(file: string) {
  const result = AppealSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!result.success) throw new Error(describeIssues(result.error).join('\n'));
  return result.data;
}

describe('the README demo appeal', () => {
  it('is a valid appeal.json that points editors at the JSON Schema', async () => {
    const appeal = await parseFile(templateFile);
    expect(appeal.$schema).toBe('../../schema/appeal.schema.json');
    expect(appeal.business.name).toBe('Cactus Hands');
    expect(appeal.notice?.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    // No questions of its own: the default question set applies.
    expect(appeal.notice?.questions).toEqual([]);
  });

  it('answers every default question, briefly', async () => {
    const appeal = await parseFile(templateFile);
    for (const slot of answerSlots(questionsOf(appeal))) {
      const answer = appeal.answers[slot.id];
      expect(answer, slot.id).toBeDefined();
      if (slot.kind === 'number') expect(typeof answer === 'number' || /\d/.test(String(answer)), slot.id).toBe(true);
      else expect(String(answer).trim().length, slot.id).toBeGreaterThan(20);
      expect(String(answer).length, `${slot.id} stays short and plain`).toBeLessThan(600);
    }
    expect(appeal.answers.weeklyCapacity).toBe(12);
    // Stresses own design and handwork, and a team of two.
    expect(appeal.answers.design).toMatch(/myself|our own|ourselves/i);
    expect(appeal.answers.process).toMatch(/by hand/i);
    expect(appeal.answers.team).toMatch(/two of us/i);
  });

  it('lists 3 to 5 media files, each labelled with a named ASIN and one sentence', async () => {
    const appeal = await parseFile(templateFile);
    expect(appeal.media.length).toBeGreaterThanOrEqual(3);
    expect(appeal.media.length).toBeLessThanOrEqual(5);
    const named = new Set(appeal.notice?.asins);
    for (const media of appeal.media) {
      expect(media.file).toMatch(/^media\/[\w-]+\.(jpg|mp4)$/);
      expect(media.asins.length, media.file).toBeGreaterThan(0);
      for (const asin of media.asins) expect(named.has(asin), `${media.file}: ${asin}`).toBe(true);
      expect(media.caption?.trim().split(/(?<=[.!?])\s+/).length, media.file).toBe(1);
    }
    expect(appeal.media.filter((m) => m.file.endsWith('.mp4'))).toHaveLength(1);
    // Captions never contradict the labels: an ASIN mentioned in a caption is one of its own.
    for (const media of appeal.media) {
      for (const asin of findAsins(media.caption ?? '')) expect(media.asins).toContain(asin);
    }
  });

  it('make-demo writes appeal.json received yesterday and due in 4 days, and keeps an existing one', async () => {
    const before = Date.now();
    const first = await run(process.execPath, [script, '--appeal-only', '--dir', work.dir]);
    expect(first.stdout).toMatch(/^made .*appeal\.json/m);
    const appeal = await parseFile(work.path('appeal.json'));
    const received = Date.parse(appeal.notice!.receivedAt!);
    const deadline = Date.parse(appeal.notice!.deadline!);
    const day = 24 * 3600 * 1000;
    expect(Math.abs(before - day - received)).toBeLessThan(5 * 60 * 1000);
    expect(deadline - received).toBe(5 * day);
    expect(appeal.answers).toEqual((await parseFile(templateFile)).answers);

    const second = await run(process.execPath, [script, '--appeal-only', '--dir', work.dir]);
    expect(second.stdout).toMatch(/^kept .*appeal\.json/m);
    expect((await parseFile(work.path('appeal.json'))).notice?.receivedAt).toBe(appeal.notice?.receivedAt);
  });
});
