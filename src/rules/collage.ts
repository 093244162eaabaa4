import type { Rule } from './types.js';
import { usableImages } from './util.js';

export const COLLAGE_MIN_SCORE = 0.6;

export const collage: Rule = {
  id: 'collage',
  defaultSeverity: 'warning',
  description: 'One photo per image, no collages.',
  hint: 'Send the photos of a collage as separate files (each showing your business name); 3 to 5 in total.',
  fixable: false,
  check(context) {
    return usableImages(context.files)
      .filter((f) => f.pixels && f.pixels.collage >= COLLAGE_MIN_SCORE)
      .map((f) => ({ file: f.file, message: `${f.file} looks like a collage of several photos: one photo per image.` }));
  },
};
