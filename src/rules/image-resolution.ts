import type { Rule } from './types.js';
import { photoFindings } from './util.js';

/**
 * A business card a metre from the lens is only readable with enough pixels; below about
 * 1000 px on the short side (1200 on the long) a sign's letters are a few pixels tall.
 */
export const MIN_SHORT_SIDE = 1000;
export const MIN_LONG_SIDE = 1200;

export const imageResolution: Rule = {
  id: 'image-resolution',
  defaultSeverity: 'warning',
  description: 'Photos large enough to read a business card or sign (at least 1000 px on the short side).',
  hint: 'Send the original photo from your phone (not a screenshot, thumbnail or messenger copy); `appeal build` scales it down itself.',
  fixable: false,
  check: (context) =>
    photoFindings(context.files, ({ file, width, height }) =>
      width !== null && height !== null && (Math.min(width, height) < MIN_SHORT_SIDE || Math.max(width, height) < MIN_LONG_SIDE)
        ? `${file} is only ${width}×${height} px: too small to read a sign.`
        : null,
    ),
};
