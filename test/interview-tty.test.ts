import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAppeal } from '../src/appeal/store.js';
import { bin } from './helpers/cli.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { hasTmux, openTerminal, type Terminal } from './helpers/tty.js';

/**
 * `appeal init` as a potter meets it on a real terminal (tmux): a notice pasted into a .txt
 * from the mail program, the date copied as the mail program shows it, a paragraph pasted
 * into a one-line prompt, "20-30 mugs" for the weekly capacity, photos in photos/ next to a
 * contact sheet the tool drew, then Ctrl-C right after choosing to start the photos over.
 */

const pastedNotice = fileURLToPath(new URL('../fixtures/notices/initial-2022.txt', import.meta.url));
const tmux = hasTmux();
if (!tmux) console.warn('interview-tty: tmux is not installed; these tests are skipped (.ci/run installs it).');

let work: WorkDir;
let dir: string;
let term: Terminal | null = null;

beforeAll(async () => {
  work = await makeWorkDir('appeal-tty-');
  dir = work.path('my appeal');
  await mkdir(join(dir, 'photos'), { recursive: true });
  for (const [i, name] of ['1-wedging.jpg', '2-throwing.jpg', '3-glazing.jpg'].entries()) {
    await makePhoto(join(dir, 'photos', name), { width: 320, height: 240, seed: i + 1, sign: { text: 'CLAY CORNER' } });
  }
  await copyFile(pastedNotice, join(dir, 'notice.txt'));
  // The contact sheet the real check draws, saved where a seller would save it.
  const sheet = spawnSync(process.execPath, [bin, 'check', '.', '--no-ocr', '--sheet', 'photos/sheet.png'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  if (!/Contact sheet written/.test(sheet.stdout)) throw new Error(`no contact sheet: ${sheet.stdout}${sheet.stderr}`);
  // A partial appeal.json as a seller would write it by hand: no "version".
  await writeFile(
    join(dir, 'from.json'),
    JSON.stringify({
      business: { name: 'Clay Corner' },
      answers: {
        design: 'I sketch each form and test glazes on tiles.',
        location: 'In my garage studio.',
        team: 'Just me: I make everything myself.',
        timePerItem: 'About 20 minutes of hands-on work per mug.',
        finalProduct: 'Glazed stoneware mugs.',
        additional: '',
      },
    }),
  );
}, 60_000);

afterAll(async () => {
  term?.close();
  await work?.cleanup();
});

describe.skipIf(!tmux)('appeal init on a real terminal', () => {
  it('takes the date as the mail program shows it, a pasted paragraph whole, "20-30 mugs", and says what to type next', async () => {
    term = openTerminal(['init', '--notice', 'notice.txt', '--from', 'from.json'], { cwd: dir, env: { TZ: 'UTC' } });
    // No date in a pasted notice: asked, with no default that could move the deadline.
    const asked = await term.waitFor("When did Amazon's email arrive?");
    expect(asked).not.toMatch(/arrive\?.*\(\d{4}-\d{2}-\d{2}/);
    await term.answer('Nov 20, 2026 at 2:03 PM');
    // The day understood is said before anything is saved.
    await term.waitFor('Is that right?');
    expect(term.screen()).toContain('Understood: the email arrived Friday, 20 November 2026, 14:03');
    expect((await readAppeal(dir))?.notice?.receivedAt).toBeUndefined();
    await term.press('Enter');

    await term.waitFor('You have started this appeal before');
    await term.press('Enter'); // continue
    await term.waitFor('What do you make?');
    await term.press('Up', 'Enter'); // something else
    await term.waitFor('Where would you like to write the longer answers?');
    await term.press('Enter'); // here, in the terminal

    await term.waitFor('how the items you list in Handmade get made');
    await term.waitFor('Your answer:');
    term.paste('I wedge the clay by hand.\nI throw each mug on my wheel.\nI trim, glaze and fire every piece myself.');
    await term.waitFor(/every piece myself\.\n3 pasted lines kept/);
    await term.press('Enter');

    await term.waitFor('Items per week');
    await term.answer('20-30 mugs');

    const picker = await term.waitFor('Pick 3 to 5');
    expect(picker).toContain('photos/1-wedging.jpg');
    expect(picker).not.toContain('sheet.png');
    await term.press('a', 'Enter');
    for (const caption of ['Wedging the clay on my bench.', 'Throwing a mug on the wheel.', 'Glazing the mugs by hand.']) {
      // "?" marks the prompt waiting for an answer; answered ones turn into "✔".
      await term.waitFor('? Which ASIN(s) does it show?');
      await term.press('Space', 'Enter');
      await term.waitFor('? In one sentence, what are you doing in this photo?');
      await term.answer(caption);
    }

    const done = await term.waitFor('[exit 0]', 20_000);
    // The commands to type next, on lines of their own, for the folder the seller is in.
    expect(done).toMatch(/Next, check it, then build the email:\n {2}appeal check\n {2}appeal build\n/);
    expect(done).not.toMatch(/appeal (check|build) \.\.?/);

    const appeal = await readAppeal(dir);
    expect(appeal?.notice?.receivedAt).toBe('2026-11-20T14:03:00Z');
    expect(appeal?.notice?.deadline).toBe('2026-11-25T14:03:00Z');
    expect(appeal?.answers.process).toBe(
      'I wedge the clay by hand.\nI throw each mug on my wheel.\nI trim, glaze and fire every piece myself.',
    );
    expect(appeal?.answers.weeklyCapacity).toBe('20-30 mugs');
    expect(appeal?.answers.team).toBe('Just me: I make everything myself.');
    expect(appeal?.media.map((m) => m.file)).toEqual(['photos/1-wedging.jpg', 'photos/2-throwing.jpg', 'photos/3-glazing.jpg']);
    term.close();
    term = null;
  }, 120_000);

  it('keeps every photo, ASIN and caption after Ctrl-C right after "Start over the media step"', async () => {
    const before = await readAppeal(dir);
    expect(before?.media).toHaveLength(3);
    term = openTerminal(['init'], { cwd: dir, env: { TZ: 'UTC' } });
    await term.waitFor('You have started this appeal before');
    await term.press('Down', 'Down', 'Enter');
    await term.waitFor('Pick 3 to 5');
    await term.press('C-c');
    const end = await term.waitFor('[exit 130]');
    expect(end).toContain('Saved. Run `appeal init` again to continue.');
    const after = await readAppeal(dir);
    expect(after?.media).toEqual(before?.media);
    term.close();
    term = null;
  }, 60_000);
});
