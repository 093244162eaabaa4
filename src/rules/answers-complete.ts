import { isAnswered, OPTIONAL_ANSWERS } from '../appeal/progress.js';
import { answerSlots, questionsOf } from '../appeal/questions.js';
import type { Finding, Rule } from './types.js';
import { answerLabel } from './util.js';

/**
 * Amazon ends Handmade selling when an appeal leaves questions unanswered. The slots are the
 * notice's own questions (or the default set), the same list `appeal status` counts.
 */
export const answersComplete: Rule = {
  id: 'answers-complete',
  defaultSeverity: 'error',
  description: 'Every question of the notice has an answer.',
  hint: 'Run `appeal init` to answer the missing questions (it keeps what you already wrote), or fill in "answers" in appeal.json.',
  fixable: false,
  targets: ['appeal'],
  check(context) {
    const appeal = context.appeal;
    if (!appeal || appeal.notice?.kind === 'acceptance') return [];
    const answers = appeal.answers as Record<string, unknown>;
    const findings: Finding[] = [];
    for (const slot of answerSlots(questionsOf(appeal))) {
      const value = answers[slot.id];
      const label = answerLabel(slot.id, slot.text);
      // Leftover template text in an answer is the unfinished-text rule's.
      if (isAnswered(value) || OPTIONAL_ANSWERS.has(slot.id)) continue;
      findings.push({ message: `No answer yet for ${label.replace(/^the answer about /, '')}.` });
    }
    return findings;
  },
};
