import { nearMissOf, normalizeAsin } from '../appeal/asin.js';
import { knownAsins } from './asin-near-miss.js';
import type { Finding, Rule } from './types.js';
import { usableMedia } from './util.js';

/**
 * Amazon asks for photos of items the seller currently lists. With the seller's listings report
 * at hand, an ASIN on a photo that is in neither the report nor the notice is worth a look
 * (a typo one character off is asin-near-miss's to report).
 */
export const asinListed: Rule = {
  id: 'asin-listed',
  defaultSeverity: 'warning',
  description: 'With a listings report given: each photo shows ASINs that are in it.',
  hint: 'Use the ASINs of items you list now (your listings report or Seller Central, Manage Inventory), or check the report is up to date.',
  fixable: false,
  check(context) {
    const listings = context.listings;
    if (!listings) return [];
    const known = knownAsins(context);
    const findings: Finding[] = [];
    for (const file of usableMedia(context.files)) {
      for (const raw of file.asins) {
        const asin = normalizeAsin(raw);
        if (known.has(asin) || nearMissOf(asin, known.keys())) continue;
        findings.push({ file: file.file, message: `${file.file} is labelled ${asin}, which is not in ${listings.file}.` });
      }
    }
    return findings;
  },
};
