/**
 * Appeal rounds: every notice Amazon sends is recorded in `rounds`, and `notice` is the one the
 * current round answers. A follow-up (after a rejection) or an acceptance starts the next round;
 * initial notices for other ASINs that arrive while the first round is open join it. Pure: the
 * folder work of a new round (keeping out/ as rounds/<n>/) is the CLI's.
 */
import type { Appeal, Notice, Round, Sent } from './schema.js';

export type NoticeEffect =
  /** The first notice of this appeal: round 1 (or the round a follow-up implies). */
  | 'first'
  /** The same notice read again (same kind, date and ASINs): it replaces its earlier reading. */
  | 'same'
  /** Another initial notice for the open first round: ASINs united, the earliest deadline kept. */
  | 'merged'
  /** A follow-up or acceptance: the next round begins. */
  | 'next-round';

export interface ReceivedNotice {
  appeal: Appeal;
  effect: NoticeEffect;
  /** The round the notice belongs to. */
  round: number;
  /** The round that ended when a new one began (its package is kept as rounds/<n>/). */
  ended: number | null;
}

/**
 * The rounds on record. A notice written into appeal.json by hand (or by a tool that knows no
 * rounds) counts as the round it implies, so the next notice still starts the right round.
 */
export function recordedRounds(appeal: Pick<Appeal, 'rounds'> & Partial<Pick<Appeal, 'notice'>>): Round[] {
  if (appeal.rounds.length > 0 || !appeal.notice) return appeal.rounds;
  return [{ round: appeal.notice.kind === 'follow-up' ? 2 : 1, notices: [appeal.notice] }];
}

/** The round being worked on: the last one recorded, or null before any notice was read. */
export function currentRound(appeal: Pick<Appeal, 'rounds'> & Partial<Pick<Appeal, 'notice'>>): Round | null {
  return recordedRounds(appeal).at(-1) ?? null;
}

/** Number of the round being worked on (1 before any notice was read). */
export function roundNumber(appeal: Pick<Appeal, 'rounds'> & Partial<Pick<Appeal, 'notice'>>): number {
  return currentRound(appeal)?.round ?? 1;
}

/** An acceptance closes the appeal. */
export function isClosed(appeal: Pick<Appeal, 'notice'>): boolean {
  return appeal.notice?.kind === 'acceptance';
}

function sameNotice(a: Notice, b: Notice): boolean {
  return (
    a.kind === b.kind &&
    (a.receivedAt ?? null) === (b.receivedAt ?? null) &&
    [...a.asins].sort().join(',') === [...b.asins].sort().join(',')
  );
}

function earliest(values: Array<string | undefined>): string | undefined {
  const dated = values.filter((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  return dated.sort((x, y) => Date.parse(x) - Date.parse(y))[0];
}

/**
 * One notice standing for several initial notices of the same round: every ASIN once, the
 * earliest deadline (the one that must be met), the questions of the notice that asks the most.
 */
export function mergeNotices(notices: readonly Notice[]): Notice {
  const [first, ...rest] = notices;
  if (!first) throw new Error('mergeNotices needs at least one notice');
  if (rest.length === 0) return structuredClone(first);
  const asking = [...notices].sort((a, b) => b.questions.length - a.questions.length)[0]!;
  const merged: Notice = {
    ...structuredClone(asking),
    asins: [...new Set(notices.flatMap((n) => n.asins))],
  };
  const receivedAt = earliest(notices.map((n) => n.receivedAt));
  const deadline = earliest(notices.map((n) => n.deadline));
  if (receivedAt) merged.receivedAt = receivedAt;
  else delete merged.receivedAt;
  if (deadline) merged.deadline = deadline;
  else delete merged.deadline;
  const replyTo = notices.find((n) => n.replyTo)?.replyTo;
  if (replyTo) merged.replyTo = replyTo;
  return merged;
}

/**
 * Records a notice that was just read. Nothing already recorded is dropped: a new round keeps
 * every earlier one, and the answers and photos carry over for revision.
 * `sentBefore` is what was built for the round that ends (when a new round begins).
 */
export function receiveNotice(
  appeal: Appeal,
  notice: Notice,
  options: { now?: Date; sentBefore?: Sent } = {},
): ReceivedNotice {
  const next = structuredClone(appeal);
  next.rounds = recordedRounds(next);
  const startedAt = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const open = currentRound(next);

  if (!open) {
    // A follow-up read first means round 1 happened without appeal (or before version 2).
    const round = notice.kind === 'follow-up' ? 2 : 1;
    next.rounds = [{ round, notices: [notice], startedAt }];
    next.notice = notice;
    return { appeal: next, effect: 'first', round, ended: null };
  }

  const again = open.notices.findIndex((known) => sameNotice(known, notice));
  if (again >= 0) {
    open.notices[again] = notice;
    next.notice = open.notices.length > 1 ? mergeNotices(open.notices) : notice;
    return { appeal: next, effect: 'same', round: open.round, ended: null };
  }

  const openIsInitial = open.notices.every((known) => known.kind === 'initial');
  if (notice.kind === 'initial' && openIsInitial && !open.sent) {
    open.notices.push(notice);
    next.notice = mergeNotices(open.notices);
    return { appeal: next, effect: 'merged', round: open.round, ended: null };
  }

  if (options.sentBefore) open.sent = options.sentBefore;
  const round = open.round + 1;
  next.rounds.push({ round, notices: [notice], startedAt });
  next.notice = notice;
  return { appeal: next, effect: 'next-round', round, ended: open.round };
}

/** Would this notice start a new round? (Asked before any folder is touched.) */
export function startsNewRound(appeal: Appeal, notice: Notice): boolean {
  const open = currentRound(appeal);
  if (!open || open.notices.some((known) => sameNotice(known, notice))) return false;
  const openIsInitial = open.notices.every((known) => known.kind === 'initial');
  return !(notice.kind === 'initial' && openIsInitial && !open.sent);
}

/** The first round's notice that asked the full set of questions (an initial notice), if any. */
export function firstRequest(appeal: Pick<Appeal, 'rounds'>): Notice | null {
  for (const round of appeal.rounds) {
    const initial = round.notices.filter((n) => n.kind === 'initial');
    if (initial.length > 0) return mergeNotices(initial);
  }
  return null;
}

/** When the acceptance arrived, for "accepted on <date>". */
export function acceptedAt(appeal: Pick<Appeal, 'notice'>): Date | null {
  const notice = appeal.notice;
  if (notice?.kind !== 'acceptance' || !notice.receivedAt) return null;
  const date = new Date(notice.receivedAt);
  return Number.isNaN(date.getTime()) ? null : date;
}
