import type { Rule } from './types.js';
import { usableMedia } from './util.js';

/** Amazon asks sellers to note the ASIN of the item each photo/video shows. */
export const asinLabel: Rule = {
  id: 'asin-label',
  defaultSeverity: 'error',
  description: 'Every photo and video names the ASIN of the item it shows.',
  hint: 'Write the ASIN of the item shown (B0 followed by 8 letters or digits, from Seller Central) for each photo.',
  fixable: false,
  check(context) {
    const hint =
      context.target === 'folder'
        ? 'Put the ASIN in the file name, e.g. B0EXAMPLE1-sanding.jpg, or describe the photos in appeal.json (`appeal init`).'
        : context.target === 'eml'
          ? 'Write a line naming the ASIN right above each photo in the Word file (and in the line introducing the video); `appeal build` does this from appeal.json.'
          : 'Add the ASIN of the item shown to this photo\'s "asins" in appeal.json, or run `appeal init` again.';
    return usableMedia(context.files)
      .filter((f) => f.asins.length === 0)
      .map((f) => ({
        file: f.file,
        hint,
        message: `${f.file} has no ASIN: Amazon needs the ASIN of the item each ${f.kind === 'video' ? 'video' : 'photo'} shows.`,
      }));
  },
};
