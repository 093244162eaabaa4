import { deadlineOf, formatDue, formatDuration } from '../appeal/progress.js';
import type { Appeal } from '../appeal/schema.js';
import type { CheckContext, Rule } from './types.js';

const DAY_MS = 24 * 3600 * 1000;

/** Milliseconds left before the notice's deadline, or null when there is none to count down to. */
function timeLeft(context: CheckContext): { due: Date; left: number } | null {
  const appeal: Appeal | null = context.appeal;
  if (!appeal) return null;
  const due = deadlineOf(appeal);
  if (!due || Number.isNaN(due.getTime())) return null;
  return { due, left: due.getTime() - context.now.getTime() };
}

/**
 * A passed deadline is not the end: Amazon still reads appeals after the listings went inactive,
 * and sellers who kept appealing were reinstated. So it is a warning, and the build goes on.
 */
export const deadlinePassed: Rule = {
  id: 'deadline-passed',
  defaultSeverity: 'warning',
  description: "The notice's deadline has passed: send the appeal anyway, as soon as it is ready.",
  hint: 'Send it anyway: Amazon still reviews appeals after the deadline, even once the Handmade listings went inactive, and reinstates them when the appeal is accepted.',
  fixable: false,
  check(context) {
    const time = timeLeft(context);
    if (!time || time.left >= 0) return [];
    return [{ message: `The notice's deadline passed ${formatDuration(-time.left)} ago (it was due ${formatDue(time.due)}).` }];
  },
};

/** Less than a day left: send what is complete today rather than a better reply too late. */
export const deadlineSoon: Rule = {
  id: 'deadline-soon',
  defaultSeverity: 'warning',
  description: "Less than a day is left before the notice's deadline.",
  hint: 'Send what you have today; a complete reply on time beats a perfect one too late.',
  fixable: false,
  check(context) {
    const time = timeLeft(context);
    if (!time || time.left < 0 || time.left >= DAY_MS) return [];
    return [{ message: `Only ${formatDuration(time.left)} left before the notice's deadline (${formatDue(time.due)}).` }];
  },
};
