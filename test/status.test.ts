import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { formatDuration, missingItems } from '../src/appeal/progress.js';
import { AppealError } from '../src/appeal/errors.js';
import { emptyAppeal, type Appeal } from '../src/appeal/schema.js';
import { saveAppeal } from '../src/appeal/store.js';
import { runStatus } from '../src/cli/status.js';
import type { Globals } from '../src/cli/output.js';
import { appeal as appealCli } from './helpers/cli.js';

const globals: Globals = { quiet: false, color: false, interactive: false, progress: false };

let work: string;
let count = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-status-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function complete(): Appeal {
  const appeal = emptyAppeal();
  appeal.business.name = 'Cactus Hands';
  appeal.notice = {
    kind: 'initial',
    receivedAt: '2026-11-20T14:03:00Z',
    deadline: '2026-11-25T14:03:00Z',
    asins: ['B0CACTUS01'],
    questions: [],
    replyTo: 'handmade-store-appeal-review@amazon.com',
  };
  for (const slot of answerSlots(defaultQuestions())) {
    (appeal.answers as Record<string, unknown>)[slot.id] = slot.kind === 'number' ? 10 : `Answer to ${slot.id}.`;
  }
  appeal.media = ['photos/1.jpg', 'photos/2.jpg', 'photos/3.jpg', 'photos/4.mp4'].map((file) => ({
    file,
    asins: ['B0CACTUS01'],
    caption: 'Working on it by hand.',
  }));
  return appeal;
}

async function folderWith(appeal: Appeal, files = appeal.media.map((m) => m.file)): Promise<string> {
  const dir = join(work, `case-${++count}`);
  await mkdir(join(dir, 'photos'), { recursive: true });
  for (const file of files) await writeFile(join(dir, file), '');
  await saveAppeal(dir, appeal);
  return dir;
}

async function status(dir: string, now: Date, timeZone = 'UTC') {
  const lines: string[] = [];
  const code = await runStatus(dir, globals, { now, timeZone, print: (text) => lines.push(text) });
  return { code, text: lines.join('\n') };
}

describe('the deadline countdown', () => {
  it('says days and hours left with the due date in UTC', () => {
    const progress = missingItems(complete(), new Date('2026-11-23T09:03:00Z'));
    expect(progress.deadline?.text).toBe('2 days 5 hours left (due Wed 25 Nov 14:03 UTC)');
    expect(progress.deadline?.overdue).toBe(false);
  });

  it('says OVERDUE once the deadline has passed', () => {
    const progress = missingItems(complete(), new Date('2026-11-25T17:10:00Z'));
    expect(progress.deadline?.text).toBe('OVERDUE by 3 hours 7 minutes (was due Wed 25 Nov 14:03 UTC)');
    expect(progress.deadline?.overdue).toBe(true);
  });

  it('works out the deadline from the received date and the days given when no deadline is stored', () => {
    const appeal = complete();
    appeal.notice = { kind: 'follow-up', receivedAt: '2026-11-26T08:00:00Z', days: 2, asins: [], questions: [] };
    expect(missingItems(appeal, new Date('2026-11-27T08:00:00Z')).deadline?.text).toBe('1 day left (due Sat 28 Nov 08:00 UTC)');
  });

  it('has no countdown without a notice', () => {
    const appeal = complete();
    delete appeal.notice;
    expect(missingItems(appeal, new Date()).deadline).toBeNull();
  });

  it('formats short spans in minutes', () => {
    expect(formatDuration(42 * 60_000)).toBe('42 minutes');
    expect(formatDuration(61 * 60_000)).toBe('1 hour 1 minute');
    expect(formatDuration(20_000)).toBe('less than a minute');
  });
});

describe('what is missing', () => {
  it('finds nothing missing in a complete appeal', () => {
    expect(missingItems(complete(), new Date('2026-11-23T09:03:00Z')).items).toEqual([]);
  });

  it('lists the unanswered questions, the business name and the photo count', () => {
    const appeal = complete();
    delete appeal.business.name;
    delete appeal.answers.design;
    delete appeal.answers.weeklyCapacity;
    appeal.media = appeal.media.slice(0, 1);
    const labels = missingItems(appeal, new Date()).items.map((item) => item.label);
    expect(labels).toEqual(['business.name', 'answers.design', 'answers.weeklyCapacity', 'media (3-5 photos needed, 1 given)']);
  });

  it('flags a photo without ASIN or sentence, and more than five photos', () => {
    const appeal = complete();
    appeal.media.push({ file: 'photos/5.jpg', asins: [] }, { file: 'photos/6.jpg', asins: ['B0CACTUS01'], caption: 'x' });
    const labels = missingItems(appeal, new Date()).items.map((item) => item.label);
    expect(labels).toContain('media (at most 5 photos/videos, 6 given)');
    expect(labels).toContain('media[4].asins (which ASIN does photos/5.jpg show?)');
    expect(labels).toContain('media[4].caption (one sentence of what happens in photos/5.jpg)');
  });

  it('treats outline text with [placeholders] left in it as unfinished', () => {
    const appeal = complete();
    appeal.answers.location = 'In my workshop at [home / address].';
    expect(missingItems(appeal, new Date()).items.map((i) => i.field)).toEqual(['answers.location']);
  });

  it('after a follow-up notice needs every answer of the first request again, and the photos', () => {
    const appeal = emptyAppeal();
    appeal.business.name = 'Cactus Hands';
    appeal.notice = { kind: 'follow-up', asins: ['B0CACTUS01'], questions: [] };
    const progress = missingItems(appeal, new Date());
    expect(progress.items.map((item) => item.field)).toEqual([
      'answers.process', 'answers.design', 'answers.location', 'answers.team', 'answers.timePerItem',
      'answers.finalProduct', 'answers.employees', 'answers.weeklyCapacity', 'media',
    ]);
    // The answers of round 1 carry over, so a complete first round leaves only what changed.
    const carried = complete();
    carried.notice = { kind: 'follow-up', asins: ['B0CACTUS01'], questions: [] };
    expect(missingItems(carried, new Date()).items).toEqual([]);
  });

  it('needs nothing after an acceptance email', () => {
    const appeal = emptyAppeal();
    appeal.business.name = 'Cactus Hands';
    appeal.notice = { kind: 'acceptance', asins: [], questions: [] };
    const progress = missingItems(appeal, new Date());
    expect(progress.complete).toBe(true);
    expect(progress.deadline).toBeNull();
  });

  it('lets "anything else?" stay empty', () => {
    const appeal = complete();
    appeal.answers.additional = '';
    expect(missingItems(appeal, new Date()).complete).toBe(true);
  });
});

describe('appeal status', () => {
  it('exits 0 and points to check and build when nothing is missing', async () => {
    const dir = await folderWith(complete());
    const { code, text } = await status(dir, new Date('2026-11-23T09:03:00Z'));
    expect(code).toBe(0);
    expect(text).toContain('Round 1: initial notice of Fri 20 Nov 14:03 UTC.');
    expect(text).toContain('Due Wed 25 Nov 14:03 UTC: 2 days 5 hours left.');
    expect(text).toContain('Nothing missing');
    expect(text).toContain(`Next: appeal check ${dir}, then appeal build ${dir}`);
  });

  it('says to put the email in the Drafts folder and send it once a build is newer than appeal.json', async () => {
    const dir = await folderWith(complete());
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'appeal.eml'), 'built');
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, 'out', 'appeal.eml'), later, later);
    const { text } = await status(dir, new Date('2026-11-23T09:03:00Z'));
    expect(text).toContain(
      `Next: appeal draft ${dir} puts ${join(dir, 'out', 'appeal.eml')} in your Drafts folder; check it there and send it to handmade-store-appeal-review@amazon.com`,
    );
  });

  it('exits 1 listing what is missing and suggests appeal init', async () => {
    const appeal = complete();
    delete appeal.answers.team;
    appeal.media[2]!.asins = [];
    const dir = await folderWith(appeal);
    const { code, text } = await status(dir, new Date('2026-11-26T10:03:00Z'));
    expect(code).toBe(1);
    // Late is not the end: the seller is told to send it anyway.
    expect(text).toContain('The deadline passed 20 hours ago');
    expect(text).toContain('Send the appeal anyway');
    expect(text).toContain('- answers.team');
    expect(text).toContain('- media[2].asins');
    expect(text).toContain(`Next: appeal init ${dir}`);
  });

  it('notices a photo that is no longer on disk', async () => {
    const appeal = complete();
    const dir = await folderWith(appeal, appeal.media.slice(1).map((m) => m.file));
    const { code, text } = await status(dir, new Date('2026-11-23T09:03:00Z'));
    expect(code).toBe(1);
    expect(text).toContain('media[0].file (photos/1.jpg not found)');
  });

  it('refuses an unreadable appeal.json with the field named', async () => {
    const dir = join(work, 'broken');
    await mkdir(dir);
    await writeFile(join(dir, 'appeal.json'), JSON.stringify({ version: 1, notice: { kind: 'initial', deadline: 'friday' } }));
    const error = await runStatus(dir, globals).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).exitCode).toBe(2);
    expect((error as AppealError).toLine()).toContain('notice.deadline: expected a date');
  });

  it('runs from the command line with the right exit code', async () => {
    if (!existsSync(new URL('../dist/cli/status.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build`');
    const appeal = complete();
    delete appeal.answers.process;
    const dir = await folderWith(appeal);
    const run = appealCli(['status', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('- answers.process');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });
});
