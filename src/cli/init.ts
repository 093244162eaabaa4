import { missingItems } from '../appeal/progress.js';
import { AppealError } from '../appeal/errors.js';
import { commandFor, shownPath } from '../appeal/shown.js';
import { appealPath } from '../appeal/store.js';
import { runInterview } from '../interview/flow.js';
import { prepareAppeal } from '../interview/prepare.js';
import { inquirerPrompts, isPromptAbort, type Prompts } from '../interview/prompts.js';
import { createSession } from '../interview/session.js';
import type { InspectClip } from '../interview/trim.js';
import type { StartedRound } from '../appeal/round-folder.js';
import type { Appeal } from '../appeal/schema.js';
import type { InitOptions } from './main.js';
import { acceptedLine, deadlineLine, followUpLines, roundLine } from './round-text.js';
import { colors, say, type Globals } from './output.js';

export interface InitDeps {
  /** Prompt functions; the real @inquirer/prompts when absent. */
  prompts?: Prompts;
  /** Read the business name in the photos at the end (default: only with the real prompts). */
  nameCheck?: boolean;
  print?: (text: string) => void;
  now?: Date;
  /** Reads a chosen clip's length and where the name shows (the trim proposal); ffprobe + OCR when absent. */
  inspectClip?: InspectClip;
}

/** `appeal init [dir]`: returns 0 when everything is answered, 1 when something is missing. */
export async function runInit(dir: string, options: InitOptions, globals: Globals, deps: InitDeps = {}): Promise<number> {
  if (!options.yes && !globals.interactive && !deps.prompts) {
    // Checked before reading anything, so CI never waits for input that cannot come.
    throw new AppealError(
      '`appeal init` needs a terminal to ask questions; pass --yes with --notice/--from to fill appeal.json without prompts.',
    );
  }
  const prepared = await prepareAppeal(dir, options, deps.now);
  const c = colors(globals);
  // --quiet hides the chatter of --yes; an interview's questions are never hidden.
  const print =
    deps.print ?? ((text: string) => (options.yes ? say(globals, text) : process.stdout.write(`${text}\n`)));
  // Say which day --received was read as before anything else is asked or saved.
  if (prepared.receivedNote) print(prepared.receivedNote);

  // A notice that starts a round: keep the last round's package first, then say what changed.
  const started = prepared.round;
  if (started) {
    for (const missed of (await started.keep?.()) ?? []) print(c.yellow(`note: ${missed}`));
    const lines = roundStartLines(prepared.appeal, started, { now: deps.now ?? new Date() });
    if (lines.length > 0) print(lines.join('\n'));
    if (prepared.appeal.notice?.kind === 'acceptance') {
      // Nothing is asked after an acceptance: record it and keep everything.
      const session = createSession({ dir, appeal: prepared.appeal, prompts: deps.prompts ?? noPrompts, c, print });
      await session.save();
      return 0;
    }
  }

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
      print(`Saved ${shownPath(appealPath(dir))}: everything is answered. Next: ${commandFor('appeal check', dir)}`);
      return 0;
    }
    process.stderr.write(`appeal: ${shownPath(appealPath(dir))}: missing: ${progress.items.map((i) => i.label).join(', ')}\n`);
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
    const inspectClip: InspectClip =
      deps.inspectClip ??
      (async (absPath, name) => {
        const { inspectClip: inspect } = await import('./clip-facts.js');
        return inspect(absPath, name, { onReading: (file) => print(c.dim(`Looking for ${name} in ${file} to suggest the part to keep...`)) });
      });
    const complete = await runInterview(session, { ...(deps.now ? { now: deps.now } : {}), inspectClip });
    // Ask about photos whose business name could not be read (in tests only when asked for).
    if (deps.nameCheck ?? !deps.prompts) await (await import('./init-names.js')).confirmNamesStep(session);
    return complete ? 0 : 1;
  } catch (error) {
    if (!isPromptAbort(error)) throw error;
    // Every answer was saved when given; only the one being typed is lost.
    process.stderr.write(`\nSaved. Run \`${commandFor('appeal init', dir)}\` again to continue.\n`);
    // 130, as shells expect after Ctrl-C (build and check end the same way when interrupted).
    return 130;
  }
}

/** What a notice did to the rounds, in the seller's words; nothing for the first notice. */
export function roundStartLines(appeal: Appeal, started: StartedRound, options: { now: Date; timeZone?: string }): string[] {
  const lines: string[] = [];
  if (started.effect === 'next-round') {
    if (appeal.notice?.kind === 'acceptance') {
      lines.push(acceptedLine(appeal, options) ?? 'Amazon accepted the appeal.');
      return lines;
    }
    lines.push(roundLine(appeal, options));
    lines.push(...followUpLines(appeal));
    if (started.keptIn) lines.push(`Round ${started.ended}'s package (email, Word file, report) is kept unchanged in ${started.keptIn}/.`);
  } else if (started.effect === 'merged') {
    lines.push(`This notice names more ASINs of the same review: the appeal now covers ${appeal.notice?.asins.join(', ')}; the earliest deadline counts.`);
  } else {
    return lines;
  }
  const deadline = deadlineLine(appeal, options);
  if (deadline) lines.push(deadline);
  return lines;
}

/** --yes never prompts: a prompt call here is a bug, not a question for the seller. */
const noPrompts: Prompts = new Proxy({} as Prompts, {
  get() {
    return () => Promise.reject(new Error('init --yes tried to ask a question'));
  },
});
