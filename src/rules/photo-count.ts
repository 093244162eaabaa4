import type { Rule } from './types.js';
import { distinctMediaCount, duplicatePairs, plural, usableMedia } from './util.js';

import { MAX_MEDIA as MAX, MIN_MEDIA as MIN } from '../appeal/progress.js';

/** Amazon asks for 3 to 5 photos or videos. (Exactly 3, with nothing to spare, is photo-spare's advice.) */
export const photoCount: Rule = {
  id: 'photo-count',
  defaultSeverity: 'error',
  description: 'Send 3 to 5 photos or videos in total.',
  hint: 'Amazon counts 3 to 5 photos or videos of your production process; 4 or 5 leaves room if one is disqualified.',
  fixable: false,
  check(context) {
    // An acceptance email asks for nothing more.
    if (context.appeal?.notice?.kind === 'acceptance') return [];
    const sent = usableMedia(context.files).length;
    const distinct = distinctMediaCount(context.files);
    const duplicates = duplicatePairs(context.files).length;
    const sameNote = duplicates > 0 ? ' (the same photo twice counts once)' : '';
    if (sent > MAX) {
      return [
        {
          message: `${plural(sent, 'photo or video', 'photos and videos')}: Amazon accepts at most ${MAX}.`,
          hint: 'Keep the 4 or 5 that show your hands at work and your business name best; remove the rest.',
        },
      ];
    }
    if (distinct === 0) {
      return [
        {
          message: 'No photos or videos to send: Amazon asks for 3 to 5.',
          hint: 'Add 4 or 5 photos (JPEG, PNG) or one short MP4 video of you making your items, each showing your business name.',
        },
      ];
    }
    if (distinct < MIN) {
      return [
        {
          message: `Only ${plural(distinct, 'different photo or video', 'different photos and videos')}${sameNote}: Amazon asks for at least ${MIN}.`,
          hint: 'Add photos of other production steps until you have 4 or 5, each showing your business name.',
        },
      ];
    }
    return [];
  },
};

/** Sellers advise 4 or 5: with exactly 3, one disqualified photo fails the appeal. */
export const photoSpare: Rule = {
  id: 'photo-spare',
  defaultSeverity: 'warning',
  description: 'Send 4 or 5 photos or videos, so one can be disqualified without failing the appeal.',
  hint: 'Add one or two more photos of another production step, each showing your business name.',
  fixable: false,
  check(context) {
    if (context.appeal?.notice?.kind === 'acceptance') return [];
    if (usableMedia(context.files).length > MAX) return [];
    if (distinctMediaCount(context.files) !== MIN) return [];
    const sameNote = duplicatePairs(context.files).length > 0 ? ' (the same photo twice counts once)' : '';
    return [{ message: `Only ${MIN} different photos or videos${sameNote}: give 4 or 5 in case one is disqualified.` }];
  },
};
