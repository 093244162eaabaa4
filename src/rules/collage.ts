import type { Rule } from './types.js';
import { photoFindings } from './util.js';

export const COLLAGE_MIN_SCORE = 0.6;

export const collage: Rule = {
  id: 'collage',
  defaultSeverity: 'warning',
  description: 'One photo per image, no collages.',
  hint: 'Send the photos of a collage as separate files (each showing your business name); 3 to 5 in total.',
  fixable: false,
  check: (context) =>
    photoFindings(context.files, (f) =>
      f.pixels && f.pixels.collage >= COLLAGE_MIN_SCORE ? `${f.file} looks like a collage of several photos: one photo per image.` : null,
    ),
};
