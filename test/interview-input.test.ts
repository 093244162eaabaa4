import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from '@inquirer/testing';
import sharp from 'sharp';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { commandFor, shownPath } from '../src/appeal/shown.js';
import { readAppeal, saveAppeal } from '../src/appeal/store.js';
import { APPEAL_VERSION, emptyAppeal } from '../src/appeal/schema.js';
import { OWN_IMAGE_TAG } from '../src/appeal/folders.js';
import { type runInit } from '../src/cli/init.js';
import { readReceivedDate } from '../src/interview/dates.js';
import { findMediaFiles } from '../src/interview/media.js';
import { textPrompt } from '../src/interview/text-prompt.js';
import { appeal as cli, bin } from './helpers/cli.js';
import { choose, ctrlC, no, num, runScripted, tick, type, yes, type Step } from './helpers/interview.js';

/**
 * What a seller types and pastes, as they type and paste it: dates copied from a mail program,
 * "20-30 mugs", paragraphs pasted into a one-line prompt, a partial --from file, and resuming.
 */

const NOW = new Date('2026-12-01T12:00:00Z');
const pastedNotice = new URL('../fixtures/notices/initial-2022.txt', import.meta.url).pathname;
const emlNotice = new URL('../fixtures/notices/initial.eml', import.meta.url).pathname;

let work: string;
let count = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-input-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = join(work, `case-${++count}`);
  await mkdir(join(dir, 'photos'), { recursive: true });
  for (const name of ['1.jpg', '2.jpg', '3.jpg']) await writeFile(join(dir, 'photos', name), '');
  return dir;
}

const run = (dir: string, steps: Step[], options: Parameters<typeof runInit>[1] = {}) => runScripted(dir, steps, options, NOW);

/** Local wall-clock time, the way the seller's mail program shows it. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('the date the notice arrived, as mail programs show it', () => {
  it('reads the common forms to the same moment', () => {
    const expected = local(2026, 11, 29, 9, 14).getTime();
    for (const text of ['Nov 29, 2026 at 9:14 AM', '11/29/2026 9:14 AM', '29/11/2026 09:14', 'Sunday, November 29, 2026 at 9:14 AM', '2026-11-29 09:14']) {
      const reading = readReceivedDate(text, NOW);
      expect(reading.kind, text).toBe('date');
      if (reading.kind === 'date') expect(reading.date.getTime(), text).toBe(expected);
    }
    // A date with its zone, as in the email's own headers, is that exact moment anywhere.
    const zoned = readReceivedDate('Sun, 29 Nov 2026 09:14:00 -0800', NOW);
    expect(zoned.kind === 'date' && zoned.date.toISOString()).toBe('2026-11-29T17:14:00.000Z');
  });

  it('asks rather than guesses when day and month could be swapped (11/12)', () => {
    const reading = readReceivedDate('11/12/2026 10:00', new Date('2026-12-20T12:00:00Z'));
    expect(reading.kind).toBe('ambiguous');
    if (reading.kind === 'ambiguous') {
      expect(reading.readings.map((d) => d.getTime()).sort()).toEqual([local(2026, 11, 12, 10).getTime(), local(2026, 12, 11, 10).getTime()].sort());
    }
    // When one reading is still to come, the email cannot have arrived then: no question.
    const oneWay = readReceivedDate('11/12/2026 10:00', NOW);
    expect(oneWay.kind === 'date' && oneWay.date.getTime()).toBe(local(2026, 11, 12, 10).getTime());
  });

  it('counts from the start of the day when no time is given, and refuses the future and non-dates', () => {
    const dayOnly = readReceivedDate('Nov 29', NOW);
    expect(dayOnly).toMatchObject({ kind: 'date', dayOnly: true });
    if (dayOnly.kind === 'date') expect(dayOnly.date.getTime()).toBe(local(2026, 11, 29).getTime());
    expect(readReceivedDate('Dec 25, 2026', NOW)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/future/) });
    expect(readReceivedDate('20 mugs', NOW).kind).toBe('invalid');
    expect(readReceivedDate('9:14 AM', NOW).kind).toBe('invalid');
  });

  it('offers no default, says the day understood and saves only once the seller agrees', async () => {
    const dir = await folder();
    const result = await run(
      dir,
      [
        {
          ...type('05/06/2026 10:00', /When did Amazon's email arrive/),
          before: (config) => expect(config.default).toBeUndefined(),
        },
        choose('b', /can be read two ways/),
        { ...no(/Is that right/), before: async () => expect((await readAppeal(dir))?.notice?.receivedAt).toBeUndefined() },
        type('Nov 12, 2026 at 10:00 AM', /When did Amazon's email arrive/),
        yes(/Is that right/),
        ctrlC('input'),
      ],
      { notice: pastedNotice },
    );
    expect(result.code).toBe(130);
    const ambiguous = result.prompts.asked.find((a) => a.kind === 'select')!;
    expect((ambiguous.config.choices as { name: string }[]).map((c) => c.name)).toEqual([
      'Wednesday, 6 May 2026, 10:00',
      'Friday, 5 June 2026, 10:00',
      'Neither: type the date again',
    ]);
    expect(result.printed).toContain('Understood: the email arrived Friday, 5 June 2026, 10:00');
    expect(result.printed).toContain('Understood: the email arrived Thursday, 12 November 2026, 10:00');
    const notice = (await readAppeal(dir))?.notice;
    expect(notice?.receivedAt).toBe(local(2026, 11, 12, 10).toISOString().replace('.000Z', 'Z'));
  });

  it('--received takes the same forms, says what it understood, and refuses 11/12 without a terminal', async () => {
    const dir = await folder();
    const ok = cli(['init', dir, '--notice', pastedNotice, '--received', 'Nov 20, 2026 2:03 PM', '--yes'], { env: { TZ: 'UTC' } });
    expect(ok.stderr).not.toContain('--received:');
    expect(ok.stdout).toContain('--received read as Friday, 20 November 2026, 14:03');
    expect((await readAppeal(dir))?.notice?.deadline).toBe('2026-11-25T14:03:00Z');

    const ambiguous = cli(['init', await folder(), '--notice', pastedNotice, '--received', '05/06/2026 10:00', '--yes'], { env: { TZ: 'UTC' } });
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr.trim().split('\n')).toHaveLength(1);
    expect(ambiguous.stderr).toContain('6 May 2026');
    expect(ambiguous.stderr).toContain('5 June 2026');
  });

  it('says so when --received is not used because the notice has its own date', async () => {
    const run = cli(['init', await folder(), '--notice', emlNotice, '--received', 'Nov 21, 2026 9:00 AM', '--yes']);
    expect(run.stdout).toContain('--received was not used');
  });
});

describe('items per week, as sellers write it', () => {
  const slots = answerSlots(defaultQuestions());
  const upTo = (id: string) => slots.slice(0, slots.findIndex((s) => s.id === id));

  async function answered(dir: string, answers: Record<string, string>): Promise<void> {
    const appeal = emptyAppeal();
    appeal.business.name = 'Clay Corner';
    appeal.business.craft = 'other';
    for (const slot of upTo('weeklyCapacity')) (appeal.answers as Record<string, unknown>)[slot.id] = answers[slot.id] ?? `About ${slot.id}.`;
    await saveAppeal(dir, appeal);
  }

  it('keeps "20-30 mugs" as typed and refuses an answer with no number in it', async () => {
    const dir = await folder();
    await answered(dir, {});
    const result = await run(dir, [
      choose('continue'),
      { kind: 'input', answer: 'lots', rejectedWith: /has none/, message: /Items per week/ },
      num('20-30 mugs', /Items per week/),
      ctrlC('input'),
    ]);
    expect(result.code).toBe(130);
    expect((await readAppeal(dir))?.answers.weeklyCapacity).toBe('20-30 mugs');
  });

  it('stores a plain number as a number, and shows the saved text again when revised', async () => {
    const dir = await folder();
    await answered(dir, {});
    await run(dir, [choose('continue'), num(12), ctrlC('input')]);
    expect((await readAppeal(dir))?.answers.weeklyCapacity).toBe(12);
    const saved = (await readAppeal(dir))!;
    saved.answers.weeklyCapacity = '20-30 mugs';
    await saveAppeal(dir, saved);
    const result = await run(dir, [
      choose('revise'),
      choose('weeklyCapacity', /Which answer/),
      { ...num('25 mugs'), before: (config) => expect(config.default).toBe('20-30 mugs') },
      choose('\u0000done'),
      ctrlC('input'),
    ]);
    expect(result.code).toBe(130);
    expect((await readAppeal(dir))?.answers.weeklyCapacity).toBe('25 mugs');
  });

  it('notes at once when the number cannot be true beside the time per item and the team', async () => {
    const dir = await folder();
    await answered(dir, { team: 'Just me, I work alone.', timePerItem: 'About 20 minutes per mug.', employees: 'None, I have no employees.' });
    const result = await run(dir, [choose('continue'), num('5000 items a week'), ctrlC('input')]);
    expect(result.printed.replace(/\s+/g, ' ')).toMatch(/5,000 items a week at 20 minutes each is about 1,667 hours of work, but 1 person can work about 70/);
  });
});

describe('pasting several lines into a prompt', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keeps every pasted line of a long answer, and finishes only on an Enter of its own', async () => {
    const { answer, events, getScreen } = await render(textPrompt, { message: 'Your answer:', multiline: true });
    // A paste arrives as one burst of keys, line breaks included.
    events.type('I wedge the clay.');
    events.keypress('enter');
    events.type('I throw each mug on the wheel.');
    events.keypress('enter');
    events.type('I glaze and fire them.');
    await wait(100);
    expect(getScreen()).toContain('3 pasted lines kept');
    events.keypress('enter');
    await expect(answer).resolves.toBe('I wedge the clay.\nI throw each mug on the wheel.\nI glaze and fire them.');
  });

  it('joins a pasted caption into one line instead of dropping all but the first', async () => {
    const { answer, events } = await render(textPrompt, { message: 'In one sentence, what are you doing in this photo?' });
    events.type('Glazing the mugs');
    events.keypress('enter');
    events.type('by hand in my studio.');
    events.keypress('enter');
    await wait(100);
    events.keypress('enter');
    await expect(answer).resolves.toBe('Glazing the mugs by hand in my studio.');
  });

  it('still finishes a typed answer on Enter, and refuses it on screen like any prompt', async () => {
    const { answer, events, getScreen } = await render(textPrompt, {
      message: 'Business name:',
      validate: (v: string) => (v.trim() ? true : 'Please type the name.'),
    });
    events.keypress('enter');
    await wait(120);
    expect(getScreen()).toContain('Please type the name.');
    events.type('Clay Corner');
    await wait(30);
    events.keypress('enter');
    await expect(answer).resolves.toBe('Clay Corner');
  });
});

describe('a partial --from file', () => {
  it('is accepted without "version", and its $schema path does not replace ours', async () => {
    const dir = await folder();
    const from = join(work, `partial-${count}.json`);
    await writeFile(from, JSON.stringify({ $schema: '../elsewhere/schema.json', business: { name: 'Clay Corner' }, answers: { weeklyCapacity: '20-30 mugs' } }));
    const run = cli(['init', dir, '--from', from, '--yes']);
    expect(run.stderr).not.toContain('version');
    expect(run.status).toBe(1); // answers still missing: a partial is partial
    const saved = JSON.parse(await readFile(join(dir, 'appeal.json'), 'utf8'));
    expect(saved.version).toBe(APPEAL_VERSION);
    expect(saved.business.name).toBe('Clay Corner');
    expect(saved.answers.weeklyCapacity).toBe('20-30 mugs');
    expect(saved.$schema).not.toContain('elsewhere');
  });

  it('is still refused when a field is wrong, naming the field and the file', async () => {
    const from = join(work, `bad-${count}.json`);
    await writeFile(from, JSON.stringify({ media: [{ file: 'a.jpg', asins: ['B0NOTANASIN9'] }] }));
    const run = cli(['init', await folder(), '--from', from, '--yes']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad-\d+\.json: .*media\[0\]\.asins\[0\]/);
  });
});

describe('resuming', () => {
  it('offers the craft outline chosen in an earlier run for the questions still open', async () => {
    const slots = answerSlots(defaultQuestions());
    const dir = await folder();
    const long = ['process', 'design', 'team'];
    // First run: ceramics, the long answers written, stopped at the first short one.
    const first: Step[] = [type('Clay Corner'), type(''), choose('ceramics'), choose('terminal')];
    for (const slot of slots) {
      if (slot.id === 'location') break;
      first.push(long.includes(slot.id) ? type(`My own words about ${slot.id}.`) : type(`Short ${slot.id}.`));
    }
    first.push(ctrlC('input'));
    await run(dir, first);
    const second = await run(dir, [choose('continue'), choose('terminal'), ctrlC('input')]);
    const asked = second.prompts.asked.at(-1)!;
    expect(String(asked.config.default as string | undefined ?? '')).toMatch(/\S/); // the ceramics outline for "where"
    expect(asked.config.default).toBe((await import('../src/interview/outlines.js').then((m) => m.loadOutline('ceramics')))?.sections.get('location'));
  });
});

describe('paths as the seller types them', () => {
  it('prints the current folder as nothing, a sub-folder relative, and quotes spaces', () => {
    expect(commandFor('appeal check', '/home/me/shop', '/home/me/shop')).toBe('appeal check');
    expect(commandFor('appeal build', '/home/me/shop/my appeal', '/home/me/shop')).toBe("appeal build 'my appeal'");
    expect(shownPath('/home/me/shop/photos/a.jpg', '/home/me/shop')).toBe('photos/a.jpg');
    expect(shownPath('/home/me', '/home/me/shop')).toBe('/home/me');
  });

  it('never glues a full stop to a path: status names the folder in words', async () => {
    const parent = join(work, `parent-${++count}`);
    await mkdir(join(parent, 'child'), { recursive: true });
    const here = spawnSync(process.execPath, [bin, 'status'], { cwd: parent, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(here.status).toBe(2);
    expect(here.stderr).toContain('This folder has no appeal.json yet. Run `appeal init` first');
    // Outside the current folder the path is spelled out in full, never "..".
    const up = spawnSync(process.execPath, [bin, 'status', '..'], { cwd: join(parent, 'child'), encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(up.stderr).toContain(`${parent} has no appeal.json yet. Run \`appeal init ${parent}\` first`);
    expect(up.stderr).not.toMatch(/\.\.\./);
  });
});

describe('photos offered by init', () => {
  it('leaves out a picture appeal drew itself, whatever its name', async () => {
    const dir = await folder();
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
      .png()
      .withExif({ IFD0: { Software: `${OWN_IMAGE_TAG} contact sheet` } })
      .toFile(join(dir, 'photos', 'sheet.png'));
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } }).png().toFile(join(dir, 'photos', 'mine.png'));
    expect(await findMediaFiles(dir)).toEqual(['photos/1.jpg', 'photos/2.jpg', 'photos/3.jpg', 'photos/mine.png']);
  });

  it('asks "did you mean" when a typed ASIN is one character off one the notice named', async () => {
    const dir = await folder();
    const appeal = emptyAppeal();
    appeal.business.name = 'Clay Corner';
    appeal.notice = { kind: 'initial', asins: ['B0C4K7PX2M'], questions: [], receivedAt: '2026-11-30T10:00:00Z', deadline: '2026-12-05T10:00:00Z' };
    for (const slot of answerSlots(defaultQuestions())) (appeal.answers as Record<string, unknown>)[slot.id] = slot.kind === 'number' ? 12 : `About ${slot.id}.`;
    await saveAppeal(dir, appeal);
    const result = await run(dir, [
      choose('continue'),
      tick(['photos/1.jpg', 'photos/2.jpg', 'photos/3.jpg']),
      tick(['\u0000other']),
      type('B0C4K7PX2N', /Other ASIN/),
      choose('B0C4K7PX2M', /one character away from B0C4K7PX2M \(named in the notice\)\. Did you mean B0C4K7PX2M\?/),
      ctrlC('input'),
    ]);
    expect(result.code).toBe(130);
    expect((await readAppeal(dir))?.media[0]?.asins).toEqual(['B0C4K7PX2M']);
  });
});
