import type { Rule } from './types.js';
import { DARK_BRIGHTNESS } from './image-dark.js';
import { photoFindings } from './util.js';

/**
 * Variance of the Laplacian on the probe's 512 px greyscale copy (PixelStats.sharpness), below
 * which a photo is too soft to read a sign. Measured on generated workbench photos (1600x1200,
 * 1200x1600 and 4032x3024, three scenes each, with and without a printed sign): sharp ones scored
 * 55-120 without a sign and 566-708 with one; blurred by a Gaussian of 2.5 px at the 512 px scale
 * (8 px on a 1600 px photo: a large sign's letters smear together) they scored 4-11. 20 sits
 * below every sharp photo by a factor of 2.7 and above every heavily blurred one. Judged at
 * screen scale on purpose: a blur only visible at 100% zoom does not hide a sign.
 */
export const BLUR_MAX_SHARPNESS = 20;

export const imageBlur: Rule = {
  id: 'image-blur',
  defaultSeverity: 'warning',
  description: 'Photos in focus, so the business name can be read.',
  hint: 'Take it again holding the phone still, tapping the screen on the business card to focus; a blurry photo may be disqualified.',
  fixable: false,
  check: (context) =>
    photoFindings(context.files, ({ file, pixels }) =>
      // Darkness lowers contrast and so the score; image-dark reports those photos already.
      pixels && pixels.brightness >= DARK_BRIGHTNESS && pixels.sharpness < BLUR_MAX_SHARPNESS
        ? `${file} looks blurry (sharpness ${Math.round(pixels.sharpness)}; in-focus photos score over ${BLUR_MAX_SHARPNESS}).`
        : null,
    ),
};
