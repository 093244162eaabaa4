import type { CheckedFile, Rule } from './types.js';
import { mediaReadFor } from './util.js';

/**
 * The seller looked at a photo the reader could not read the name in and confirmed that a
 * person can (appeal.json media[].nameConfirmed). It no longer blocks; this note keeps on record
 * what rests on the seller's word rather than on the reader. A warning by default so it is seen;
 * turn it off in appeal.json "rules" once read.
 */
export const businessNameConfirmed: Rule = {
  id: 'business-name-confirmed',
  defaultSeverity: 'warning',
  description: 'Photos where you confirmed the business name can be read, though the text reader could not read it.',
  hint: 'Nothing to do if you checked it; a clearer, closer photo of the name would make it certain.',
  fixable: false,
  needs: ['names'],
  check(context) {
    const confirmed = (f: CheckedFile) => Boolean(f.nameConfirmed && f.businessName && !f.businessName.found && !f.businessName.overlay);
    const { name, files } = mediaReadFor(context, confirmed);
    return files.map((f) => ({
      file: f.file,
      message: `${f.file}: you confirmed that "${name}" can be read in it; the text reader could not read it${f.businessName!.reason ? ` (${f.businessName!.reason})` : ''}.`,
    }));
  },
};
