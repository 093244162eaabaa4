import { findAsins } from './asin.js';

/**
 * What makes a photo's caption "one sentence saying what you are doing in it": one verdict,
 * the same in the interview, on appeal.json and on the built email (where the caption is read
 * back from the Word file).
 */

/** Fewer words than this do not say what is happening ("Glazing.", "Mug"). */
export const MIN_CAPTION_WORDS = 3;
/** Above this a caption stops being one sentence: two short ones are fine, a paragraph is not. */
export const LONG_CAPTION_CHARS = 300;
const MULTI_SENTENCE_CHARS = 160;

/** Sentences, not counting dots in numbers (2.5 cm) or common abbreviations (e.g., approx.). */
export function countSentences(text: string): number {
  const cleaned = text
    .replace(/\b(?:e\.g|i\.e|etc|approx|incl|vs|mr|mrs|ms|dr|st|no)\./gi, '')
    .replace(/(\d)\.(\d)/g, '$1$2');
  return cleaned.split(/[.!?]+(?:\s+|$)/).filter((s) => s.trim().length > 0).length;
}

/** Words of a caption, without the ASINs it may name. */
export function captionWords(text: string): string[] {
  let rest = text;
  for (const asin of findAsins(text)) rest = rest.replace(new RegExp(asin, 'gi'), ' ');
  return rest.split(/[^\p{L}\p{N}'’-]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

export type CaptionProblem =
  | { kind: 'missing' }
  | { kind: 'short'; words: number }
  | { kind: 'long'; chars: number; sentences: number };

export function captionProblem(caption: string | null | undefined): CaptionProblem | null {
  const text = caption?.trim() ?? '';
  if (!text) return { kind: 'missing' };
  const words = captionWords(text).length;
  if (words < MIN_CAPTION_WORDS) return { kind: 'short', words };
  const sentences = countSentences(text);
  if (text.length > LONG_CAPTION_CHARS || (sentences > 1 && text.length > MULTI_SENTENCE_CHARS)) {
    return { kind: 'long', chars: text.length, sentences };
  }
  return null;
}
