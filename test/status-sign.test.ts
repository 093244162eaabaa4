import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyAppeal } from '../src/appeal/schema.js';
import { saveAppeal } from '../src/appeal/store.js';
import { runStatus } from '../src/cli/status.js';
import { makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
beforeAll(async () => {
  work = await makeWorkDir('appeal-status-sign-');
});
afterAll(async () => {
  await work?.cleanup();
});

async function statusOf(dir: string): Promise<string> {
  const lines: string[] = [];
  await runStatus(dir, { quiet: false, color: false, interactive: false, progress: false }, { print: (t) => lines.push(t) });
  return lines.join('\n');
}

describe('appeal status and the sign', () => {
  it('points to appeal sign while photos are missing and no sign was made', async () => {
    const dir = work.path('no-photos');
    const appeal = emptyAppeal();
    appeal.business.name = 'Cactus Hands';
    await saveAppeal(dir, appeal);
    expect(await statusOf(dir)).toContain(`appeal sign ${dir} makes a printable sign`);
    await writeFile(join(dir, 'sign.pdf'), '');
    expect(await statusOf(dir)).not.toContain('appeal sign');
  });

  it('says nothing about it once the photos are chosen', async () => {
    const dir = work.path('photos');
    const appeal = emptyAppeal();
    appeal.media = ['a.jpg', 'b.jpg', 'c.jpg'].map((file) => ({ file, asins: [] }));
    await saveAppeal(dir, appeal);
    for (const m of appeal.media) await writeFile(join(dir, m.file), '');
    expect(await statusOf(dir)).not.toContain('appeal sign');
  });
});
