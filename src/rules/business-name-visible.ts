import type { CheckedFile, Finding, Rule } from './types.js';

/**
 * Each photo and video must show the business name or logo, physically present (a card, a
 * printed sign) and large enough to read on screen: a missing or tiny name is the most common
 * reason a first appeal fails. Reports only when OCR ran and the business name is known; a file
 * OCR did not look at (businessName null) is not judged.
 */

const HINT =
  'Print your business name large on a sheet of paper or a card, hold it close to the camera ' +
  '(it should fill about a third of the picture), make sure it is in focus and well lit, then take the photo again.';

const VIDEO_HINT =
  'Film your business card or a printed sign with your business name close to the camera for a few seconds, ' +
  'in focus, at the start, middle and end of the clip (or keep it in view throughout).';

function describe(file: CheckedFile, name: string): Finding {
  const reason = file.businessName?.reason;
  return {
    file: file.file,
    message: `${file.file} does not show "${name}" readably${reason ? ` (${reason})` : ''}.`,
    hint: file.kind === 'video' ? VIDEO_HINT : HINT,
  };
}

export const businessNameVisible: Rule = {
  id: 'business-name-visible',
  defaultSeverity: 'error',
  description: 'Every photo and video shows your business name or logo, large and readable.',
  hint: HINT,
  fixable: false,
  check(context) {
    const name = context.businessName?.trim();
    if (!context.ocr || !name) return [];
    return context.files
      .filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error && f.businessName && !f.businessName.found)
      .map((f) => describe(f, name));
  },
};
