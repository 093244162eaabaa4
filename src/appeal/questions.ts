/**
 * The question sets: the notice's own questions when the seller gave us the notice,
 * otherwise appeal's default set (templates/questions.json, in our own words), plus the
 * one-line help shown while answering.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { firstRequest } from './rounds.js';
import { NOTICE_KINDS, QUESTION_KINDS, type Notice, type NoticeKind, type Question, type Round } from './schema.js';

type Kind = (typeof QUESTION_KINDS)[number];

const TemplateSub = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(QUESTION_KINDS),
  help: z.string().min(1),
});
const TemplateQuestion = TemplateSub.extend({ sub: z.array(TemplateSub).optional() });
const TemplateFile = z.object({
  ...(Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, z.array(TemplateQuestion)])) as Record<
    NoticeKind,
    z.ZodArray<typeof TemplateQuestion>
  >),
  /** The photo question of a package that carries no video. */
  mediaWithoutVideo: TemplateQuestion,
});
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

function withoutHelp({ id, text, kind, sub }: z.infer<typeof TemplateQuestion>): Question {
  const question: Question = { id, text, kind };
  if (sub) question.sub = sub.map((s) => ({ id: s.id, text: s.text, kind: s.kind }));
  return question;
}

/** The default questions for a notice kind (initial when unknown); fresh objects, without help. */
export function defaultQuestions(kind: NoticeKind = 'initial'): Question[] {
  return templates().sets[kind].map(withoutHelp);
}

/** The photo question as a package without a video asks it: no word of video anywhere. */
export function mediaQuestionWithoutVideo(): Question {
  return withoutHelp(templates().sets.mediaWithoutVideo);
}

/** The questions a notice asks: its own when it listed any, else the defaults for its kind. */
function askedBy(notice: Notice | undefined): Question[] {
  if (notice && notice.questions.length > 0) return notice.questions;
  return defaultQuestions(notice?.kind ?? 'initial');
}

function idsOf(question: Question): string[] {
  return [question.id, ...(question.sub ?? []).map((s) => s.id)];
}

/**
 * The questions this appeal answers. A first notice: its own questions (or the defaults). A
 * follow-up asks again for photos and details, and the reply answers every question of the
 * first request again in full: the first request's questions, with the follow-up's wording
 * where it asks the same thing, and its new questions before the closing "anything else".
 */
export function questionsOf(appeal: { notice?: Notice | undefined; rounds?: readonly Round[] | undefined }): Question[] {
  const notice = appeal.notice;
  const own = askedBy(notice);
  if (notice?.kind !== 'follow-up') return own;
  const first = firstRequest({ rounds: [...(appeal.rounds ?? [])] });
  const base = first && first.questions.length > 0 ? first.questions : defaultQuestions('initial');
  const merged = base.map((question) => own.find((o) => o.id === question.id) ?? question);
  const known = new Set(merged.flatMap(idsOf));
  const extra = own.filter((question) => !idsOf(question).some((id) => known.has(id)));
  const closing = merged.findIndex((question) => question.id === 'additional');
  merged.splice(closing >= 0 ? closing : merged.length, 0, ...extra);
  return merged;
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
