import type { Rule } from './types.js';
import { mediaReadFor } from './util.js';

/**
 * Amazon does not accept a business name or logo added to a photo or video afterwards (a
 * digital watermark, an editing app's caption): it must be physically there, on paper or a
 * card. Where the reader found the name but it looks added, this warns instead of counting the
 * photo as showing the name. A warning, not an error: the evidence is a measurement (see
 * media/ocr/overlay.ts), not a certainty.
 */
export const businessNameOverlay: Rule = {
  id: 'business-name-overlay',
  defaultSeverity: 'warning',
  description: 'The business name is printed and photographed, not added onto the photo or video afterwards.',
  hint:
    'Amazon does not accept a name or logo added in editing. Print your business name on paper or a card, ' +
    'put it in the picture and take the photo (or film the clip) again.',
  fixable: false,
  needs: ['names'],
  check(context) {
    const { name, files } = mediaReadFor(context, (f) => Boolean(f.businessName?.overlay));
    return files.map((f) => ({
      file: f.file,
      message:
        `${f.file}: "${f.businessName!.text ?? name}" looks added onto the ${f.kind === 'video' ? 'video' : 'photo'} afterwards, ` +
        `not printed and photographed${f.businessName!.overlayReason ? ` (${f.businessName!.overlayReason})` : ''}; it does not count as showing your name.`,
    }));
  },
};
