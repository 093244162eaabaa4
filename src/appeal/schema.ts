import { z } from 'zod';
import { TrimSchema } from './trim.js';
import { EXAMPLE_ASIN } from './asin.js';

/**
 * appeal.json: everything the seller has told us so far. Most fields are optional
 * because the file is saved after every answer of the interview; "is it complete?"
 * is the job of `appeal status` and the answers-complete rule, not of the schema.
 * Unknown fields are kept (loose objects) so a rewrite never drops what a seller added.
 */

const asin = z
  .string()
  .regex(/^B0[0-9A-Z]{8}$/, `an ASIN is "B0" followed by 8 capital letters or digits, e.g. ${EXAMPLE_ASIN}`);

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
  /** A follow-up's own sentence on why the earlier reply was not enough (read from the notice). */
  reason: z.string().optional(),
});

export const MediaSchema = z.looseObject({
  /** Relative to the folder holding appeal.json. */
  file: z.string().min(1),
  asins: z.array(asin).default([]),
  caption: z.string().optional(),
  /** Videos: the part to send, e.g. { "start": "0:05", "end": "0:58" } (see trim.ts). */
  trim: TrimSchema.optional(),
  /** The seller confirmed that a person can read the business name in this photo or video. */
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

/** What was built for a round, recorded when the next notice starts a new round. */
export const SentSchema = z.looseObject({
  /** The round's package, kept byte for byte: "rounds/1" (relative to the appeal folder). */
  folder: z.string().optional(),
  builtAt: isoDate.optional(),
  to: z.string().optional(),
  subject: z.string().optional(),
  emailBytes: z.number().int().nonnegative().optional(),
  video: z.boolean().optional(),
  /** The answers and photos as they stood when the round ended (the package holds the exact words). */
  answers: AnswersSchema.optional(),
  media: z.array(MediaSchema).optional(),
});

/**
 * One round of the appeal: the notice(s) Amazon sent and what the seller sent back. Initial
 * notices for different ASINs that arrive before anything was sent share one round.
 */
export const RoundSchema = z.looseObject({
  round: z.number().int().positive(),
  /** Every notice of this round, as it was read. */
  notices: z.array(NoticeSchema).default([]),
  /** When the round began (the first notice was read). */
  startedAt: isoDate.optional(),
  sent: SentSchema.optional(),
});

/** The version appeal writes; older files are migrated when read (migrateAppeal). */
export const APPEAL_VERSION = 2;

/**
 * The shape of appeal.json as written today. `notice` is the notice the current round answers
 * (merged when several initial notices came in); `rounds` is the record of every notice received
 * and what was sent for it, the last entry being the current round.
 */
export const AppealFileSchema = z.looseObject({
  $schema: z.string().optional(),
  version: z.literal(APPEAL_VERSION),
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
  /**
   * The seller's listings report from Seller Central (All Listings .txt or Category Listings
   * .xlsx), relative to this folder: photos' ASINs are compared with it.
   */
  listingsReport: z.string().min(1).optional(),
  rounds: z.array(RoundSchema).default([]),
  /** Per-rule severity overrides, e.g. { "image-blur": "off" }. */
  rules: z.record(z.string(), z.enum(RULE_LEVELS)).optional(),
});

/** Rule ids that were split into ids of one meaning each: an old level applies to all of them. */
const RENAMED_RULES: Record<string, readonly string[]> = {
  deadline: ['deadline-passed', 'deadline-soon'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings an older appeal.json up to APPEAL_VERSION. Version 1 had one `notice` and no rounds:
 * that notice becomes round 1 (round 2 for a follow-up, whose first round was not recorded).
 * Anything that is not a version 1 object is returned as it is, for the schema to judge.
 */
export function migrateAppeal(data: unknown): unknown {
  if (!isRecord(data) || data.version !== 1) return data;
  const { version: _old, ...rest } = data;
  const out: Record<string, unknown> = { ...rest, version: APPEAL_VERSION };
  if (out.rounds === undefined) {
    const notice = isRecord(data.notice) ? data.notice : null;
    out.rounds = notice ? [{ round: notice.kind === 'follow-up' ? 2 : 1, notices: [notice] }] : [];
  }
  if (isRecord(data.rules)) {
    const rules: Record<string, unknown> = {};
    for (const [id, level] of Object.entries(data.rules)) {
      for (const next of RENAMED_RULES[id] ?? [id]) rules[next] ??= level;
    }
    out.rules = rules;
  }
  return out;
}

/** appeal.json as read: older versions are migrated first, then validated. */
export const AppealSchema = z.preprocess(migrateAppeal, AppealFileSchema);

export type Appeal = z.infer<typeof AppealFileSchema>;
export type AppealInput = z.input<typeof AppealFileSchema>;
export type Notice = z.infer<typeof NoticeSchema>;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type Question = z.infer<typeof QuestionSchema>;
export type SubQuestion = z.infer<typeof SubQuestionSchema>;
export type Media = z.infer<typeof MediaSchema>;
export type Round = z.infer<typeof RoundSchema>;
export type Sent = z.infer<typeof SentSchema>;
export type Answers = z.infer<typeof AnswersSchema>;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** A fresh, empty appeal. */
export function emptyAppeal(): Appeal {
  return AppealFileSchema.parse({ version: APPEAL_VERSION });
}

/** The JSON Schema shipped in schema/appeal.schema.json (generated at build time). */
export function appealJsonSchema(): unknown {
  return z.toJSONSchema(AppealFileSchema, { io: 'input', unrepresentable: 'any' });
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
      message = `must be 1 or ${APPEAL_VERSION} (this version of appeal reads version 1 and ${APPEAL_VERSION} files)`;
    }
    return `${formatIssuePath(issue.path)}: ${message}`;
  });
}
