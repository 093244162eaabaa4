import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { bin, root } from './helpers/cli.js';

/**
 * Ctrl-C and kill, sent as real signals to a real `appeal build` at every stage. The build is
 * held at the stage by APPEAL_TEST_HOLD_AT (it says "holding at <stage>" and waits), so the
 * signal lands exactly there. Before the package is published the previous out/ must be
 * untouched; after it, the message must say out/ holds the new, unchecked package. Never a
 * temp folder, an extracted photo or an ffmpeg process left behind.
 */

const ASIN = 'B0TESTSIG1';
let work: WorkDir;
let dir: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-signals-');
  dir = work.path('appeal');
  for (const i of [1, 2, 3]) {
    await makePhoto(join(dir, 'photos', `step-${i}.jpg`), { width: 1200, height: 900, seed: i, quality: 92 });
  }
  await makeClip(join(dir, 'clip.mp4'), { seconds: 3, width: 320, height: 180, audio: true, bitrate: '2M' });
  const appealJson = {
    version: 1,
    business: { email: 'maker@example.com' },
    notice: { kind: 'initial', asins: [ASIN] },
    answers: {
      process: 'I shape each bowl on the wheel and glaze it by hand.',
      design: 'I sketch the shapes myself.',
      location: 'My studio at home.',
      team: 'Only me.',
      timePerItem: 'About two hours.',
      finalProduct: 'Stoneware bowls.',
      employees: 'None.',
      weeklyCapacity: 10,
    },
    media: [
      ...[1, 2, 3].map((i) => ({ file: `photos/step-${i}.jpg`, asins: [ASIN], caption: `Step ${i} of shaping a bowl at my wheel.` })),
      { file: 'clip.mp4', asins: [ASIN], caption: 'Trimming a bowl on the wheel.' },
    ],
  };
  await writeFile(join(dir, 'appeal.json'), JSON.stringify(appealJson, null, 2));
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
});

/** Processes whose command line mentions `path` (ffmpeg children of the build). */
function processesUsing(path: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path)) pids.push(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function tempFoldersOf(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((n) => n.startsWith('appeal-eml-'));
}

function buildHeldAt(stage: string, tmp: string) {
  const child = spawn(process.execPath, [bin, 'build', dir, '--max-email-size', '2MB'], {
    cwd: root,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', APPEAL_TEST_HOLD_AT: stage, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const held = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`holding at ${stage}`)) resolve();
    });
    child.on('exit', () => reject(new Error(`the build ended before reaching ${stage}:\n${stderr}\n${stdout}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
  return { child, held, exited, output: () => ({ stderr, stdout }) };
}

describe('a build stopped by a signal', () => {
  it.each([
    ['check', 'SIGINT', 130],
    ['plan', 'SIGTERM', 143],
    ['video', 'SIGINT', 130],
    ['photos', 'SIGTERM', 143],
    ['docx', 'SIGINT', 130],
    ['email', 'SIGTERM', 143],
    ['publish', 'SIGINT', 130],
  ] as const)('at %s (%s) leaves the previous out/ as it was, exit %i', async (stage, signal, code) => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'media'), { recursive: true });
    await writeFile(join(out, '.appeal-build'), 'mark\n');
    await writeFile(join(out, 'appeal.eml'), `previous email before ${stage}\n`);
    const tmp = work.path(`tmp-${stage}`);
    await mkdir(tmp, { recursive: true });

    const run = buildHeldAt(stage, tmp);
    await run.held;
    run.child.kill(signal);
    const status = await run.exited;
    const { stderr } = run.output();

    expect(status, stderr).toBe(code);
    expect(stderr).toContain('build stopped; nothing in the output folder was changed');
    expect(stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(await readFile(join(out, 'appeal.eml'), 'utf8')).toBe(`previous email before ${stage}\n`);
    expect(await readdir(join(out, 'media'))).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await tempFoldersOf(tmp)).toEqual([]);
    expect(processesUsing(dir)).toEqual([]);
  }, 120_000);

  it('at the preflight says out/ holds the new package, not yet checked, and leaves no extracted photos', async () => {
    const out = join(dir, 'out');
    const tmp = work.path('tmp-preflight');
    await mkdir(tmp, { recursive: true });
    const run = buildHeldAt('preflight', tmp);
    await run.held;
    run.child.kill('SIGINT');
    const status = await run.exited;
    const { stderr, stdout } = run.output();

    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/stopped while checking the built email; .*out holds the new package, not yet checked/);
    expect(stdout).not.toContain('Ready');
    expect((await readdir(out)).sort()).toEqual(['.appeal-build', 'appeal.docx', 'appeal.eml', 'media', 'report.json']);
    expect(await readFile(join(out, 'appeal.eml'), 'utf8')).toContain('Content-Type: multipart/mixed');
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await tempFoldersOf(tmp)).toEqual([]);
  }, 120_000);

  it.each([['check'], ['build']] as const)(
    '`appeal %s` stops within seconds when Ctrl-C comes while the business name is being read',
    async (command) => {
      const named = work.path(`named-${command}`);
      const steps = [1, 2, 3, 4, 5];
      for (const i of steps) {
        await makePhoto(join(named, `${ASIN}-step-${i}.jpg`), { width: 2400, height: 1800, seed: 10 + i, sign: { text: 'RIVER CLAY' } });
      }
      const appealFile = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8')) as { business: object; media: { file: string }[] };
      appealFile.business = { name: 'River Clay', email: 'maker@example.com' };
      appealFile.media = steps.map((i) => ({ file: `${ASIN}-step-${i}.jpg`, asins: [ASIN], caption: 'Shaping a bowl.' }));
      await writeFile(join(named, 'appeal.json'), JSON.stringify(appealFile));
      const child = spawn(process.execPath, [bin, command, named], {
        cwd: root,
        // A cache of its own: photos another test already read would be answered from the
        // cache in a moment, and the check would be over before Ctrl-C comes.
        env: { ...process.env, CI: 'true', NO_COLOR: '1', APPEAL_CACHE_DIR: work.path(`cache-${command}`) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (status, signal) => resolve({ status, signal })),
      );
      // The build says when its check starts; then two seconds in, it is probing or the text
      // reader is starting its workers. The check prints nothing before its report: two seconds.
      if (command === 'build') {
        const deadline = Date.now() + 30_000;
        while (!stderr.includes('Checking the appeal') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 2000));
      const sent = performance.now();
      child.kill('SIGINT');
      const { status, signal } = await exited;
      const tookMs = performance.now() - sent;

      expect(tookMs).toBeLessThan(8000);
      expect(stderr).not.toMatch(/internal error/);
      if (command === 'check' && signal === 'SIGINT') {
        // On a slow machine the signal can come before the program took charge of Ctrl-C: it
        // then ends the way any program does, before it has read or written anything.
        expect(stderr).toBe('');
        return;
      }
      expect(status, stderr).toBe(130);
      expect(stderr).toMatch(command === 'check' ? /check stopped/ : /build stopped; nothing in the output folder was changed/);
    },
    60_000,
  );
});
