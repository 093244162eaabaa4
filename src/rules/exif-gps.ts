import type { Rule } from './types.js';
import { usableMedia } from './util.js';

export const exifGps: Rule = {
  id: 'exif-gps',
  defaultSeverity: 'warning',
  description: 'No GPS location (often your home address) in the files you send.',
  hint: '`appeal build` removes the location from the copies it sends; your originals stay as they are.',
  fixable: true,
  check(context) {
    return usableMedia(context.files)
      .filter((f) => f.hasGps)
      .map((f) => ({ file: f.file, message: `${f.file} records the GPS location where it was taken.` }));
  },
};
