/**
 * What `appeal init` (when a notice starts a round) and `appeal status` tell the seller about
 * the rounds: which round, the deadline in their own time zone and in UTC, what a follow-up
 * says was not sufficient and asks for, and the end of the appeal on acceptance.
 */
import { deadlineOf, formatDue, formatDuration, formatLocal } from '../appeal/progress.js';
import { acceptedAt, roundNumber } from '../appeal/rounds.js';
import type { Appeal } from '../appeal/schema.js';

export interface RoundTextOptions {
  now: Date;
  /** The seller's time zone; the machine's when absent. */
  timeZone?: string;
}

/** "Due Thu 26 Nov 10:30 GMT+1 (09:30 UTC): 1 day 23 hours left", or the overdue form. */
export function deadlineLine(appeal: Appeal, options: RoundTextOptions): string | null {
  const due = deadlineOf(appeal);
  if (!due || Number.isNaN(due.getTime())) return null;
  const left = due.getTime() - options.now.getTime();
  const local = formatLocal(due, options.timeZone);
  const utc = formatDue(due);
  // Local time first (that is when the seller must act); UTC too, unless they are the same.
  const when = local === utc ? utc : `${local} (${utc})`;
  if (left >= 0) return `Due ${when}: ${formatDuration(left)} left.`;
  return `The deadline passed ${formatDuration(-left)} ago (${when}). Send the appeal anyway: Amazon still reviews late appeals, even once the Handmade listings went inactive.`;
}

/** "Round 2 (follow-up notice of Tue 24 Nov ...)". */
export function roundLine(appeal: Appeal, options: RoundTextOptions): string {
  const notice = appeal.notice;
  if (!notice) return 'No notice read yet.';
  const received = notice.receivedAt ? ` of ${formatLocal(new Date(notice.receivedAt), options.timeZone)}` : '';
  return `Round ${roundNumber(appeal)}: ${notice.kind} notice${received}.`;
}

/** What a follow-up says was not enough and what it asks for again, first thing the seller reads. */
export function followUpLines(appeal: Appeal): string[] {
  const notice = appeal.notice;
  if (notice?.kind !== 'follow-up') return [];
  const lines: string[] = [];
  if (notice.reason) lines.push(`Amazon's follow-up says: "${notice.reason}"`);
  const asks = notice.questions.map((q) => q.text);
  if (asks.length > 0) {
    lines.push('It asks for:');
    for (const text of asks) lines.push(`  - ${text}`);
  }
  lines.push(
    'Your answers carry over: the new document answers every question again in full. Check the photos first (a readable business name in each, the ASIN of each item shown).',
    'Sellers who resent the same answers without the video, saying nothing of it, were accepted: appeal build --no-video makes that variant.',
  );
  return lines;
}

/** The closing line of an accepted appeal, or null while it is open. */
export function acceptedLine(appeal: Appeal, options: RoundTextOptions): string | null {
  if (appeal.notice?.kind !== 'acceptance') return null;
  const when = acceptedAt(appeal);
  const date = when ? ` on ${formatLocal(when, options.timeZone)}` : '';
  const kept = appeal.rounds.filter((r) => r.sent?.folder).map((r) => `${r.sent!.folder}/`);
  return `Amazon accepted the appeal${date}. Nothing more to send${kept.length > 0 ? `; every round is kept (${kept.join(', ')})` : ''}.`;
}
