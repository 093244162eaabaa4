import { missingItems } from '../appeal/progress.js';
import { AppealError } from '../appeal/errors.js';
import { appealPath } from '../appeal/store.js';
import { runInterview } from '../interview/flow.js';
import { prepareAppeal } from '../interview/prepare.js';
import { inquirerPrompts, isPromptAbort, type Prompts } from '../interview/prompts.js';
import { createSession } from '../interview/session.js';
import type { InitOptions } from './main.js';
import { colors, say, type Globals } from './output.js';

export interface InitDeps {
  /** Prompt functions; the real @inquirer/prompts when absent. */
  prompts?: Prompts;
  /** Read the business name in the photos at the end (default: only with the real prompts). */
  nameCheck?: boolean;
  print?: (text: string) => void;
  now?: Date;
}

/** `appeal init [dir]`: returns 0 when everything is answered, 1 when something is missing. */
export async function runInit(dir: string, options: InitOptions, globals: Globals, deps: InitDeps = {}): Promise<number> {
  if (!options.yes && !globals.interactive && !deps.prompts) {
    // Checked before reading anything, so CI never waits for input that cannot come.
    throw new AppealError(
      '`appeal init` needs a terminal to ask questions; pass --yes with --notice/--from to fill appeal.json without prompts.',
    );
  }
  const prepared = await prepareAppeal(dir, options);
  const c = colors(globals);
  // --quiet hides the chatter of --yes; an interview's questions are never hidden.
  const print =
    deps.print ?? ((text: string) => (options.yes ? say(globals, text) : process.stdout.write(`${text}\n`)));

  if (options.yes) {
    const appeal = prepared.appeal;
    if (!appeal.business.name && prepared.noticeName) appeal.business.name = prepared.noticeName;
    const session = createSession({ dir, appeal, prompts: deps.prompts ?? noPrompts, c, print });
    await session.save();
    const progress = missingItems(appeal, deps.now);
    if (appeal.notice && appeal.notice.kind !== 'acceptance' && !progress.deadline) {
      process.stderr.write('appeal: the notice has no date, so the deadline is unknown: pass --received <date> to track it.\n');
    }
    if (progress.complete) {
      print(`Saved ${appealPath(dir)}: everything is answered. Next: appeal check ${dir}`);
      return 0;
    }
    process.stderr.write(`appeal: ${appealPath(dir)}: missing: ${progress.items.map((i) => i.label).join(', ')}\n`);
    return 1;
  }

  const prompts = deps.prompts ?? (await inquirerPrompts());
  const session = createSession({
    dir,
    appeal: prepared.appeal,
    prompts,
    c,
    print,
    noticeName: prepared.noticeName,
    width: process.stdout.columns ?? 80,
  });
  if (prepared.changed) await session.save();
  try {
    const complete = await runInterview(session, deps.now ? { now: deps.now } : {});
    // Ask about photos whose business name could not be read (in tests only when asked for).
    if (deps.nameCheck ?? !deps.prompts) await (await import('./init-names.js')).confirmNamesStep(session);
    return complete ? 0 : 1;
  } catch (error) {
    if (!isPromptAbort(error)) throw error;
    // Every answer was saved when given; only the one being typed is lost.
    process.stderr.write('\nSaved. Run `appeal init` again to continue.\n');
    // 130, as shells expect after Ctrl-C (build and check end the same way when interrupted).
    return 130;
  }
}

/** --yes never prompts: a prompt call here is a bug, not a question for the seller. */
const noPrompts: Prompts = new Proxy({} as Prompts, {
  get() {
    return () => Promise.reject(new Error('init --yes tried to ask a question'));
  },
});
