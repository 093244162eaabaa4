import { formatSize } from '../appeal/size.js';
import type { Rule } from './types.js';

export const emailSize: Rule = {
  id: 'email-size',
  defaultSeverity: 'error',
  description: 'The whole email, as sent (attachments are base64: about 37% bigger), fits the size limit.',
  hint: '`appeal build` recompresses the photos and the video so the email fits.',
  fixable: true,
  check(context) {
    const email = context.email;
    if (!email || email.estimatedBytes <= email.limitBytes) return [];
    const what = context.target === 'eml' ? 'This email is' : 'The email would be';
    return [
      {
        fixable: context.target !== 'eml' && email.compressible,
        message: `${what} ${formatSize(email.estimatedBytes)} once encoded: over the ${formatSize(email.limitBytes)} limit.`,
        hint:
          context.target === 'eml'
            ? 'Build it again with `appeal build` (it keeps the email under --max-email-size); do not send this one.'
            : email.compressible
              ? '`appeal build` recompresses the photos and the video to fit.'
              : 'Even fully compressed it does not fit: remove a photo or the video, or shorten the video.',
      },
    ];
  },
};
