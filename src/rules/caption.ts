import type { Finding, Rule } from './types.js';
import { usableMedia } from './util.js';

/**
 * Above this a caption stops being "one sentence saying what you do": two short sentences are
 * fine, a paragraph is not (the Word file puts it right above the photo).
 */
const LONG_CHARS = 300;
const MULTI_SENTENCE_CHARS = 160;

/** Sentences, not counting dots in numbers (2.5 cm) or common abbreviations (e.g., approx.). */
export function countSentences(text: string): number {
  const cleaned = text
    .replace(/\b(?:e\.g|i\.e|etc|approx|incl|vs|mr|mrs|ms|dr|st|no)\./gi, '')
    .replace(/(\d)\.(\d)/g, '$1$2');
  return cleaned.split(/[.!?]+(?:\s+|$)/).filter((s) => s.trim().length > 0).length;
}

export const caption: Rule = {
  id: 'caption',
  defaultSeverity: 'warning',
  description: 'One sentence before each photo or video saying what you are doing in it.',
  hint: 'Write one short sentence for each photo, e.g. "Cutting the leather blank by hand at my bench." (`appeal init` asks for it).',
  fixable: false,
  // A plain folder has nowhere to write captions; a built .eml carries them in the Word file.
  targets: ['appeal', 'eml'],
  check(context) {
    const findings: Finding[] = [];
    for (const file of usableMedia(context.files)) {
      const text = file.caption?.trim() ?? '';
      const what = file.kind === 'video' ? 'video' : 'photo';
      if (!text) {
        findings.push({ file: file.file, message: `${file.file} has no sentence saying what you are doing in the ${what}.` });
        continue;
      }
      const sentences = countSentences(text);
      if (text.length > LONG_CHARS || (sentences > 1 && text.length > MULTI_SENTENCE_CHARS)) {
        findings.push({
          file: file.file,
          message: `The caption of ${file.file} is ${text.length} characters${sentences > 1 ? ` in ${sentences} sentences` : ''}: keep it to one sentence.`,
          hint: 'Say in one sentence what you are doing in the photo; put longer explanations in your answers.',
        });
      }
    }
    return findings;
  },
};
