import type { CheckedFile, Finding, Rule } from './types.js';
import { mediaReadFor } from './util.js';

/**
 * Each photo and video must show the business name or logo, physically present (a card, a
 * printed sign) and large enough to read on screen: a missing or tiny name is the most common
 * reason a first appeal fails. An error, because the appeal fails without it; but only where
 * the reader is sure: nothing resembling the name was read at all. Doubtful misses (part of the
 * name read, a file the reader could not process) are business-name-unsure, a warning; a photo
 * the seller confirmed is business-name-confirmed, a note. Reports only when OCR ran and the
 * business name is known; a file OCR did not look at (businessName null) is not judged.
 */

export const NAME_HINT =
  'Print your business name large on a sheet of paper or a card, hold it close to the camera ' +
  '(it should fill about a third of the picture), make sure it is in focus and well lit, then take the photo again.';

export const VIDEO_NAME_HINT =
  'Film your business card or a printed sign with your business name close to the camera for a few seconds, ' +
  'in focus, at the start, middle and end of the clip (or keep it in view throughout).';

/** What the seller can do when they can read the name themselves. */
export const CONFIRM_HINT =
  'If a person can read your business name in it (look at the contact sheet: `appeal check --sheet sheet.png`), ' +
  'confirm it in `appeal init`, or add "nameConfirmed": true to this file\'s entry in appeal.json.';

/** Read, found nothing like the name, not vouched for by the seller. */
export function surelyMissing(file: CheckedFile): boolean {
  const name = file.businessName;
  return Boolean(name && !name.found && !name.overlay && !name.partial && !name.unreadable && !file.nameConfirmed);
}

function describe(file: CheckedFile, name: string): Finding {
  const reason = file.businessName?.reason;
  return {
    file: file.file,
    message: `${file.file} does not show "${name}" readably${reason ? ` (${reason})` : ''}.`,
    hint: `${file.kind === 'video' ? VIDEO_NAME_HINT : NAME_HINT} ${CONFIRM_HINT}`,
  };
}

export const businessNameVisible: Rule = {
  id: 'business-name-visible',
  defaultSeverity: 'error',
  description: 'Every photo and video shows your business name or logo, large and readable.',
  hint: NAME_HINT,
  fixable: false,
  needs: ['names'],
  check(context) {
    const { name, files } = mediaReadFor(context, surelyMissing);
    return files.map((f) => describe(f, name));
  },
};
