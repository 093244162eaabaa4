import { normalizeAsin } from '../appeal/asin.js';
import type { Rule } from './types.js';
import { listWords, usableMedia } from './util.js';

/** The seller's guide advises showing at least one item the notice named. */
export const asinNotified: Rule = {
  id: 'asin-notified',
  defaultSeverity: 'warning',
  description: 'At least one photo or video shows an item the notice named.',
  hint: 'Photograph yourself making one of the items the notice named and label that photo with its ASIN.',
  fixable: false,
  check(context) {
    const named = new Set(context.notifiedAsins.map(normalizeAsin));
    if (named.size === 0) return [];
    // With no labelled media there is nothing to compare yet: asin-label and photo-count say so.
    const shown = usableMedia(context.files).flatMap((f) => f.asins);
    if (shown.length === 0) return [];
    if (shown.some((asin) => named.has(normalizeAsin(asin)))) return [];
    const list = [...named];
    return [
      {
        message: `No photo or video shows an item the notice named (${listWords(list.slice(0, 4))}${list.length > 4 ? ', ...' : ''}).`,
      },
    ];
  },
};
