import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { emptyAppeal, type Appeal } from '../src/appeal/schema.js';
import { readAppeal, saveAppeal } from '../src/appeal/store.js';
import { runInit, type InitDeps } from '../src/cli/init.js';
import type { Globals } from '../src/cli/output.js';
import { proposeWindow } from '../src/interview/trim.js';
import { choose, ctrlC, scriptedPrompts, type, type Step } from './helpers/interview.js';
import { makeClip, makeWorkDir, type WorkDir } from './helpers/media.js';

/**
 * The two offers `appeal init` makes around the photos: a printable sign when the folder has
 * no photos yet, and the part of a long clip to send (saved as media[].trim).
 */

const globals: Globals = { quiet: false, color: false, interactive: true, progress: false };
const ASIN = 'B0SIGNTR1M';
let work: WorkDir;
let count = 0;

beforeAll(async () => {
  work = await makeWorkDir('appeal-init-sign-trim-');
});
afterAll(async () => {
  await work?.cleanup();
});

/** An appeal whose answers are all given, so the interview goes straight to the photos. */
function answered(media: Appeal['media'] = []): Appeal {
  const appeal = emptyAppeal();
  appeal.business = { name: 'Cactus Hands', email: 'me@cactushands.example', craft: 'other' };
  for (const slot of answerSlots(defaultQuestions())) {
    (appeal.answers as Record<string, unknown>)[slot.id] = slot.kind === 'number' ? 8 : `My own answer (${slot.id}).`;
  }
  appeal.media = media;
  return appeal;
}

async function folder(appeal: Appeal, files: string[] = []): Promise<string> {
  const dir = work.path(`case-${++count}`);
  await mkdir(join(dir, 'photos'), { recursive: true });
  for (const file of files) await writeFile(join(dir, file), '');
  await saveAppeal(dir, appeal);
  return dir;
}

async function run(dir: string, steps: Step[], deps: Partial<InitDeps> = {}) {
  const prompts = scriptedPrompts(steps);
  const printed: string[] = [];
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runInit(dir, {}, globals, { prompts, print: (t) => printed.push(t), ...deps });
    return { code, asked: prompts.asked, printed: printed.join('\n'), left: prompts.remaining() };
  } finally {
    stderr.mockRestore();
  }
}

const resume = choose('continue', /started this appeal before/);
const confirm = (answer: boolean, message?: RegExp): Step => ({ kind: 'confirm', answer, message });
const labelled = (file: string) => ({ file, asins: [ASIN], caption: 'Shaping the piece by hand at my bench.' });

describe('appeal init offers a sign', () => {
  it('before any photo is taken, and makes sign.pdf and sign.png with the saved name', async () => {
    const dir = await folder(answered());
    const result = await run(dir, [resume, confirm(true, /printable sign for Cactus Hands/)]);
    expect(result.left).toBe(0);
    expect(existsSync(join(dir, 'sign.pdf'))).toBe(true);
    expect(existsSync(join(dir, 'sign.png'))).toBe(true);
    expect(result.printed).toMatch(/Print it at 100%/);
    // The photos are still to come: init says so and exits 1.
    expect(result.code).toBe(1);
  });

  it('makes nothing when the seller declines', async () => {
    const dir = await folder(answered());
    const result = await run(dir, [resume, confirm(false)]);
    expect(result.left).toBe(0);
    expect(existsSync(join(dir, 'sign.pdf'))).toBe(false);
  });

  it('not when photos are already there', async () => {
    const dir = await folder(answered(), ['photos/a.jpg', 'photos/b.jpg', 'photos/c.jpg']);
    const result = await run(dir, [resume, ctrlC('checkbox')]);
    expect(result.asked.some((a) => a.kind === 'confirm')).toBe(false);
  });
});

describe('the part of a long clip to send', () => {
  it('proposes the minute around where the business name is seen, else the first 55 seconds', () => {
    expect(proposeWindow(75, [])).toEqual({ startSec: 0, endSec: 55, why: 'start' });
    expect(proposeWindow(75, [7.5])).toEqual({ startSec: 5, endSec: 60, why: 'name' });
    // Seen only near the end: the window ends with the clip.
    expect(proposeWindow(75, [67.5])).toEqual({ startSec: 20, endSec: 75, why: 'name' });
    // The window that shows it most often, the earliest of equals.
    expect(proposeWindow(100, [10, 40, 70])).toEqual({ startSec: 8, endSec: 63, why: 'name' });
  });

  it('reads the clip and the name in it, and saves the proposed part as the trim', async () => {
    const photos = ['photos/a.jpg', 'photos/b.jpg', 'photos/c.jpg'];
    const dir = await folder(answered([...photos.map(labelled), labelled('photos/long.mp4')]), photos);
    await makeClip(join(dir, 'photos', 'long.mp4'), { seconds: 70, width: 640, height: 360, audio: true, text: 'CACTUS HANDS' });
    const result = await run(dir, [resume, choose('proposed', 'Which part should be sent?')]);
    expect(result.left).toBe(0);
    const picked = result.asked.find((a) => a.kind === 'select' && a.message.includes('Which part'));
    // ffprobe gave the length; the name is on every frame, so the reader saw it and the proposal
    // is a 55 s part of the clip where it is visible.
    expect(result.printed).toContain('photos/long.mp4 is 1:10 long.');
    const proposal = (picked!.config.choices as { name: string }[])[0]!.name;
    const [, start, end] = /^(\d+:\d\d) to (\d+:\d\d) \(your business name is visible there\)$/.exec(proposal) ?? [];
    expect(start, proposal).toBeDefined();
    const seconds = (t: string) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]);
    expect(seconds(end!) - seconds(start!)).toBe(55);
    expect(seconds(end!)).toBeLessThanOrEqual(70);
    const saved = (await readAppeal(dir))!;
    expect(saved.media[3]!.trim).toEqual({ start, end });
    expect(result.printed).toContain('Check that your sentence still describes that part');
  }, 120_000);

  it('takes a start and end typed by the seller, refusing a part over a minute', async () => {
    const photos = ['photos/a.jpg', 'photos/b.jpg', 'photos/c.jpg'];
    const dir = await folder(answered([...photos.map(labelled), labelled('photos/long.mov')]), [...photos, 'photos/long.mov']);
    const inspectClip = async () => ({ durationSec: 95, seenAt: [] });
    const result = await run(
      dir,
      [
        resume,
        choose('type', /Which part/),
        { kind: 'input', answer: '2:00', message: /Start/, rejectedWith: /only 1:35 long/ },
        type('0:10', /Start/),
        { kind: 'input', answer: '1:20', message: /End/, rejectedWith: /keep at most 1:00 \(end by 1:10\)/ },
        { kind: 'input', answer: '0:09', message: /End/, rejectedWith: /after the start/ },
        type('1:05', /End/),
      ],
      { inspectClip },
    );
    expect(result.left).toBe(0);
    expect((await readAppeal(dir))!.media[3]!.trim).toEqual({ start: '0:10', end: '1:05' });
  });

  it('keeps the whole clip when asked, and does not ask about short clips or trimmed ones', async () => {
    const photos = ['photos/a.jpg', 'photos/b.jpg', 'photos/c.jpg'];
    const media = [...photos.map(labelled), labelled('photos/long.mov'), { ...labelled('photos/cut.mov'), trim: { start: 5, end: 50 } }];
    const dir = await folder(answered(media.slice(0, 5)), [...photos, 'photos/long.mov', 'photos/cut.mov']);
    const lengths: Record<string, number> = { 'long.mov': 80, 'cut.mov': 300 };
    const seen: string[] = [];
    const inspectClip = async (absPath: string) => {
      seen.push(absPath);
      return { durationSec: lengths[absPath.split('/').pop()!]!, seenAt: [] };
    };
    const result = await run(dir, [resume, choose('whole', /Which part/)], { inspectClip });
    expect(result.left).toBe(0);
    expect(seen.map((p) => p.split('/').pop())).toEqual(['long.mov']);
    expect((await readAppeal(dir))!.media[3]!.trim).toBeUndefined();
  });
});
