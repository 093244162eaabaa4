import { findAsins, nearMissOf, normalizeAsin } from '../appeal/asin.js';
import type { CheckContext, Finding, Rule } from './types.js';
import { capitalize, sellerTexts, usableMedia } from './util.js';

/** Every ASIN the seller wrote, with where it was written (for the message). */
export function writtenAsins(context: CheckContext): { asin: string; where: string; file: string | null }[] {
  const out: { asin: string; where: string; file: string | null }[] = [];
  for (const file of usableMedia(context.files)) {
    for (const asin of file.asins) out.push({ asin: normalizeAsin(asin), where: `the label of ${file.file}`, file: file.file });
  }
  for (const source of sellerTexts(context)) {
    for (const asin of findAsins(source.text)) out.push({ asin, where: source.label, file: source.file });
  }
  return out;
}

/** Where each known ASIN comes from, for "did you mean" messages. */
export function knownAsins(context: CheckContext): Map<string, string> {
  const known = new Map<string, string>();
  for (const asin of context.listings?.asins ?? []) known.set(normalizeAsin(asin), `in ${context.listings!.file}`);
  // The notice wins the wording: it is the one the seller is answering.
  for (const asin of context.notifiedAsins) known.set(normalizeAsin(asin), 'named in the notice');
  return known;
}

/**
 * One character off an ASIN the notice named (or one from the seller's listings report) is
 * almost always a typo, and a photo labelled with a typo shows no item the seller lists.
 */
export const asinNearMiss: Rule = {
  id: 'asin-near-miss',
  defaultSeverity: 'warning',
  description: 'ASINs one character away from a notified or listed ASIN (a likely typo).',
  hint: 'Copy the ASIN from the notice or from Seller Central (Manage Inventory) instead of typing it.',
  fixable: false,
  check(context) {
    const known = knownAsins(context);
    if (known.size === 0) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const { asin, where, file } of writtenAsins(context)) {
      const meant = nearMissOf(asin, known.keys());
      const key = `${asin} ${where}`;
      if (!meant || seen.has(key)) continue;
      seen.add(key);
      findings.push({
        file,
        message: `${capitalize(where)} has ${asin}, one character away from ${meant} (${known.get(meant)}): did you mean ${meant}?`,
      });
    }
    return findings;
  },
};
