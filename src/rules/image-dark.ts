import type { Rule } from './types.js';
import { photoFindings } from './util.js';

/** Mean luminance (0..255) below which a phone photo is underexposed enough to hide a printed name. */
export const DARK_BRIGHTNESS = 50;

export const imageDark: Rule = {
  id: 'image-dark',
  defaultSeverity: 'warning',
  description: 'Photos bright enough to see your hands, the item and your business name.',
  hint: 'Take it again near a window or under a lamp; a dark photo hides the business name Amazon looks for.',
  fixable: false,
  check: (context) =>
    photoFindings(context.files, ({ file, pixels }) =>
      pixels && pixels.brightness < DARK_BRIGHTNESS ? `${file} is very dark (brightness ${Math.round(pixels.brightness)} of 255).` : null,
    ),
};
