import type { Rule } from './types.js';

export const archive: Rule = {
  id: 'archive',
  defaultSeverity: 'error',
  description: 'No ZIP, RAR or 7z archives: Amazon does not open them.',
  hint: 'Unpack the archive and add the photos and video themselves; Amazon asks for JPEG/PNG and MP4 files.',
  fixable: false,
  check(context) {
    return context.files
      .filter((f) => f.kind === 'archive' && !f.error)
      .map((f) => ({
        file: f.file,
        message: `${f.file} is a ${f.format.toUpperCase()} archive: Amazon does not accept archives.`,
      }));
  },
};
