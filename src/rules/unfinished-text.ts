import { isExampleAsin } from '../appeal/asin.js';
import { describeUnfinished, fixUnfinished, unfinishedParts } from '../appeal/finished.js';
import type { Finding, Rule } from './types.js';
import { capitalize, sellerTexts, usableMedia } from './util.js';

/**
 * Leftover template text goes out word for word: an outline's "[your material]", a "TODO", the
 * example ASIN of a hint. The interview refuses it as it is typed; this rule finds it wherever
 * it came from (appeal.json edited by hand, --from, a built email).
 */
export const unfinishedText: Rule = {
  id: 'unfinished-text',
  defaultSeverity: 'error',
  description: 'Answers, captions and ASINs hold no leftover template text ([brackets], TODO, example ASINs, outline choices).',
  hint: 'Replace it with your own words: Amazon reads every answer and caption exactly as it stands.',
  fixable: false,
  check(context) {
    const findings: Finding[] = [];
    const texts = sellerTexts(context);
    const name = context.appeal?.business?.name;
    if (context.target !== 'eml' && name?.trim()) {
      texts.push({ label: 'the business name', answerId: null, file: null, text: name });
    }
    for (const source of texts) {
      const parts = unfinishedParts(source.text);
      if (parts.length === 0) continue;
      const listed = parts.slice(0, 3).map(describeUnfinished).join('; ');
      findings.push({
        file: source.file,
        message: `${capitalize(source.label)} is not finished: ${listed}.`,
        hint: fixUnfinished(parts[0]!),
      });
    }
    for (const file of usableMedia(context.files)) {
      const examples = file.asins.filter(isExampleAsin);
      if (examples.length === 0) continue;
      findings.push({
        file: file.file,
        message: `${file.file} is labelled with the example ASIN ${examples.join(', ')}, which belongs to no listing.`,
        hint: 'Write the ASIN of your own listing that the photo shows (Seller Central shows it on each product).',
      });
    }
    return findings;
  },
};
