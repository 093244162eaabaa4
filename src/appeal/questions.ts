/**
 * The question sets: the notice's own questions when the seller gave us the notice,
 * otherwise appeal's default set (templates/questions.json, in our own words), plus the
 * one-line help shown while answering.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NOTICE_KINDS, QUESTION_KINDS, type Appeal, type NoticeKind, type Question } from './schema.js';

type Kind = (typeof QUESTION_KINDS)[number];

const TemplateSub = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(QUESTION_KINDS),
  help: z.string().min(1),
});
const TemplateQuestion = TemplateSub.extend({ sub: z.array(TemplateSub).optional() });
const TemplateFile = z.object(
  Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, z.array(TemplateQuestion)])) as Record<
    NoticeKind,
    z.ZodArray<typeof TemplateQuestion>
  >,
);
type TemplateFile = z.infer<typeof TemplateFile>;

/** templates/ sits at the package root: two levels up from src/appeal and from dist/appeal. */
const TEMPLATE_URL = new URL('../../templates/questions.json', import.meta.url);

let cache: { sets: TemplateFile; help: Map<string, string> } | undefined;

function templates(): NonNullable<typeof cache> {
  if (cache) return cache;
  // Our own file: if it is missing or broken the install is broken, which is a bug, not a seller mistake.
  const sets = TemplateFile.parse(JSON.parse(readFileSync(TEMPLATE_URL, 'utf8')));
  const help = new Map<string, string>();
  // The first set's help wins for ids asked in several sets (the initial wording is the general one).
  for (const kind of NOTICE_KINDS) {
    for (const question of sets[kind]) {
      if (!help.has(question.id)) help.set(question.id, question.help);
      for (const sub of question.sub ?? []) if (!help.has(sub.id)) help.set(sub.id, sub.help);
    }
  }
  cache = { sets, help };
  return cache;
}

/** The default questions for a notice kind (initial when unknown); fresh objects, without help. */
export function defaultQuestions(kind: NoticeKind = 'initial'): Question[] {
  return templates().sets[kind].map(({ id, text, kind: questionKind, sub }) => {
    const question: Question = { id, text, kind: questionKind };
    if (sub) question.sub = sub.map((s) => ({ id: s.id, text: s.text, kind: s.kind }));
    return question;
  });
}

/** The questions this appeal answers: the notice's own when it has any, else the defaults for its kind. */
export function questionsOf(appeal: Pick<Appeal, 'notice'>): Question[] {
  const notice = appeal.notice;
  if (notice && notice.questions.length > 0) return notice.questions;
  return defaultQuestions(notice?.kind ?? 'initial');
}

export interface AnswerSlot {
  id: string;
  text: string;
  kind: Exclude<Kind, 'media'>;
}

/**
 * The questions that take a typed answer, in order: a question with sub-questions is
 * answered through its subs; media questions are answered with files, not text.
 */
export function answerSlots(questions: readonly Question[]): AnswerSlot[] {
  const slots: AnswerSlot[] = [];
  const seen = new Set<string>();
  const add = (id: string, text: string, kind: Kind | undefined): void => {
    if (kind === 'media' || seen.has(id)) return;
    seen.add(id);
    slots.push({ id, text, kind: kind ?? (id === 'weeklyCapacity' ? 'number' : 'text') });
  };
  for (const question of questions) {
    if (question.kind === 'media' || question.id === 'media') continue;
    if (question.sub && question.sub.length > 0) {
      for (const sub of question.sub) add(sub.id, sub.text, sub.kind);
    } else {
      add(question.id, question.text, question.kind);
    }
  }
  return slots;
}

/** One line on what the reviewer looks for in the answer to this question; undefined for unknown ids. */
export function questionHelp(id: string): string | undefined {
  return templates().help.get(id);
}
