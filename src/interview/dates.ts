import * as chrono from 'chrono-node';

/**
 * When Amazon's email arrived, as a seller copies it from their mail program:
 * "Nov 29, 2026 at 9:14 AM", "11/29/2026 9:14 AM", "29/11/2026 09:14",
 * "Sun, 29 Nov 2026 09:14:00 -0800", "2026-11-29 14:03", "yesterday 9:14".
 * A time without a zone is the seller's local time (that is what mail programs show).
 * Never guesses where a wrong guess would move the deadline: a numeric day/month that reads
 * both ways (11/12) is returned as two readings for the seller to choose from.
 */

export type ReceivedReading =
  | { kind: 'date'; date: Date; /** no time of day was given: the start of that day is used */ dayOnly: boolean }
  | { kind: 'ambiguous'; readings: [Date, Date]; dayOnly: boolean }
  | { kind: 'invalid'; reason: string };

/** Numeric dates: 11/12/2026, 29.11.2026, 11-12-26 (not ISO, which starts with the year). */
const NUMERIC = /^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})\b/;

/** A received date this far in the future is a typo, not a clock difference. */
const FUTURE_SLACK_MS = 60 * 60 * 1000;

function startOfLocalDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function readWith(parser: chrono.Chrono, text: string, now: Date): { date: Date; dayOnly: boolean } | null | 'partial' {
  const results = parser.parse(text, now, { forwardDate: false });
  const result = results[0];
  if (!result) return null;
  // The date must be (nearly) all that was typed: "5 mugs" is not a date.
  const rest = (text.slice(0, result.index) + text.slice(result.index + result.text.length)).replace(/[\s,.;()]+/g, '');
  if (rest.length > 0 || results.length > 1) return 'partial';
  if (!result.start.isCertain('day') && !result.start.isCertain('weekday')) return 'partial';
  let date = result.start.date();
  const dayOnly = !result.start.isCertain('hour');
  // "Nov 29" without a year: the most recent Nov 29, since the email has already arrived.
  if (!result.start.isCertain('year') && date.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    date = new Date(date);
    date.setFullYear(date.getFullYear() - 1);
  }
  // Without a time, count from the start of the day: the deadline can only come out earlier
  // than Amazon's, never later.
  if (dayOnly) date = startOfLocalDay(date);
  return { date, dayOnly };
}

export function readReceivedDate(text: string, now: Date = new Date()): ReceivedReading {
  const typed = text.trim();
  if (!typed) return { kind: 'invalid', reason: 'Type the date and time the email arrived.' };
  const numeric = NUMERIC.exec(typed);
  let reading: ReturnType<typeof readWith>;
  if (numeric) {
    const first = Number(numeric[1]);
    const second = Number(numeric[3]);
    const monthFirst = readWith(chrono.en.casual, typed, now);
    const dayFirst = readWith(chrono.en.GB, typed, now);
    reading = first > 12 ? dayFirst : monthFirst;
    if (first <= 12 && second <= 12 && first !== second) {
      const both = [monthFirst, dayFirst].filter((r): r is { date: Date; dayOnly: boolean } => r !== null && r !== 'partial');
      // A reading in the future cannot be when the email arrived: only the other one is left.
      const past = both.filter((r) => r.date.getTime() <= now.getTime() + FUTURE_SLACK_MS);
      if (past.length === 2) return { kind: 'ambiguous', readings: [past[0]!.date, past[1]!.date], dayOnly: past[0]!.dayOnly };
      if (past.length === 1) reading = past[0]!;
    }
  } else {
    reading = readWith(chrono.en.casual, typed, now);
  }
  if (reading === null || reading === 'partial') {
    return {
      kind: 'invalid',
      reason:
        reading === 'partial'
          ? `"${typed}" does not say which day. Copy the date shown in your mail program, e.g. "Nov 29, 2026 at 9:14 AM".`
          : `"${typed}" is not a date. Copy the date shown in your mail program, e.g. "Nov 29, 2026 at 9:14 AM".`,
    };
  }
  if (Number.isNaN(reading.date.getTime())) return { kind: 'invalid', reason: `"${typed}" is not a date.` };
  if (reading.date.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    return { kind: 'invalid', reason: `${describeDay(reading.date, reading.dayOnly)} is in the future: the email has already arrived.` };
  }
  return { kind: 'date', ...reading };
}

/**
 * "Sunday 29 November 2026, 09:14 (your local time)": the day spelled out, so a misread
 * (11/12 read the wrong way) is seen before it is saved. Written in the machine's local time,
 * the one the seller's mail program shows.
 */
export function describeDay(date: Date, dayOnly = false): string {
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
  if (dayOnly) return day;
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  return `${day}, ${time}`;
}

/** The zone the seller's times are read in, for the confirmation line ("Europe/Berlin"). */
export function localZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
