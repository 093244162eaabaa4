/**
 * Rounds as the seller lives them, through the real CLI: the first notice, a build, the
 * follow-up after a rejection (2 days), the acceptance. The round-1 package is kept byte for
 * byte in rounds/1/, answers carry over, and `appeal status` reads the rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { loadAppeal } from '../src/appeal/store.js';
import { runStatus } from '../src/cli/status.js';
import type { Globals } from '../src/cli/output.js';
import { appeal as cli } from './helpers/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/notices/${name}`, import.meta.url));
const globals: Globals = { quiet: false, color: false, interactive: false, progress: false };

let work: string;
beforeAll(async () => {
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run `npm run build`');
  work = await mkdtemp(join(tmpdir(), 'appeal-rounds-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A finished first round: every answer, four labelled photos, and a package in out/ as build leaves it. */
async function firstRound(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'photos'), { recursive: true });
  const answers: Record<string, unknown> = {};
  for (const slot of answerSlots(defaultQuestions())) answers[slot.id] = slot.kind === 'number' ? 10 : `My own answer about ${slot.id}.`;
  const media = [1, 2, 3, 4].map((i) => ({ file: `photos/${i}.jpg`, asins: ['B0CACTUS01'], caption: `Step ${i} of a wallet, by hand.` }));
  for (const m of media) await writeFile(join(dir, m.file), 'photo');
  await writeFile(join(dir, 'appeal.json'), JSON.stringify({ version: 1, business: { name: 'Cactus Hands' }, answers, media }));
  const first = cli(['init', dir, '--yes', '--notice', fixture('initial.eml')]);
  expect(first.status, first.stderr).toBe(0);
  // What a build leaves in out/ (the bytes are what matters here; e2e-rounds builds real ones).
  await mkdir(join(dir, 'out', 'media'), { recursive: true });
  await writeFile(join(dir, 'out', 'appeal.eml'), Buffer.from('From: me\r\n\r\nround one \u00e9\r\n', 'utf8'));
  await writeFile(join(dir, 'out', 'appeal.docx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 250]));
  await writeFile(join(dir, 'out', 'media', '1.jpg'), 'jpeg bytes');
  await writeFile(
    join(dir, 'out', 'report.json'),
    JSON.stringify({ version: 1, builtAt: '2026-11-21T10:00:00.000Z', emailBytes: 31, video: true, email: { to: 'handmade-store-appeal-review@amazon.com', subject: 'Handmade review: Cactus Hands' } }),
  );
  return dir;
}

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(folder.length + 1)] = (await readFile(path)).toString('base64');
    }
  }
  return out;
}

describe('a follow-up notice after a build', () => {
  it('starts round 2: out/ is kept as rounds/1/ byte for byte, with the notice, and the answers carry over', async () => {
    const dir = await firstRound('follow-up');
    const before = await snapshot(join(dir, 'out'));
    const run = cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]);
    expect(run.status, run.stderr).toBe(0);
    // What the follow-up says was not sufficient comes first.
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Round 2: follow-up notice of /);
    expect(lines[1]).toContain('we still cannot tell whether they meet the Handmade requirements');
    expect(run.stdout).toContain('appeal build --no-video');
    expect(run.stdout).toContain("Round 1's package (email, Word file, report) is kept unchanged in rounds/1/.");
    expect(run.stdout).toMatch(/\(Thu 26 Nov 09:30 UTC\)/);

    expect(existsSync(join(dir, 'out'))).toBe(false);
    const kept = await snapshot(join(dir, 'rounds', '1'));
    for (const [file, bytes] of Object.entries(before)) expect(kept[file], file).toBe(bytes);
    expect(Object.keys(kept)).toEqual(expect.arrayContaining(['notice.json', 'notice.eml']));
    expect(kept['notice.eml']).toBe((await readFile(fixture('initial.eml'))).toString('base64'));

    const appeal = await loadAppeal(dir);
    expect(appeal.version).toBe(2);
    expect(appeal.rounds.map((r) => [r.round, r.notices.map((n) => n.kind)])).toEqual([
      [1, ['initial']],
      [2, ['follow-up']],
    ]);
    expect(appeal.rounds[0]?.sent).toMatchObject({ folder: 'rounds/1', builtAt: '2026-11-21T10:00:00Z', video: true, emailBytes: 31 });
    expect(appeal.rounds[0]?.sent?.answers?.process).toBe('My own answer about process.');
    expect(appeal.notice).toMatchObject({ kind: 'follow-up', deadline: '2026-11-26T09:30:00Z' });
    expect(appeal.answers.design).toBe('My own answer about design.');
    expect(appeal.media).toHaveLength(4);
  });

  it('never overwrites a kept round: the same follow-up read again changes nothing on disk', async () => {
    const dir = await firstRound('again');
    expect(cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]).status).toBe(0);
    const kept = await snapshot(join(dir, 'rounds', '1'));
    // A new build of round 2 in out/, then the same follow-up once more.
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'report.json'), JSON.stringify({ builtAt: '2026-11-24T12:00:00Z' }));
    const again = cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]);
    expect(again.status, again.stderr).toBe(0);
    expect(await snapshot(join(dir, 'rounds', '1'))).toEqual(kept);
    expect(existsSync(join(dir, 'out', 'report.json'))).toBe(true);
    expect((await loadAppeal(dir)).rounds).toHaveLength(2);
  });

  it('refuses to start a round over a rounds/<n>/ folder it did not make, changing nothing', async () => {
    const dir = await firstRound('taken');
    await mkdir(join(dir, 'rounds', '1'), { recursive: true });
    await writeFile(join(dir, 'rounds', '1', 'mine.txt'), 'my notes');
    const before = await readFile(join(dir, 'appeal.json'), 'utf8');
    const run = cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/rounds\/1\/ already exists/);
    expect(await readFile(join(dir, 'appeal.json'), 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'out', 'report.json'))).toBe(true);
  });
});

describe('appeal status reads the rounds', () => {
  it('shows the round, the deadline in the local time zone and UTC, what the follow-up asked, and the video-less variant', async () => {
    const dir = await firstRound('status');
    expect(cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]).status).toBe(0);
    const lines: string[] = [];
    const code = await runStatus(dir, globals, { now: new Date('2026-11-25T09:30:00Z'), timeZone: 'America/Phoenix', print: (t) => lines.push(t) });
    const text = lines.join('\n');
    expect(code).toBe(0);
    expect(text).toContain('Round 2: follow-up notice of Tue 24 Nov 02:30 GMT-7.');
    expect(text).toContain('Due Thu 26 Nov 02:30 GMT-7 (Thu 26 Nov 09:30 UTC): 1 day left.');
    expect(text).toContain("Amazon's follow-up says:");
    expect(text).toMatch(/It asks for:\n {2}- Between three and five photos or videos/);
    expect(text).toContain('appeal build --no-video');
  });

  it('closes the appeal on acceptance, keeping every round', async () => {
    const dir = await firstRound('accepted');
    expect(cli(['init', dir, '--yes', '--notice', fixture('follow-up.eml')]).status).toBe(0);
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out', 'report.json'), JSON.stringify({ builtAt: '2026-11-24T12:00:00Z', video: false }));
    const run = cli(['init', dir, '--yes', '--notice', fixture('acceptance.eml')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Amazon accepted the appeal on Wed 25 Nov/);
    expect(existsSync(join(dir, 'rounds', '1', 'appeal.eml'))).toBe(true);
    expect(existsSync(join(dir, 'rounds', '2', 'report.json'))).toBe(true);
    const status = cli(['status', dir]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/Amazon accepted the appeal on Wed 25 Nov .*every round is kept \(rounds\/1\/, rounds\/2\/\)/);
    const appeal = await loadAppeal(dir);
    expect(appeal.rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(appeal.answers.process).toBe('My own answer about process.');
  });

  it('merges a second initial notice for other ASINs into round 1', async () => {
    const dir = join(work, 'merge');
    await mkdir(dir, { recursive: true });
    const other = join(work, 'other-notice.txt');
    const text = (await readFile(fixture('initial-2022.txt'), 'utf8')).replace('B0CACTUS01, B0CACTUS02', 'B0CACTUS03');
    await writeFile(other, text);
    cli(['init', dir, '--yes', '--notice', fixture('initial.eml')]);
    const run = cli(['init', dir, '--yes', '--notice', other, '--received', '2026-11-19T09:00:00Z']);
    expect(run.stdout).toContain('This notice names more ASINs of the same review');
    const appeal = await loadAppeal(dir);
    expect(appeal.rounds).toHaveLength(1);
    expect(appeal.notice?.asins).toEqual(['B0CACTUS01', 'B0CACTUS02', 'B0CACTUS03']);
    expect(appeal.notice?.deadline).toBe('2026-11-24T09:00:00Z');
  });
});
