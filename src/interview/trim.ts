import { join } from 'node:path';
import { formatTimecode, parseTimecode } from '../appeal/trim.js';
import type { Media } from '../appeal/schema.js';
import { mediaKindOf } from './media.js';
import { widthOf, wrap, type Session } from './session.js';

/**
 * A clip over a minute: ask which part to send (saved as media[].trim, cut by `appeal build`
 * in its encode). The proposal is a window where the business name was read, else the first
 * 55 seconds; the seller accepts it, types start and end, or keeps the whole clip.
 */

/** What the interview needs to know about a clip; null when it cannot be read. */
export interface ClipFacts {
  durationSec: number;
  /** Seconds where the business name was read in the clip (may be empty). */
  seenAt: number[];
}

export type InspectClip = (absPath: string, businessName: string | null) => Promise<ClipFacts | null>;

export const LONGEST_SECONDS = 60;
/** The proposed length: under the minute with room for a slow start. */
export const PROPOSED_SECONDS = 55;
/** Start this long before the first moment the name is seen. */
const LEAD_IN_SECONDS = 2;

export interface Window {
  startSec: number;
  endSec: number;
  /** 'name': chosen to show the business name; 'start': the first seconds. */
  why: 'name' | 'start';
}

/** The window of PROPOSED_SECONDS that shows the name most often (earliest on a tie). */
export function proposeWindow(durationSec: number, seenAt: readonly number[]): Window {
  const span = Math.min(PROPOSED_SECONDS, durationSec);
  const seen = [...seenAt].filter((t) => t >= 0 && t <= durationSec).sort((a, b) => a - b);
  if (seen.length === 0) return { startSec: 0, endSec: span, why: 'start' };
  let best: { start: number; count: number } | null = null;
  for (const t of seen) {
    const start = Math.max(0, Math.min(Math.floor(t - LEAD_IN_SECONDS), Math.floor(durationSec - span)));
    const count = seen.filter((s) => s >= start && s <= start + span).length;
    if (!best || count > best.count) best = { start, count };
  }
  return { startSec: best!.start, endSec: best!.start + span, why: 'name' };
}

function validStart(durationSec: number) {
  return (value: string): true | string => {
    const t = parseTimecode(value);
    if (t === null) return 'Type a time like 0:05 (minutes:seconds) or 5 (seconds).';
    if (t >= durationSec) return `The clip is only ${formatTimecode(durationSec)} long.`;
    return true;
  };
}

function validEnd(durationSec: number, start: number) {
  return (value: string): true | string => {
    const t = parseTimecode(value);
    if (t === null) return 'Type a time like 0:58 (minutes:seconds) or 58 (seconds).';
    if (t > durationSec + 0.5) return `The clip is only ${formatTimecode(durationSec)} long.`;
    if (t - start < 1) return `The end must come after the start (${formatTimecode(start)}).`;
    if (Math.min(t, durationSec) - start > LONGEST_SECONDS + 0.5) {
      return `That keeps ${formatTimecode(Math.min(t, durationSec) - start)}; keep at most 1:00 (end by ${formatTimecode(start + LONGEST_SECONDS)}).`;
    }
    return true;
  };
}

async function askOne(session: Session, media: Media, facts: ClipFacts): Promise<void> {
  const { c } = session;
  const proposal = proposeWindow(facts.durationSec, facts.seenAt);
  const range = `${formatTimecode(proposal.startSec)} to ${formatTimecode(proposal.endSec)}`;
  session.print(
    `\n${c.bold(`${media.file} is ${formatTimecode(facts.durationSec)} long.`)}\n` +
      c.dim(
        wrap(
          'Keep it under a minute: a long clip has to be squeezed into the email and comes out blurry. ' +
            '`appeal build` cuts the part you choose; your file stays as it is.',
          widthOf(session),
          '  ',
        ),
      ),
  );
  const choice = await session.prompts.select<'proposed' | 'type' | 'whole'>({
    message: 'Which part should be sent?',
    choices: [
      { value: 'proposed', name: proposal.why === 'name' ? `${range} (your business name is visible there)` : `the first ${Math.round(proposal.endSec)} seconds (${range})` },
      { value: 'type', name: 'another part: I type the start and end' },
      { value: 'whole', name: 'the whole clip' },
    ],
    default: 'proposed',
  });
  if (choice === 'whole') return;
  let start = proposal.startSec;
  let end = proposal.endSec;
  if (choice === 'type') {
    const typedStart = await session.prompts.input({
      message: 'Start (m:ss):',
      default: formatTimecode(proposal.startSec),
      prefill: 'editable',
      validate: validStart(facts.durationSec),
    });
    start = parseTimecode(typedStart)!;
    const typedEnd = await session.prompts.input({
      message: 'End (m:ss):',
      default: formatTimecode(Math.min(facts.durationSec, start + PROPOSED_SECONDS)),
      prefill: 'editable',
      validate: validEnd(facts.durationSec, start),
    });
    end = Math.min(parseTimecode(typedEnd)!, facts.durationSec);
  }
  media.trim = { start: formatTimecode(start), end: formatTimecode(end) };
  await session.save();
  session.print(
    c.green(`Saved: ${media.file} will be sent from ${media.trim.start} to ${media.trim.end}.`) +
      (media.caption ? c.dim(`\n  Check that your sentence still describes that part: "${media.caption}"`) : ''),
  );
}

/** Asks about every chosen video over a minute that has no trim yet. */
export async function askTrims(session: Session, inspect: InspectClip | undefined): Promise<void> {
  if (!inspect) return;
  for (const media of session.appeal.media) {
    if (media.trim || mediaKindOf(media.file) !== 'video') continue;
    const facts = await inspect(join(session.dir, media.file), session.appeal.business.name?.trim() || null);
    if (!facts || facts.durationSec <= LONGEST_SECONDS + 0.5) continue;
    await askOne(session, media, facts);
  }
}
