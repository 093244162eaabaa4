import { DEFAULT_DAYS } from '../appeal/notice.js';
import { deadlineInfo } from '../appeal/progress.js';
import { parseReceived } from './prepare.js';
import type { Session } from './session.js';

/**
 * A pasted (.txt) notice has no Date header, so the deadline is unknown: ask when the
 * email arrived and work the deadline out from the days the notice gives.
 */
export function needsReceivedDate(session: Session): boolean {
  const notice = session.appeal.notice;
  return Boolean(notice && notice.kind !== 'acceptance' && !notice.receivedAt && !notice.deadline);
}

export async function askReceived(session: Session, now: Date = new Date()): Promise<void> {
  const notice = session.appeal.notice;
  if (!notice || !needsReceivedDate(session)) return;
  const today = now.toISOString().slice(0, 10);
  const typed = await session.prompts.input({
    message: `When did Amazon's email arrive? (date and time as in your mailbox, e.g. ${today} 14:03)`,
    default: today,
    validate: (value) => {
      try {
        parseReceived(value);
        return true;
      } catch {
        return `Type a date like ${today} or ${today} 14:03.`;
      }
    },
  });
  const received = parseReceived(typed);
  const days = notice.days ?? DEFAULT_DAYS[notice.kind] ?? 5;
  // Same form as the notice reader writes: whole seconds, "Z".
  const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, 'Z');
  notice.receivedAt = iso(received);
  notice.deadline = iso(new Date(received.getTime() + days * 24 * 3600 * 1000));
  await session.save();
  const info = deadlineInfo(session.appeal, now);
  if (info) session.print(info.overdue ? session.c.red(info.text) : session.c.dim(info.text));
}
