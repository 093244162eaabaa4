import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { readAppeal, saveAppeal } from '../src/appeal/store.js';
import { emptyAppeal, type Appeal } from '../src/appeal/schema.js';
import { runInit } from '../src/cli/init.js';
import type { Globals } from '../src/cli/output.js';
import { choose, ctrlC, keep, num, runScripted, tick, type, yes, type Step } from './helpers/interview.js';

const globals: Globals = { quiet: false, color: false, interactive: true, progress: false };
const noticeFile = new URL('../fixtures/notices/initial.eml', import.meta.url).pathname;
const NOW = new Date('2026-11-23T09:03:00Z');

let work: string;
let count = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-interview-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh appeal folder with a few (empty) photo files and a clip; the interview only lists them. */
async function folder(files = ['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png', 'photos/04-clip.mp4']) {
  const dir = join(work, `case-${++count}`);
  await mkdir(join(dir, 'photos'), { recursive: true });
  for (const file of files) await writeFile(join(dir, file), '');
  await writeFile(join(dir, 'notes.txt'), 'not a photo');
  return dir;
}

const run = (dir: string, steps: Step[], options: Parameters<typeof runInit>[1] = {}) => runScripted(dir, steps, options, NOW);

const slots = answerSlots(defaultQuestions());

/** One scripted answer per default question, in order. */
function answerAll(list = slots): Step[] {
  return list.map((slot) => (slot.kind === 'number' ? num(12) : type(`In my own words: ${slot.id}.`)));
}

/**
 * ASIN and sentence for each photo. Without a notice the first ASIN is typed; after that
 * the ASINs already given are offered as a checklist.
 */
function labelMedia(count_: number, asin = 'B0CACTUS01', known = false): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < count_; i++) {
    steps.push(i === 0 && !known ? type(asin, /ASIN/) : tick([asin], /Which ASIN/));
    steps.push(type(`Doing step ${i + 1} by hand at my bench.`, /one sentence/));
  }
  return steps;
}

async function saved(dir: string): Promise<Appeal> {
  const appeal = await readAppeal(dir);
  if (!appeal) throw new Error('appeal.json was not written');
  return appeal;
}

describe('appeal init: the interview', () => {
  it('asks the business, every question, then the photos, and saves a complete appeal', async () => {
    const dir = await folder();
    const result = await run(dir, [
      type('Cactus Hands', 'Business name'),
      type('me@cactushands.example', /email/i),
      choose('other', /What do you make/),
      choose('terminal', /longer answers/),
      ...answerAll(),
      tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/04-clip.mp4'], /Pick 3 to 5/),
      ...labelMedia(3),
    ]);
    expect(result.code).toBe(0);
    expect(result.left).toBe(0);
    const appeal = await saved(dir);
    expect(appeal.business).toMatchObject({ name: 'Cactus Hands', email: 'me@cactushands.example', craft: 'other' });
    for (const slot of slots) {
      expect(appeal.answers[slot.id]).toBe(slot.kind === 'number' ? 12 : `In my own words: ${slot.id}.`);
    }
    expect(appeal.media.map((m) => m.file)).toEqual(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/04-clip.mp4']);
    expect(appeal.media.every((m) => m.asins[0] === 'B0CACTUS01' && m.caption?.startsWith('Doing step'))).toBe(true);
    expect(result.printed).toContain('Everything is answered');
    expect(result.printed).toContain('appeal check');
  });

  it('offers only photos and videos from the folder and its photos/ sub-folder', async () => {
    const dir = await folder(['photos/a.jpg', 'photos/b.HEIC', 'c.mov', 'photos/readme.md']);
    const result = await run(dir, [type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(), ctrlC('checkbox')]);
    const picker = result.prompts.asked.find((a) => a.kind === 'checkbox');
    const offered = (picker?.config.choices as { value: string }[]).map((c) => c.value);
    expect(offered).toEqual(['c.mov', 'photos/a.jpg', 'photos/b.HEIC']);
  });

  it('saves after every answer, so each prompt finds the previous answer on disk', async () => {
    const dir = await folder();
    const onDisk = async () => (await readAppeal(dir))!;
    const steps: Step[] = [
      type('Cactus Hands'),
      { ...type(''), before: async () => expect((await onDisk()).business.name).toBe('Cactus Hands') },
      choose('other'),
      choose('terminal'),
      ...answerAll(),
      tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png']),
      type('B0CACTUS01'),
      { ...type('Cutting by hand.'), before: async () => expect((await onDisk()).media[0]?.asins).toEqual(['B0CACTUS01']) },
      ...labelMedia(2, 'B0CACTUS01', true),
    ];
    const second = steps[5]!;
    steps[5] = { ...second, before: async () => expect((await onDisk()).answers[slots[0]!.id]).toContain('In my own words') };
    expect((await run(dir, steps)).code).toBe(0);
  });

  it('reads the notice: asks its questions, offers its greeting as the name and its ASINs as choices', async () => {
    const dir = await folder();
    const result = await run(
      dir,
      [
        keep('Business name'),
        type(''),
        choose('other'),
        choose('terminal'),
        ...answerAll(),
        tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png', 'photos/04-clip.mp4']),
        tick(['B0CACTUS02'], /Which ASIN/),
        type('Cutting by hand.'),
        tick(['B0CACTUS01', '\u0000other'], /Which ASIN/),
        { kind: 'input', answer: 'B0SHORT', rejectedWith: /Not an ASIN: B0SHORT/ },
        type('b0abcdefgh', /Other ASIN/),
        type('Sanding by hand.'),
        tick(['B0CACTUS01']),
        type('Oiling the walnut board.'),
        tick(['B0CACTUS01']),
        type('Showing the finished bowl.'),
      ],
      { notice: noticeFile },
    );
    expect(result.left).toBe(0);
    expect(result.code).toBe(0);
    const appeal = await saved(dir);
    expect(appeal.business.name).toBe('Cactus Hands');
    expect(appeal.notice?.kind).toBe('initial');
    expect(appeal.notice?.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    expect(appeal.media[1]?.asins).toEqual(['B0CACTUS01', 'B0ABCDEFGH']);
    // The notice's own wording is what the seller sees.
    expect(result.printed).toContain('Who designs the items, and how?');
    expect(result.printed).toMatch(/left \(due Wed 25 Nov 14:03 UTC\)/);
  });

  it('refuses an empty answer and an outline whose [placeholders] are still there', async () => {
    const dir = await folder();
    const first = slots[0]!;
    const result = await run(dir, [
      type('Cactus Hands'),
      type(''),
      choose('woodwork', /What do you make/),
      choose('terminal'),
      { kind: 'input', answer: '   ', rejectedWith: /write an answer/ },
      // Enter on the outline (Tab would copy it onto the line) still has its [brackets].
      { kind: 'input', rejectedWith: /Not finished: the \[bracketed\] part/ },
      type('I cut, turn and sand every walnut bowl myself in my garage workshop.'),
      ctrlC('input'),
    ]);
    expect(result.code).toBe(130);
    const outlinePrompt = result.prompts.asked.find((a) => a.kind === 'input' && String(a.config.default as string | undefined ?? '').includes('['));
    expect(outlinePrompt?.config.default).toMatch(/walnut/);
    expect((await saved(dir)).answers[first.id]).toBe('I cut, turn and sand every walnut bowl myself in my garage workshop.');
  });
});

describe('appeal init: stopping and resuming', () => {
  it('keeps every answer given before Ctrl-C and says how to continue', async () => {
    const dir = await folder();
    const result = await run(dir, [type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(slots.slice(0, 2)), ctrlC('input')]);
    expect(result.code).toBe(130);
    expect(result.errors.trim()).toBe(`Saved. Run \`appeal init ${dir}\` again to continue.`);
    const appeal = await saved(dir);
    expect(appeal.answers[slots[0]!.id]).toBeTruthy();
    expect(appeal.answers[slots[1]!.id]).toBeTruthy();
    expect(appeal.answers[slots[2]!.id]).toBeUndefined();
  });

  it('asks only what is missing when run again', async () => {
    const dir = await folder();
    await run(dir, [type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(slots.slice(0, 3)), ctrlC('input')]);
    const result = await run(dir, [
      choose('continue', /started this appeal before/),
      choose('terminal'),
      ...answerAll(slots.slice(3)),
      tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png']),
      ...labelMedia(3),
    ]);
    expect(result.left).toBe(0);
    expect(result.code).toBe(0);
    const asked = result.prompts.asked.map((a) => a.message).join('\n');
    expect(asked).not.toContain('Business name');
    expect(asked).not.toContain('What do you make');
    expect((await saved(dir)).answers[slots[0]!.id]).toBe(`In my own words: ${slots[0]!.id}.`);
  });

  it('lets the seller revise one answer, showing the old one as the starting text', async () => {
    const dir = await folder();
    await run(dir, [type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(), tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png']), ...labelMedia(3)]);
    const target = slots.find((s) => s.kind !== 'number')!;
    const result = await run(dir, [
      choose('revise'),
      choose(target.id, /Which answer/),
      { ...type('Rewritten: I make each piece by hand.'), before: (config) => expect(config.default).toBe(`In my own words: ${target.id}.`) },
      choose('\u0000done', /Which answer/),
    ]);
    expect(result.left).toBe(0);
    expect(result.code).toBe(0);
    const appeal = await saved(dir);
    expect(appeal.answers[target.id]).toBe('Rewritten: I make each piece by hand.');
    expect(appeal.media).toHaveLength(3);
  });

  it('starts the media step over on request, keeping the answers and what was said about re-picked photos', async () => {
    const dir = await folder();
    await run(dir, [type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(), tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png']), ...labelMedia(3)]);
    const result = await run(dir, [
      choose('media'),
      tick(['photos/02-sanding.jpg', 'photos/03-oiling.png', 'photos/04-clip.mp4', 'photos/01-cutting.jpg']),
      // A photo picked again: its ASIN is ticked already and its sentence is the starting text.
      {
        kind: 'checkbox',
        answer: ['B0CACTUS01'],
        before: (config) => expect((config.choices as { value: string; checked?: boolean }[]).find((c) => c.value === 'B0CACTUS01')?.checked).toBe(true),
      },
      { kind: 'input', answer: '', before: (config) => expect(config.default).toBe('Doing step 2 by hand at my bench.') },
      tick(['B0CACTUS01']),
      type('Oiling the board by hand.'),
      tick(['B0CACTUS01']),
      type('Filming the finished board.'),
      tick(['B0CACTUS01']),
      type('Cutting the blank again.'),
    ]);
    expect(result.left).toBe(0);
    const appeal = await saved(dir);
    expect(appeal.media).toHaveLength(4);
    expect(appeal.media.every((m) => m.asins[0] === 'B0CACTUS01')).toBe(true);
    expect(appeal.media[0]).toMatchObject({ file: 'photos/02-sanding.jpg', caption: 'Doing step 2 by hand at my bench.' });
    expect(appeal.answers[slots[0]!.id]).toBe(`In my own words: ${slots[0]!.id}.`);
  });

  it('offers the ASINs given for earlier photos as choices when there is no notice', async () => {
    const dir = await folder();
    const result = await run(dir, [
      type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(),
      tick(['photos/01-cutting.jpg', 'photos/02-sanding.jpg', 'photos/03-oiling.png']),
      type('B0D1234567, B0E7654321', /ASIN/), type('Cutting the leather blank.'),
      tick(['B0E7654321'], /Which ASIN/), type('Sanding the edges smooth.'),
      ctrlC('checkbox'),
    ]);
    expect(result.code).toBe(130);
    const second = result.prompts.asked.filter((a) => a.kind === 'checkbox')[1]!;
    expect((second.config.choices as { name: string }[]).map((c) => c.name)).toEqual([
      'B0D1234567 (given for another photo)',
      'B0E7654321 (given for another photo)',
      'another ASIN of mine (type it next)',
    ]);
    expect((await saved(dir)).media[1]?.asins).toEqual(['B0E7654321']);
  });

  it('refuses more than five photos in the picker', async () => {
    const dir = await folder(['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg']);
    const result = await run(dir, [
      type('Cactus Hands'), type(''), choose('other'), choose('terminal'), ...answerAll(),
      { kind: 'checkbox', answer: ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg'], rejectedWith: /at most 5/ },
      ctrlC('checkbox'),
    ]);
    expect(result.code).toBe(130);
  });
});

describe('a pasted notice (.txt, no date)', () => {
  async function pasted(dir: string): Promise<string> {
    const eml = await readFile(noticeFile, 'utf8');
    const file = join(dir, 'notice.txt');
    await writeFile(file, eml.slice(eml.indexOf('\n\n') + 2));
    return file;
  }

  it('asks when the email arrived and works out the deadline', async () => {
    const dir = await folder();
    const result = await run(dir, [type('2026-11-20T14:03:00Z', /When did Amazon's email arrive/), yes(/Is that right/), ctrlC('input')], {
      notice: await pasted(dir),
    });
    expect(result.code).toBe(130);
    const notice = (await saved(dir)).notice;
    expect(notice?.receivedAt).toBe('2026-11-20T14:03:00Z');
    expect(notice?.deadline).toBe('2026-11-25T14:03:00Z');
    expect(result.printed).toContain('2 days 5 hours left (due Wed 25 Nov 14:03 UTC)');
  });

  it('--yes says which flag gives the date; --received sets it', async () => {
    const dir = await folder();
    const file = await pasted(dir);
    expect((await run(dir, [], { notice: file, yes: true })).errors).toContain('pass --received <date>');
    const withDate = await run(dir, [], { notice: file, yes: true, received: '2026-11-20T14:03:00Z' });
    expect(withDate.errors).not.toContain('--received');
    expect((await saved(dir)).notice?.deadline).toBe('2026-11-25T14:03:00Z');
  });
});

describe('appeal init --from and --yes', () => {
  it('merges --from into the saved appeal without dropping anything', async () => {
    const dir = await folder();
    const start = emptyAppeal();
    start.business.name = 'Cactus Hands';
    start.answers.process = 'Saved earlier.';
    start.media = [{ file: 'photos/01-cutting.jpg', asins: ['B0CACTUS01'], caption: 'Cutting.', myNote: 'keep' }];
    await saveAppeal(dir, start);
    const from = join(dir, 'partial.json');
    await writeFile(
      from,
      JSON.stringify({ version: 1, answers: { design: 'From the file.', process: '' }, media: [{ file: 'photos/01-cutting.jpg', caption: 'Cutting leather.' }, { file: 'photos/02-sanding.jpg', asins: ['B0CACTUS02'] }] }),
    );
    const { code, errors } = await run(dir, [], { from, yes: true });
    expect(code).toBe(1);
    expect(errors).toContain('media (3-5 photos needed, 2 given)');
    const appeal = await saved(dir);
    expect(appeal.answers.process).toBe('Saved earlier.');
    expect(appeal.answers.design).toBe('From the file.');
    expect(appeal.media).toHaveLength(2);
    expect(appeal.media[0]).toMatchObject({ caption: 'Cutting leather.', asins: ['B0CACTUS01'], myNote: 'keep' });
  });

  it('rejects an invalid --from file naming the field', async () => {
    const dir = await folder();
    const from = join(dir, 'bad.json');
    await writeFile(from, JSON.stringify({ version: 1, notice: { kind: 'initial', deadline: 'soon' } }));
    await expect(runInit(dir, { from, yes: true }, globals)).rejects.toThrow(/notice\.deadline: expected a date/);
  });

  it('--yes with only the notice lists what is still missing and exits 1', async () => {
    const dir = await folder();
    const result = await run(dir, [], { notice: noticeFile, yes: true });
    expect(result.code).toBe(1);
    expect(result.errors).toMatch(/missing: .*answers\.design.*answers\.weeklyCapacity.*media \(3-5 photos needed, 0 given\)/);
    expect(result.errors).not.toContain('business.name');
    expect((await saved(dir)).business.name).toBe('Cactus Hands');
  });

  it('refuses --received without --notice', async () => {
    await expect(runInit(await folder(), { received: '2026-11-20', yes: true }, globals)).rejects.toThrow(/--received goes with --notice/);
  });

  it('never waits for input without a terminal: names the --yes flag', async () => {
    await expect(runInit(await folder(), {}, { ...globals, interactive: false })).rejects.toThrow(/pass --yes with --notice\/--from/);
  });
});
