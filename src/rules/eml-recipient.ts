import type { Rule } from './types.js';

/** Both notice versions give this address; used only in the hint when the notice gave none. */
const USUAL_ADDRESS = 'handmade-store-appeal-review@amazon.com';

function bare(address: string): string {
  const angle = /<([^>]+)>/.exec(address);
  return (angle ? angle[1]! : address).trim().toLowerCase();
}

export const emlRecipient: Rule = {
  id: 'eml-recipient',
  defaultSeverity: 'error',
  description: 'The email goes to the address the notice gave (an amazon.com address).',
  hint: `Send it to the address in the notice (usually ${USUAL_ADDRESS}); \`appeal build\` fills it in from appeal.json.`,
  fixable: false,
  targets: ['eml'],
  check(context) {
    const eml = context.eml;
    if (!eml) return [];
    const to = eml.to.map(bare);
    const replyTo = context.appeal?.notice?.replyTo?.trim().toLowerCase() ?? null;
    if (to.length === 0) {
      return [{ file: context.path, message: `The email has no recipient: it must go to ${replyTo ?? 'the address in the notice'}.` }];
    }
    if (replyTo) {
      if (to.includes(replyTo)) return [];
      return [{ file: context.path, message: `The email goes to ${to.join(', ')}, not to ${replyTo}, the address the notice gave.` }];
    }
    if (to.some((a) => /@amazon\.com$/.test(a))) return [];
    return [{ file: context.path, message: `The email goes to ${to.join(', ')}: Amazon reads appeals only at the address in the notice (an amazon.com address).` }];
  },
};
