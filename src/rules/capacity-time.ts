import { capacityConflict, describeConflict } from '../appeal/capacity.js';
import type { Rule } from './types.js';

/**
 * A reviewer reads the weekly capacity next to the time per item and the team: "5000 a week"
 * from one person at 20 minutes a mug cannot be true, and an appeal that says it reads as
 * mass production. The numbers are read generously (shortest time, largest team), so this
 * speaks only when they cannot agree at all.
 */
export const capacityTime: Rule = {
  id: 'capacity-time',
  defaultSeverity: 'warning',
  description: 'Items per week fit the time per item and the number of people making them.',
  hint:
    'Check that your answers agree: items per week, time to make one item, and who makes them. ' +
    'If you work in batches, say so and give the hands-on time per item.',
  fixable: false,
  targets: ['appeal'],
  check(context) {
    const answers = context.appeal?.answers as Record<string, unknown> | undefined;
    if (!answers) return [];
    const conflict = capacityConflict(answers);
    if (!conflict) return [];
    return [{ message: `Your answers cannot all be true: ${describeConflict(conflict)}.` }];
  },
};
