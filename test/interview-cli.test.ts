import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { readAppeal } from '../src/appeal/store.js';
import { appeal } from './helpers/cli.js';

const notice = fileURLToPath(new URL('../fixtures/notices/initial.eml', import.meta.url));

let work: string;
let count = 0;
beforeAll(async () => {
  if (!existsSync(new URL('../dist/cli/init.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
  work = await mkdtemp(join(tmpdir(), 'appeal-init-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = join(work, `case-${++count}`);
  await mkdir(join(dir, 'photos'), { recursive: true });
  return dir;
}


describe('appeal init on the command line', () => {
  it('fails at once without a terminal, in one line naming --yes', async () => {
    const dir = await folder();
    const run = appeal(['init', dir]);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('pass --yes with --notice/--from');
    expect(await readdir(dir)).toEqual(['photos']);
  });

  it('also refuses to prompt when CI is set even if a terminal were there', async () => {
    const run = appeal(['init', await folder(), '--notice', notice], { env: { CI: '1' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--yes');
  });

  it('--yes with the notice fills what it can and exits 1 listing what is missing', async () => {
    const dir = await folder();
    const run = appeal(['init', dir, '--notice', notice, '--yes']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/missing: answers\.process, answers\.design, .*answers\.weeklyCapacity.*, media \(3-5 photos needed, 0 given\)/);
    const saved = await readAppeal(dir);
    expect(saved?.notice?.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    expect(saved?.business.name).toBe('Cactus Hands');
  });

  it('--yes with a complete --from exits 0 and writes a valid appeal.json', async () => {
    const dir = await folder();
    const answers: Record<string, unknown> = {};
    for (const slot of answerSlots(defaultQuestions('initial'))) answers[slot.id] = slot.kind === 'number' ? 8 : `My answer about ${slot.id}.`;
    const media = ['1.jpg', '2.jpg', '3.jpg'].map((name) => ({ file: `photos/${name}`, asins: ['B0CACTUS01'], caption: 'Shaping it by hand.' }));
    for (const m of media) await writeFile(join(dir, m.file), '');
    const from = join(work, `complete-${count}.json`);
    await writeFile(from, JSON.stringify({ version: 1, business: { name: 'Cactus Hands' }, answers, media }));
    const run = appeal(['init', dir, '--from', from, '--notice', notice, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const saved = await readAppeal(dir);
    expect(saved?.media.map((m) => m.file)).toEqual(media.map((m) => m.file));
    expect(saved?.notice?.kind).toBe('initial');
  });

  it('reports an unreadable notice as one line with exit 2', async () => {
    const dir = await folder();
    const bogus = join(dir, 'notice.txt');
    await writeFile(bogus, 'Dear friend, here is a recipe for bread.');
    const run = appeal(['init', dir, '--notice', bogus, '--yes']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a --received that is not a date', async () => {
    const run = appeal(['init', await folder(), '--notice', notice, '--received', 'after lunch', '--yes']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--received');
  });
});
