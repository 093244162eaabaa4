import { z } from 'zod';

/**
 * appeal.json: everything the seller has told us so far. Most fields are optional
 * because the file is saved after every answer of the interview; "is it complete?"
 * is the job of `appeal status` and the answers-complete rule, not of the schema.
 * Unknown fields are kept (loose objects) so a rewrite never drops what a seller added.
 */

const asin = z
  .string()
  .regex(/^B0[0-9A-Z]{8}$/, 'an ASIN is "B0" followed by 8 capital letters or digits, e.g. B09V7CNPCR');

const isoDate = z.iso.datetime({
  offset: true,
  message: 'expected a date and time like 2026-11-25T14:03:00Z',
});

export const QUESTION_KINDS = ['text', 'number', 'media'] as const;

export const SubQuestionSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(QUESTION_KINDS).optional(),
});

export const QuestionSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(QUESTION_KINDS).optional(),
  /** Follow-on questions printed under this one (the notice's "--" / "-->" lines). */
  sub: z.array(SubQuestionSchema).optional(),
});

export const NOTICE_KINDS = ['initial', 'follow-up', 'acceptance'] as const;

export const NoticeSchema = z.looseObject({
  kind: z.enum(NOTICE_KINDS),
  receivedAt: isoDate.optional(),
  deadline: isoDate.optional(),
  /** Days the notice gives to answer ("Within N days"). */
  days: z.number().int().positive().optional(),
  asins: z.array(asin).default([]),
  replyTo: z.email({ message: 'expected an email address' }).optional(),
  questions: z.array(QuestionSchema).default([]),
  /** Where the notice was read from, for the seller's reference. */
  source: z.string().optional(),
});

export const MediaSchema = z.looseObject({
  /** Relative to the folder holding appeal.json. */
  file: z.string().min(1),
  asins: z.array(asin).default([]),
  caption: z.string().optional(),
  /** The seller looked and confirmed that a person can read the business name in this photo. */
  nameConfirmed: z.boolean().optional(),
});

export const RULE_LEVELS = ['off', 'warn', 'error'] as const;

const answer = z.union([z.string(), z.number()]);

export const AnswersSchema = z.looseObject({
  process: z.string().optional(),
  design: z.string().optional(),
  location: z.string().optional(),
  team: z.string().optional(),
  timePerItem: z.string().optional(),
  finalProduct: z.string().optional(),
  employees: z.string().optional(),
  weeklyCapacity: z.union([z.number().int().nonnegative(), z.string()]).optional(),
  additional: z.string().optional(),
}).catchall(answer);

export const AppealSchema = z.looseObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  business: z
    .looseObject({
      name: z.string().trim().min(1, 'the business name cannot be empty').optional(),
      email: z.email({ message: 'expected an email address' }).optional(),
      /** The seller's own name, for the signature of the cover note. */
      person: z.string().optional(),
      craft: z.string().optional(),
    })
    .default({}),
  notice: NoticeSchema.optional(),
  answers: AnswersSchema.default({}),
  media: z.array(MediaSchema).default([]),
  /** Per-rule severity overrides, e.g. { "image-blur": "off" }. */
  rules: z.record(z.string(), z.enum(RULE_LEVELS)).optional(),
});

export type Appeal = z.infer<typeof AppealSchema>;
export type AppealInput = z.input<typeof AppealSchema>;
export type Notice = z.infer<typeof NoticeSchema>;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type Question = z.infer<typeof QuestionSchema>;
export type SubQuestion = z.infer<typeof SubQuestionSchema>;
export type Media = z.infer<typeof MediaSchema>;
export type Answers = z.infer<typeof AnswersSchema>;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** A fresh, empty appeal. */
export function emptyAppeal(): Appeal {
  return AppealSchema.parse({ version: 1 });
}

/** The JSON Schema shipped in schema/appeal.schema.json (generated at build time). */
export function appealJsonSchema(): unknown {
  return z.toJSONSchema(AppealSchema, { io: 'input', unrepresentable: 'any' });
}

/** "notice.asins[1]" style path for error messages. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

/** One short line per problem: "notice.deadline: expected a date and time like ...". */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
    if (issue.code === 'invalid_value' && issue.path.at(-1) === 'version') {
      message = 'must be 1 (this version of appeal reads version 1 files)';
    }
    return `${formatIssuePath(issue.path)}: ${message}`;
  });
}
