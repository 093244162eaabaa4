import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppealError } from '../src/appeal/errors.js';
import { emptyAppeal } from '../src/appeal/schema.js';
import { loadAppeal, readAppeal, saveAppeal } from '../src/appeal/store.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-store-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('saving appeal.json', () => {
  it('round-trips an appeal and points $schema at the shipped JSON Schema', async () => {
    const dir = join(work, 'roundtrip');
    const appeal = emptyAppeal();
    appeal.business.name = 'Cactus Hands';
    appeal.answers.weeklyCapacity = 12;
    await saveAppeal(dir, appeal);
    const back = await loadAppeal(dir);
    expect(back.business.name).toBe('Cactus Hands');
    expect(back.answers.weeklyCapacity).toBe(12);
    expect(back.$schema).toMatch(/schema\/appeal\.schema\.json$/);
  });

  it('refuses to write an invalid appeal and leaves the old file as it was', async () => {
    const dir = join(work, 'invalid');
    const good = emptyAppeal();
    good.business.name = 'Cactus Hands';
    await saveAppeal(dir, good);
    const before = await readFile(join(dir, 'appeal.json'), 'utf8');
    const bad = { ...good, media: [{ file: 'a.jpg', asins: ['nope'] }] } as never;
    await expect(saveAppeal(dir, bad)).rejects.toBeInstanceOf(AppealError);
    expect(await readFile(join(dir, 'appeal.json'), 'utf8')).toBe(before);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('treats a missing appeal.json as "not started", and loadAppeal names the command to run', async () => {
    expect(await readAppeal(join(work, 'nothing-here'))).toBeNull();
    const error = await loadAppeal(join(work, 'nothing-here')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppealError);
    expect((error as AppealError).toLine()).toMatch(/nothing-here has no appeal\.json yet.*appeal init .*nothing-here/);
  });

  it('leaves the old or the new appeal.json, never a broken one, when killed mid-write', async () => {
    const storeModule = new URL('../dist/appeal/store.js', import.meta.url);
    if (!existsSync(storeModule)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    const dir = join(work, 'killed');
    // Two big versions (about 4 MB each) so a write takes long enough to be interrupted.
    const script = `
      import { saveAppeal } from ${JSON.stringify(storeModule.href)};
      const dir = ${JSON.stringify(dir)};
      const big = (c) => ({ version: 1, business: { name: 'Cactus Hands' }, answers: { process: c.repeat(4_000_000) } });
      await saveAppeal(dir, big('a'));
      process.stdout.write('ready\\n');
      for (let i = 0; ; i++) await saveAppeal(dir, big(i % 2 ? 'a' : 'b'));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });

    // While it writes, every read sees a whole file: all 'a' or all 'b', until both were seen.
    const whole = new Map([['a', 'a'.repeat(4_000_000)], ['b', 'b'.repeat(4_000_000)]]);
    const seen = new Set<string>();
    let reads = 0;
    const until = Date.now() + 20_000;
    while ((seen.size < 2 || reads < 10) && Date.now() < until) {
      const text = await readFile(join(dir, 'appeal.json'), 'utf8');
      const answer = (JSON.parse(text) as { answers: { process: string } }).answers.process;
      expect(answer === whole.get(answer[0]!)).toBe(true);
      seen.add(answer[0]!);
      reads++;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const after = await loadAppeal(dir);
    expect(['a', 'b']).toContain(after.answers.process?.[0]);
    expect(seen.size).toBe(2);

    // A temp file may survive SIGKILL, but it never replaces appeal.json and the next save works.
    const leftovers = (await readdir(dir)).filter((name) => name !== 'appeal.json');
    for (const name of leftovers) expect(name).toMatch(/^\.appeal\.json\..+\.tmp$/);
    const next = emptyAppeal();
    next.business.name = 'After the crash';
    await saveAppeal(dir, next);
    expect((await loadAppeal(dir)).business.name).toBe('After the crash');
  });

  it('does not pick up a stray temp file as the appeal', async () => {
    const dir = join(work, 'stray');
    const appeal = emptyAppeal();
    appeal.business.name = 'Real';
    await saveAppeal(dir, appeal);
    await writeFile(join(dir, '.appeal.json.999.dead.tmp'), '{"version": 1, "business": {"name": "Half');
    expect((await loadAppeal(dir)).business.name).toBe('Real');
  });
});
