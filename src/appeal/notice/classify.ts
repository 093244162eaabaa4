/**
 * Gives each question of a notice a stable id by what it asks (keywords), so answers keep
 * their place even when Amazon rewords a question between years. Ids: process, methods
 * (sub: design, location, team, timePerItem, finalProduct, employees), weeklyCapacity,
 * media (sub: media-1, media-2, ...), additional; anything else q1, q2, ...
 */
import type { Question, SubQuestion } from '../schema.js';

type Kind = NonNullable<Question['kind']>;

interface Rule {
  id: string;
  kind: Kind;
  test: (text: string) => boolean;
}

const has = (pattern: RegExp) => (text: string) => pattern.test(text);

/**
 * Top-level questions, most specific first. "Steps" alone says nothing (a process question may
 * ask for the steps too): the methods question is the one that names methods or techniques,
 * or that carries the design/place/team/time points under it (see classifyQuestions).
 */
const TOP_RULES: Rule[] = [
  { id: 'media', kind: 'media', test: has(/\b(?:photo(?:graph)?s?|videos?|pictures?|images?|footage|clips?)\b/i) },
  {
    id: 'weeklyCapacity',
    kind: 'number',
    test: (t) => /\b(?:week|weekly)\b/i.test(t) && /\b(?:how many|number|items?|quantity|produce|make|capacity)\b/i.test(t),
  },
  {
    id: 'additional',
    kind: 'text',
    test: has(
      /\b(?:anything (?:else|more|further)|(?:additional|extra|other|further|more) (?:details|information|info)|else you (?:would like|want)|(?:like|want) us to know)\b/i,
    ),
  },
  { id: 'methods', kind: 'text', test: has(/\b(?:methods?|techniques?)\b/i) },
  {
    id: 'process',
    kind: 'text',
    test: has(
      /\b(?:process(?:es)?|production|produced?|descri(?:be|ption)|how (?:\S+ ){0,8}?(?:get |gets |are |is )?(?:make|made|create|created|craft|crafted|produce|produced))\b/i,
    ),
  },
];

/** The questions under "methods" (and any flat notice that asks them at the top level). */
const SUB_RULES: Rule[] = [
  {
    id: 'timePerItem',
    kind: 'text',
    test: has(/\b(?:how long|how much time|(?:time|hours?|minutes?) (?:does it take|it takes|to (?:make|create|craft)))\b/i),
  },
  {
    id: 'team',
    kind: 'text',
    test: has(/\b(?:by yourself|yourself|alone|on your own|with others|other people|family|friends|contractors?|helpers?)\b/i),
  },
  { id: 'employees', kind: 'text', test: has(/\b(?:employees?|staff|workers?|personnel|roles?)\b/i) },
  { id: 'design', kind: 'text', test: has(/\bdesign(?:s|ed|ing|er)?\b/i) },
  { id: 'location', kind: 'text', test: has(/\b(?:where|location|located|place|workshop|studio|premises|workspace)\b/i) },
  {
    id: 'finalProduct',
    kind: 'text',
    test: has(/\b(?:final product|finished product|end product|what (?:is|are) the (?:final|finished)|what (?:are )?you (?:are )?(?:creating|making)|what do you (?:make|sell|create))\b/i),
  },
];

export interface RawQuestion {
  text: string;
  sub: string[];
}

/** Assigns ids and kinds; the texts are kept exactly as given. */
export function classifyQuestions(raw: RawQuestion[]): Question[] {
  const used = new Set<string>();
  let unknown = 0;
  const nextUnknown = (): string => {
    do unknown += 1;
    while (used.has(`q${unknown}`));
    used.add(`q${unknown}`);
    return `q${unknown}`;
  };
  const pick = (text: string, rules: Rule[]): Rule | undefined => {
    const rule = rules.find((r) => r.test(text));
    if (!rule || used.has(rule.id)) return undefined;
    used.add(rule.id);
    return rule;
  };

  /** A question whose points ask about design, place, team or time is the methods question. */
  const asksMethods = (item: RawQuestion): boolean =>
    !TOP_RULES[0]!.test(item.text) && item.sub.filter((text) => SUB_RULES.some((r) => r.test(text))).length >= 2;

  return raw.map((item): Question => {
    const structural = asksMethods(item) && !used.has('methods') ? TOP_RULES.find((r) => r.id === 'methods') : undefined;
    if (structural) used.add('methods');
    const rule = structural ?? pick(item.text, TOP_RULES) ?? pick(item.text, SUB_RULES);
    const id = rule?.id ?? nextUnknown();
    const kind: Kind = rule?.kind ?? 'text';
    const question: Question = { id, text: item.text, kind };
    if (item.sub.length > 0) {
      question.sub = item.sub.map((text, index): SubQuestion => {
        // What the photos must show is part of the media question, not a text answer.
        if (id === 'media') return { id: `media-${index + 1}`, text, kind: 'media' };
        const subRule = pick(text, SUB_RULES);
        return subRule ? { id: subRule.id, text, kind: subRule.kind } : { id: nextUnknown(), text, kind: 'text' };
      });
    }
    return question;
  });
}
