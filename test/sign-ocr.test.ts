import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSign } from '../src/sign/make.js';
import type { Paper } from '../src/sign/paper.js';
import { appealAsync } from './helpers/cli.js';
import { makeWorkDir, type WorkDir } from './helpers/media.js';
import { hasPoppler } from './helpers/poppler.js';
import { signPhoto } from './helpers/sign-photo.js';

/**
 * The sign is made to be read by our own check: each name is printed with `appeal sign`,
 * the PDF rendered by poppler (as a printer would see it), laid into a synthetic phone photo at
 * a third of the frame's width, tilted by up to 20 degrees under uneven light, and
 * `appeal check` must find the name in every photo.
 */

const hasPdftoppm = hasPoppler('sign-ocr');

/** A dozen names: short and long, accents, apostrophes, "&", "+", digits, a hyphen. */
const CASES: { name: string; angle: number; paper: Paper }[] = [
  { name: 'Ivy', angle: -20, paper: 'letter' },
  { name: 'Kiln & Co.', angle: 17, paper: 'a4' },
  { name: 'Cactus Hands', angle: -13, paper: 'letter' },
  { name: 'Café Ñandú', angle: 9, paper: 'a4' },
  { name: "O'Brien Leatherworks", angle: -6, paper: 'letter' },
  { name: 'Wood + Wool', angle: 20, paper: 'a4' },
  { name: 'Åsa’s Ceramics', angle: -17, paper: 'letter' },
  { name: 'Müller Holzkunst', angle: 3, paper: 'a4' },
  { name: 'The Little Walnut Bowl Company', angle: 13, paper: 'letter' },
  { name: 'Zoë’s Soap Studio', angle: -9, paper: 'a4' },
  { name: 'Glass42 Studio', angle: 6, paper: 'letter' },
  { name: 'Hand-Dyed Threads', angle: -2, paper: 'a4' },
];
const CASTS = (process.env.SIGN_OCR_CASTS ?? 'neutral').split(',') as ('neutral' | 'warm' | 'cool')[];

interface Outcome {
  name: string;
  found: boolean;
  read: string | null;
  ms: number;
}

async function check(dir: string, name: string): Promise<{ json: string; ms: number }> {
  const started = Date.now();
  const run = await appealAsync(['check', dir, '--business-name', name, '--format', 'json']);
  // Exit 1 is expected: one photo is fewer than Amazon asks for, and it has no ASIN.
  if (run.status !== 0 && run.status !== 1) throw new Error(`check exited ${run.status}: ${run.stderr}`);
  return { json: run.stdout, ms: Date.now() - started };
}

describe.skipIf(!hasPdftoppm)('appeal sign, read back by appeal check', () => {
  let work: WorkDir;
  const outcomes: Outcome[] = [];
  beforeAll(async () => {
    work = await makeWorkDir('appeal-sign-ocr-');
    const jobs = CASTS.flatMap((cast, c) => CASES.map((item, i) => ({ ...item, cast, seed: 1000 + c * 100 + i })));
    // Photos are made one after another, then read two at a time (two cores).
    const folders: { name: string; dir: string }[] = [];
    const kept: { id: string; name: string; cast: string; photo: Buffer }[] = [];
    for (const job of jobs) {
      const dir = work.path(`case-${job.seed}`);
      await mkdir(dir, { recursive: true });
      const made = await makeSign({ name: job.name, pdf: join(dir, 'sign.pdf'), paper: job.paper, size: 'page' });
      const render = join(work.dir, `render-${job.seed}`);
      execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', made.pdf, render]);
      const photo = await signPhoto({ page: await readFile(`${render}.png`), width: 2400, height: 1800, angle: job.angle, seed: job.seed, cast: job.cast });
      const photos = join(dir, 'photos');
      await mkdir(photos);
      await writeFile(join(photos, 'bench.jpg'), photo.jpeg);
      folders.push({ name: job.name, dir: photos });
      kept.push({ id: `${job.cast}-${job.seed}`, name: job.name, cast: job.cast, photo: photo.jpeg });
    }
    // SIGN_OCR_KEEP=<dir>: the photos are kept there for bench/ocr-signs.js (quick reruns of the reader alone).
    const keep = process.env.SIGN_OCR_KEEP;
    if (keep) {
      const manifest: { id: string; name: string; cast: string; file: string }[] = [];
      for (const k of kept) {
        const file = resolve(keep, k.id, 'bench.jpg');
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, k.photo);
        manifest.push({ id: k.id, name: k.name, cast: k.cast, file });
      }
      await writeFile(join(keep, 'manifest.json'), JSON.stringify(manifest, null, 1));
    }
    let next = 0;
    const lane = async () => {
      while (next < folders.length) {
        const { name, dir } = folders[next++]!;
        const { json, ms } = await check(dir, name);
        const report = JSON.parse(json) as { files: { businessName: { found: boolean; text: string | null } | null }[] };
        const result = report.files[0]?.businessName;
        outcomes.push({ name, found: Boolean(result?.found), read: result?.text ?? null, ms });
      }
    };
    await Promise.all([lane(), lane()]);
    console.log(
      `sign-ocr (${CASTS.join(', ')} light):\n` +
        outcomes.map((o) => `  ${o.found ? 'found' : 'MISSED'}  ${o.name.padEnd(32)} read ${JSON.stringify(o.read)}  ${(o.ms / 1000).toFixed(1)} s`).join('\n'),
    );
  }, 900_000);
  afterAll(async () => {
    await work?.cleanup();
  });

  it('reads every photo (the check ran OCR on each and reported a result)', () => {
    expect(outcomes).toHaveLength(CASES.length * CASTS.length);
    expect(outcomes.every((o) => typeof o.found === 'boolean')).toBe(true);
    for (const o of outcomes.filter((x) => x.found)) expect(o.read).toBeTruthy();
  });

  // A Letter sheet is nearly square, may touch a white wall and sits in a dark bench margin:
  // the region search must still cut it out and read it.
  it('finds every name in its photo', () => {
    expect(outcomes.filter((o) => !o.found).map((o) => o.name)).toEqual([]);
  });
});
