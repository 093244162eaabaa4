import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as inquirer from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { readAppeal } from '../src/appeal/store.js';
import { runInit } from '../src/cli/init.js';
import type { Prompts } from '../src/interview/prompts.js';
import { textPrompt } from '../src/interview/text-prompt.js';

/**
 * The interview driven through the real @inquirer/prompts, rendered by @inquirer/testing:
 * keystrokes in, screens out. Each prompt the interview opens takes the next key script.
 */

type Rendered = Awaited<ReturnType<typeof render>>;
type Keys = (prompt: Rendered) => Promise<void> | void;

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Typed as a person types: the Enter comes a moment after the text (text arriving in one burst
 * with its Enter is a paste, which the text prompt keeps as lines), then the prompt settles.
 */
function typed(text: string): Keys {
  return async ({ events }) => {
    events.type(text);
    await tick(30);
    events.keypress('enter');
    await tick(120);
  };
}
const enter: Keys = async ({ events }) => {
  events.keypress('enter');
  await tick(120);
};

function renderedPrompts(script: Keys[], screens: string[]): Prompts {
  async function run(prompt: unknown, config: unknown): Promise<never> {
    const rendered = await render(prompt as never, config as never);
    const keys = script.shift();
    if (!keys) throw new Error(`no keys left for:\n${rendered.getScreen()}`);
    screens.push(rendered.getScreen());
    await keys(rendered);
    return (await rendered.answer) as never;
  }
  return {
    input: (config) => run(textPrompt, config),
    editor: (config) => run(inquirer.editor, config),
    number: (config) => run(inquirer.number, config),
    select: (config) => run(inquirer.select, config),
    checkbox: (config) => run(inquirer.checkbox, config),
    confirm: (config) => run(inquirer.confirm, config),
  };
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'appeal-render-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the interview on real prompts', () => {
  it('is answered with the keyboard alone, refusing a bad ASIN on screen', async () => {
    const dir = join(work, 'keys');
    await mkdir(join(dir, 'photos'), { recursive: true });
    for (const name of ['1-cut.jpg', '2-stitch.jpg', '3-edge.jpg']) await writeFile(join(dir, 'photos', name), '');
    const slots = answerSlots(defaultQuestions());
    const screens: string[] = [];
    let refused = '';
    const script: Keys[] = [
      enter, // business name: the notice greeting is the default
      enter, // no email
      async ({ events }) => {
        events.keypress('up'); // the list loops: up from the top is "Something else"
        events.keypress('enter');
        await tick();
      },
      enter, // write the answers here in the terminal
      ...slots.map((slot) => (slot.kind === 'number' ? typed('14') : typed(`Typed answer for ${slot.id}.`))),
      async ({ events }) => {
        events.keypress('a'); // all three photos
        events.keypress('enter');
        await tick();
      },
      // Photo 1: not in the notice's list, so "another ASIN", typed wrong first.
      async ({ events }) => {
        events.keypress('up'); // loops to "another ASIN of mine"
        events.keypress('space');
        events.keypress('enter');
        await tick();
      },
      async ({ events, getScreen }) => {
        events.type('B0XYZ');
        await tick(30);
        events.keypress('enter');
        await tick(120);
        refused = getScreen();
        for (let i = 0; i < 5; i++) events.keypress('backspace');
        events.type('b0d7654321');
        await tick(30);
        events.keypress('enter');
        await tick(120);
      },
      typed('Cutting the leather by hand.'),
      // Photos 2 and 3: the first ASIN of the notice.
      async ({ events }) => {
        events.keypress('space');
        events.keypress('enter');
        await tick();
      },
      typed('Stitching by hand.'),
      async ({ events }) => {
        events.keypress('space');
        events.keypress('enter');
        await tick();
      },
      typed('Burnishing the edges.'),
    ];
    const printed: string[] = [];
    const code = await runInit(
      dir,
      { notice: fileURLToPath(new URL('../fixtures/notices/initial.eml', import.meta.url)) },
      { quiet: false, color: false, interactive: true, progress: false },
      { prompts: renderedPrompts(script, screens), print: (text) => printed.push(text) },
    );
    expect(script).toHaveLength(0);
    expect(code).toBe(0);
    expect(screens[0]).toContain('Business name: (Cactus Hands)');
    expect(refused).toContain('Not an ASIN: B0XYZ');
    const photoScreen = screens.find((screen) => screen.includes('Which ASIN'));
    expect(photoScreen).toContain('B0CACTUS01 (named in the notice)');
    expect(photoScreen).toContain('B0CACTUS02 (named in the notice)');

    const appeal = await readAppeal(dir);
    expect(appeal?.business.name).toBe('Cactus Hands');
    expect(appeal?.answers.weeklyCapacity).toBe(14);
    expect(appeal?.media.map((m) => m.asins)).toEqual([['B0D7654321'], ['B0CACTUS01'], ['B0CACTUS01']]);
    expect(appeal?.media[0]?.caption).toBe('Cutting the leather by hand.');
  });
});
