import type { Rule } from './types.js';
import { duplicatePairs } from './util.js';

export const duplicatePhoto: Rule = {
  id: 'duplicate-photo',
  defaultSeverity: 'warning',
  description: 'No photo twice (also resized or re-saved copies).',
  hint: 'Replace one of them with a photo of a different production step; the same photo twice counts once.',
  fixable: false,
  check(context) {
    return duplicatePairs(context.files).map(({ first, second }) => ({
      file: second.file,
      message: `${second.file} and ${first.file} look like the same photo: the same photo twice counts once.`,
    }));
  },
};
