import type { Rule } from './types.js';

export const corruptFile: Rule = {
  id: 'corrupt-file',
  defaultSeverity: 'error',
  description: 'Every file must open: no empty, cut-off or damaged files.',
  hint: 'Copy the file again from your phone or camera (a transfer may have been cut off), or take the photo again.',
  fixable: false,
  check(context) {
    return context.files
      .filter((f) => f.error)
      .map((f) => ({ file: f.file, message: `${f.file} cannot be read: ${f.error}.`.replace(/\.\.$/, '.') }));
  },
};
