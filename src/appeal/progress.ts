import { describeUnfinished, unfinishedParts } from './finished.js';
import { answerSlots, questionsOf } from './questions.js';
import type { Appeal } from './schema.js';

/**
 * What is still missing before the appeal can be built, and how much time is left.
 * Pure: no files are read, `now` is passed in. Used by `appeal status`, by `init --yes`
 * and at the end of the interview.
 */

export const MIN_MEDIA = 3;
export const MAX_MEDIA = 5;

export type MissingKind =
  | 'business-name'
  | 'answer'
  | 'placeholder'
  | 'media-count'
  | 'media-asin'
  | 'media-caption'
  | 'media-file';

export interface MissingItem {
  kind: MissingKind;
  /** Where in appeal.json: "answers.design", "media", "media[2].asins", "business.name". */
  field: string;
  /** The field plus a short reason, for lists: "media (3-5 photos needed, 1 given)". */
  label: string;
}

export interface DeadlineInfo {
  /** ISO date of the deadline. */
  due: string;
  /** Milliseconds left; negative when overdue. */
  msLeft: number;
  overdue: boolean;
  /** "2 days 5 hours left (due Wed 25 Nov 14:03 UTC)" or "OVERDUE by 3 hours (was due ...)". */
  text: string;
}

export interface Progress {
  items: MissingItem[];
  /** null when no deadline is known (no notice, or a notice without dates). */
  deadline: DeadlineInfo | null;
  /** Answer slots answered / asked (optional ones included). */
  answered: number;
  total: number;
  complete: boolean;
}

/** Questions a seller may leave empty: "anything else you want us to know". */
export const OPTIONAL_ANSWERS: ReadonlySet<string> = new Set(['additional']);

/** Text still carrying template leftovers ("[your material]", TODO, an example ASIN): see finished.ts. */
export function hasPlaceholder(text: string): boolean {
  return unfinishedParts(text).length > 0;
}

/** True when the answer slot holds a usable value (a number, or non-blank text). */
export function isAnswered(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.trim() !== '';
  return false;
}

export function missingItems(appeal: Appeal, now: Date = new Date()): Progress {
  const items: MissingItem[] = [];

  if (!appeal.business.name?.trim()) {
    items.push({ kind: 'business-name', field: 'business.name', label: 'business.name' });
  }

  const slots = answerSlots(questionsOf(appeal));
  let answered = 0;
  for (const slot of slots) {
    const value = (appeal.answers as Record<string, unknown>)[slot.id];
    if (isAnswered(value)) {
      answered++;
      const left = typeof value === 'string' ? unfinishedParts(value)[0] : undefined;
      if (left) {
        items.push({
          kind: 'placeholder',
          field: `answers.${slot.id}`,
          label: `answers.${slot.id} (not finished: ${describeUnfinished(left)})`,
        });
      }
    } else if (OPTIONAL_ANSWERS.has(slot.id)) {
      // An empty "anything else?" is a valid answer: count it once it has been asked.
      if (slot.id in appeal.answers) answered++;
    } else {
      items.push({ kind: 'answer', field: `answers.${slot.id}`, label: `answers.${slot.id}` });
    }
  }

  if (asksForMedia(appeal)) {
    const count = appeal.media.length;
    if (count < MIN_MEDIA) {
      items.push({
        kind: 'media-count',
        field: 'media',
        label: `media (${MIN_MEDIA}-${MAX_MEDIA} photos needed, ${count} given)`,
      });
    } else if (count > MAX_MEDIA) {
      items.push({
        kind: 'media-count',
        field: 'media',
        label: `media (at most ${MAX_MEDIA} photos/videos, ${count} given)`,
      });
    }
    appeal.media.forEach((media, index) => {
      if (media.asins.length === 0) {
        items.push({
          kind: 'media-asin',
          field: `media[${index}].asins`,
          label: `media[${index}].asins (which ASIN does ${media.file} show?)`,
        });
      }
      if (!media.caption?.trim()) {
        items.push({
          kind: 'media-caption',
          field: `media[${index}].caption`,
          label: `media[${index}].caption (one sentence of what happens in ${media.file})`,
        });
      } else {
        const left = unfinishedParts(media.caption)[0];
        if (left) {
          items.push({
            kind: 'placeholder',
            field: `media[${index}].caption`,
            label: `media[${index}].caption (not finished: ${describeUnfinished(left)})`,
          });
        }
      }
    });
  }

  return {
    items,
    deadline: deadlineInfo(appeal, now),
    answered,
    total: slots.length,
    complete: items.length === 0,
  };
}

/** An acceptance email asks nothing; every other notice (and no notice) needs the photos. */
function asksForMedia(appeal: Appeal): boolean {
  return appeal.notice?.kind !== 'acceptance';
}

/** The deadline from the notice, or received date + the days it gives. */
export function deadlineOf(appeal: Appeal): Date | null {
  const notice = appeal.notice;
  if (!notice || notice.kind === 'acceptance') return null;
  if (notice.deadline) return new Date(notice.deadline);
  if (notice.receivedAt && notice.days) {
    return new Date(Date.parse(notice.receivedAt) + notice.days * 24 * 3600 * 1000);
  }
  return null;
}

export function deadlineInfo(appeal: Appeal, now: Date): DeadlineInfo | null {
  const due = deadlineOf(appeal);
  if (!due || Number.isNaN(due.getTime())) return null;
  const msLeft = due.getTime() - now.getTime();
  const overdue = msLeft < 0;
  const when = formatDue(due);
  const text = overdue
    ? `OVERDUE by ${formatDuration(-msLeft)} (was due ${when})`
    : `${formatDuration(msLeft)} left (due ${when})`;
  return { due: due.toISOString(), msLeft, overdue, text };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Wed 25 Nov 14:03 UTC": UTC so the text is the same on every machine and in tests. */
export function formatDue(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${hh}:${mm} UTC`;
}

/**
 * "Thu 26 Nov 10:30 CET" in the seller's own time zone (the machine's unless given), for the
 * countdown next to the UTC time: a deadline read in the wrong zone is hours off.
 */
export function formatLocal(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`.trim();
}

function unit(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Two most significant units, rounded down: "2 days 5 hours", "3 hours", "12 minutes". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return mins > 0 ? unit(mins, 'minute') : 'less than a minute';
}
