import { captionProblem } from '../appeal/caption.js';
import type { Finding, Rule } from './types.js';
import { usableMedia } from './util.js';

export { countSentences } from '../appeal/caption.js';

export const caption: Rule = {
  id: 'caption',
  defaultSeverity: 'warning',
  description: 'One sentence before each photo or video saying what you are doing in it.',
  hint: 'Write one short sentence for each photo, e.g. "Cutting the leather blank by hand at my bench." (`appeal init` asks for it).',
  fixable: false,
  // A plain folder has nowhere to write captions; a built .eml carries them in the Word file.
  // The judgement is captionProblem's, the same one the interview applies, on both targets.
  targets: ['appeal', 'eml'],
  check(context) {
    const findings: Finding[] = [];
    for (const file of usableMedia(context.files)) {
      const what = file.kind === 'video' ? 'video' : 'photo';
      const problem = captionProblem(file.caption);
      if (!problem) continue;
      if (problem.kind === 'missing') {
        findings.push({ file: file.file, message: `${file.file} has no sentence saying what you are doing in the ${what}.` });
      } else if (problem.kind === 'short') {
        findings.push({
          file: file.file,
          message: `The caption of ${file.file} ("${file.caption!.trim()}") is too short to say what you are doing in the ${what}.`,
          hint: 'Say in one sentence who does what, with what: e.g. "Glazing a mug by hand in my studio."',
        });
      } else {
        findings.push({
          file: file.file,
          message: `The caption of ${file.file} is ${problem.chars} characters${problem.sentences > 1 ? ` in ${problem.sentences} sentences` : ''}: keep it to one sentence.`,
          hint: 'Say in one sentence what you are doing in the photo; put longer explanations in your answers.',
        });
      }
    }
    return findings;
  },
};
