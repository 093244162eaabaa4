import { CONFIRM_HINT, NAME_HINT, VIDEO_NAME_HINT } from './business-name-visible.js';
import type { CheckedFile, Rule } from './types.js';
import { mediaReadFor } from './util.js';

/**
 * A doubtful miss: the reader saw part of the name (one line of a two-line sign, a name cut
 * short) or could not process the file. The name may well be readable to a person, so this
 * warns and asks the seller to look, instead of blocking the build as business-name-visible does.
 */

function doubtful(file: CheckedFile): boolean {
  const name = file.businessName;
  return Boolean(name && !name.found && !name.overlay && (name.partial || name.unreadable) && !file.nameConfirmed);
}

export const businessNameUnsure: Rule = {
  id: 'business-name-unsure',
  defaultSeverity: 'warning',
  description: 'Photos where only part of the business name could be read: check them yourself.',
  hint: CONFIRM_HINT,
  fixable: false,
  needs: ['names'],
  check(context) {
    const { name, files } = mediaReadFor(context, doubtful);
    return files.map((f) => ({
      file: f.file,
      message: `${f.file} may not show "${name}" readably: ${f.businessName!.reason ?? 'the text reader could not be sure'}.`,
      hint: `Look at it: ${CONFIRM_HINT} Otherwise: ${f.kind === 'video' ? VIDEO_NAME_HINT : NAME_HINT}`,
    }));
  },
};
