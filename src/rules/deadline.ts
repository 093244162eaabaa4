import { deadlineOf, formatDue, formatDuration } from '../appeal/progress.js';
import type { Rule } from './types.js';

const DAY_MS = 24 * 3600 * 1000;

export const deadline: Rule = {
  id: 'deadline',
  defaultSeverity: 'error',
  description: 'The reply reaches Amazon before the notice\'s deadline.',
  hint: 'Send the appeal today: Amazon may still read a late reply, but Handmade selling ends once the deadline passes.',
  fixable: false,
  check(context) {
    if (!context.appeal) return [];
    const due = deadlineOf(context.appeal);
    if (!due || Number.isNaN(due.getTime())) return [];
    const left = due.getTime() - context.now.getTime();
    if (left < 0) {
      return [{ message: `The notice's deadline passed: overdue by ${formatDuration(-left)} (was due ${formatDue(due)}).` }];
    }
    if (left < DAY_MS) {
      return [
        {
          severity: 'warning',
          message: `Only ${formatDuration(left)} left before the notice's deadline (${formatDue(due)}).`,
          hint: 'Send what you have today; a complete reply on time beats a perfect one too late.',
        },
      ];
    }
    return [];
  },
};
