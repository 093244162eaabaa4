import type { ImageOutcome } from './image.js';

/** Why the name was not found, in the seller's words, with what was read instead. */
export function notFoundReason(name: string, outcome: Pick<ImageOutcome, 'largest' | 'partial'>, what: string): string {
  if (outcome.partial) return `only "${outcome.partial}" of ${name.toUpperCase()} could be read in the ${what}`;
  const largest = outcome.largest;
  if (!largest) return `no readable text at all in the ${what}`;
  const shown = largest.text.length > 40 ? `${largest.text.slice(0, 37)}...` : largest.text;
  return `no text resembling ${name.toUpperCase()} in the ${what}; the largest text read was "${shown}"`;
}
