import { DEFAULT_DAYS } from '../appeal/notice.js';
import { deadlineInfo } from '../appeal/progress.js';
import type { Notice } from '../appeal/schema.js';
import { describeDay, localZoneName, readReceivedDate } from './dates.js';
import type { Session } from './session.js';

/**
 * A pasted (.txt) notice has no Date header, so the deadline is unknown: ask when the
 * email arrived and work the deadline out from the days the notice gives.
 */
export function needsReceivedDate(session: Session): boolean {
  const notice = session.appeal.notice;
  return Boolean(notice && notice.kind !== 'acceptance' && !notice.receivedAt && !notice.deadline);
}

/** Same form as the notice reader writes: whole seconds, "Z". */
const iso = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** Sets receivedAt and the deadline it gives (received + the notice's days). */
export function setReceived(notice: Notice, received: Date): Date {
  const days = notice.days ?? DEFAULT_DAYS[notice.kind] ?? 5;
  const deadline = new Date(received.getTime() + days * 24 * 3600 * 1000);
  notice.receivedAt = iso(received);
  notice.deadline = iso(deadline);
  return deadline;
}

const AGAIN = 'again';

/**
 * Asks until the seller confirms the day we understood. No default: a guessed date (today)
 * would move the deadline without anyone noticing.
 */
export async function askReceived(session: Session, now: Date = new Date()): Promise<void> {
  const notice = session.appeal.notice;
  if (!notice || !needsReceivedDate(session)) return;
  const { c, prompts } = session;
  for (;;) {
    const typed = await prompts.input({
      message: "When did Amazon's email arrive? Copy the date from your mail program (e.g. Nov 29, 2026 at 9:14 AM):",
      validate: (value) => {
        const reading = readReceivedDate(value, now);
        return reading.kind === 'invalid' ? reading.reason : true;
      },
    });
    const reading = readReceivedDate(typed, now);
    if (reading.kind === 'invalid') continue;
    let received: Date;
    let dayOnly = reading.dayOnly;
    if (reading.kind === 'ambiguous') {
      const [a, b] = reading.readings;
      const picked = await prompts.select<string>({
        message: `"${typed.trim()}" can be read two ways. Which day did the email arrive?`,
        choices: [
          { value: 'a', name: describeDay(a, dayOnly) },
          { value: 'b', name: describeDay(b, dayOnly) },
          { value: AGAIN, name: 'Neither: type the date again' },
        ],
      });
      if (picked === AGAIN) continue;
      received = picked === 'a' ? a : b;
    } else {
      received = reading.date;
      dayOnly = reading.dayOnly;
    }
    const days = notice.days ?? DEFAULT_DAYS[notice.kind] ?? 5;
    const deadline = new Date(received.getTime() + days * 24 * 3600 * 1000);
    session.print(
      `Understood: the email arrived ${c.bold(describeDay(received, dayOnly))}` +
        c.dim(` (${localZoneName()} time${dayOnly ? '; no time given, so counting from the start of that day' : ''})`) +
        `.\nThe reply is due ${days} day${days === 1 ? '' : 's'} later: ${c.bold(describeDay(deadline, dayOnly))}.`,
    );
    const right = await prompts.confirm({ message: 'Is that right?', default: true });
    if (!right) continue;
    setReceived(notice, received);
    await session.save();
    break;
  }
  const info = deadlineInfo(session.appeal, now);
  if (info) session.print(info.overdue ? c.red(info.text) : c.dim(info.text));
}
