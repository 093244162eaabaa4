import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replyAddressOf } from '../appeal/address.js';
import { MIN_MEDIA, missingItems, type MissingItem } from '../appeal/progress.js';
import { commandFor, shownPath } from '../appeal/shown.js';
import { appealPath, exists, loadAppeal } from '../appeal/store.js';
import { colors, type Globals } from './output.js';
import { acceptedLine, deadlineLine, followUpLines, roundLine } from './round-text.js';

export interface StatusDeps {
  now?: Date;
  print?: (text: string) => void;
  /** The seller's time zone for the deadline; the machine's when absent. */
  timeZone?: string;
}

/**
 * `appeal status [dir]`: the round, the deadline countdown (local time and UTC), what a
 * follow-up asked, what is missing, the next command; an accepted appeal is closed.
 * Exit 0 when nothing is missing (or the appeal was accepted), 1 when something is,
 * 2 when appeal.json is unreadable.
 */
export async function runStatus(dir: string, globals: Globals, deps: StatusDeps = {}): Promise<number> {
  const appeal = await loadAppeal(dir);
  const now = deps.now ?? new Date();
  const c = colors(globals);
  // Status is the one thing asked for even with --quiet: it IS the result.
  const print = deps.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const progress = missingItems(appeal, now);

  // Files named in appeal.json but gone from disk (moved, renamed) are missing too.
  const items: MissingItem[] = [...progress.items];
  for (const [index, media] of appeal.media.entries()) {
    if (!(await exists(join(dir, media.file)))) {
      items.push({
        kind: 'media-file',
        field: `media[${index}].file`,
        label: `media[${index}].file (${media.file} not found)`,
      });
    }
  }

  const lines: string[] = [];
  const name = appeal.business.name ?? 'your business';
  const when = { now, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) };
  lines.push(c.bold(`Handmade appeal for ${name}`));
  const accepted = acceptedLine(appeal, when);
  if (accepted) {
    // The appeal is closed; everything stays as it is.
    lines.push(c.green(accepted));
    print(lines.join('\n'));
    return 0;
  }
  lines.push(roundLine(appeal, when));
  const deadline = deadlineLine(appeal, when);
  if (deadline) {
    lines.push(progress.deadline?.overdue ? c.red(deadline) : deadline);
  } else {
    lines.push(c.dim("Deadline unknown: run `appeal init --notice <file>` with Amazon's email to track it."));
  }
  for (const line of followUpLines(appeal)) lines.push(line.startsWith('  ') ? line : c.cyan(line));
  lines.push(
    `Answers: ${progress.answered} of ${progress.total}` +
      `   Photos/videos: ${appeal.media.length} (3-5 needed)`,
  );

  if (items.length > 0) {
    lines.push(c.yellow(`Missing (${items.length}):`));
    for (const item of items) lines.push(`  - ${item.label}`);
    const fileOnly = items.every((item) => item.field.endsWith('.file'));
    lines.push(
      `Next: ${c.bold(fileOnly ? `put the files back, or run ${commandFor('appeal init', dir)} and choose "Start over the media step"` : commandFor('appeal init', dir))}`,
    );
    if (appeal.media.length < MIN_MEDIA && !(await exists(join(dir, 'sign.pdf')))) {
      lines.push(`Each photo and video must show your business name on paper: ${c.bold(`appeal sign ${dir}`)} makes a printable sign.`);
    }
  } else {
    lines.push(c.green('Nothing missing.'));
    lines.push(`Next: ${c.bold(await nextStep(dir, replyAddressOf(appeal)))}`);
  }
  print(lines.join('\n'));
  return items.length > 0 ? 1 : 0;
}

/** check, then build; once a build newer than appeal.json exists, sending it is next. */
async function nextStep(dir: string, replyTo: string): Promise<string> {
  try {
    const [built, source] = await Promise.all([stat(join(dir, 'out', 'appeal.eml')), stat(appealPath(dir))]);
    if (built.mtimeMs >= source.mtimeMs) {
      const eml = shownPath(join(dir, 'out', 'appeal.eml'));
      return `${commandFor('appeal draft', dir)} puts ${eml} in your Drafts folder; check it there and send it${replyTo ? ` to ${replyTo}` : ''}`;
    }
  } catch {
    // Not built yet.
  }
  return `${commandFor('appeal check', dir)}, then ${commandFor('appeal build', dir)}`;
}
