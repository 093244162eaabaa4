import { HANDMADE_APPEAL_ADDRESS, replyAddressOf } from '../appeal/address.js';
import type { Rule } from './types.js';

function bare(address: string): string {
  const angle = /<([^>]+)>/.exec(address);
  return (angle ? angle[1]! : address).trim().toLowerCase();
}

export const emlRecipient: Rule = {
  id: 'eml-recipient',
  defaultSeverity: 'error',
  description: "The email goes to the address the notice gives, or to Amazon's Handmade appeal address when it names none.",
  hint: `Send it to the address in the notice's text (when it names none: ${HANDMADE_APPEAL_ADDRESS}); \`appeal build\` fills it in from appeal.json.`,
  fixable: false,
  targets: ['eml'],
  check(context) {
    const eml = context.eml;
    if (!eml) return [];
    const to = eml.to.map(bare);
    // Without appeal.json next to the email, the notice is unknown: the Handmade appeal address.
    const expected = replyAddressOf(context.appeal);
    if (to.length === 0) {
      return [{ file: context.path, message: `The email has no recipient: it must go to ${expected}.` }];
    }
    if (to.includes(expected)) return [];
    return [{ file: context.path, message: `The email goes to ${to.join(', ')}, not to ${expected}, where Handmade appeals are read.` }];
  },
};
