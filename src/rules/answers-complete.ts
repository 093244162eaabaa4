import { hasPlaceholder, isAnswered, OPTIONAL_ANSWERS } from '../appeal/progress.js';
import { answerSlots, questionsOf } from '../appeal/questions.js';
import type { Finding, Rule } from './types.js';
import { answerLabel, capitalize } from './util.js';

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
      if (!isAnswered(value)) {
        if (OPTIONAL_ANSWERS.has(slot.id)) continue;
        findings.push({ message: `No answer yet for ${label.replace(/^the answer about /, '')}.` });
      } else if (typeof value === 'string' && hasPlaceholder(value)) {
        findings.push({
          message: `${capitalize(label)} still has [placeholders] from the outline.`,
          hint: 'Replace every [bracketed] part with your own words; Amazon would read the brackets as they are.',
        });
      }
    }
    return findings;
  },
};
