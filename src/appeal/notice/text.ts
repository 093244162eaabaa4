// Longer than most modules: one reader for every wording of the notice (2022, 2023, follow-up,
// acceptance) walking the same lines; the patterns only make sense next to each other.
/**
 * Reads the plain text of a notice: kind, ASINs, greeting name, days to answer, reply
 * address and the questions exactly as worded. Works line by line on text that came from
 * a text/plain part, converted HTML, or a seller's copy-paste (hard-wrapped, quoted with
 * "> ", CRLF, non-breaking spaces).
 */
import { findAsins } from '../asin.js';
import type { NoticeKind, Question } from '../schema.js';
import { classifyQuestions, type RawQuestion } from './classify.js';

export interface TextFacts {
  kind: NoticeKind;
  asins: string[];
  businessName: string | null;
  /** "Within N days" as written, or null when the text gives no number. */
  days: number | null;
  replyTo: string | null;
  questions: Question[];
  /** When Amazon sent it, from a forwarded/attached message's own header block in the text. */
  sentAt: Date | null;
  /** A follow-up's own sentences on why the earlier reply was not enough. */
  reason: string | null;
}

/** Line endings, invisible characters and quote prefixes that copy/paste and mail clients add. */
export function normalizeNoticeText(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad/g, '')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split('\n')
    // "> " quoting of a forwarded or replied-to message; a notice never starts a line with ">".
    .map((line) => line.replace(/^(?:[ ]?>)+ ?/, '').replace(/\s+$/, ''))
    .join('\n');
}

// ---------------------------------------------------------------- kind

const ACCEPTED =
  /\b(?:you (?:may|can) (?:continue to|keep) (?:offer|sell|list)(?:ing)?|(?:items|listings|products) (?:may|can) (?:stay|remain) in (?:the )?(?:amazon )?handmade|(?:appeal|information) (?:has|have) been (?:accepted|approved)|your appeal (?:is|was) (?:accepted|approved)|we have (?:reinstated|restored)|(?:we have )?updated your account with the (?:information|details)|your account now holds the (?:information|details)|your handmade selling privileges (?:have been|are) (?:restored|reinstated))\b/i;
/** Why the earlier reply was not enough: these sentences are shown to the seller first. */
const NOT_SUFFICIENT =
  /\b(?:not sufficient|insufficient|was not enough|were not enough|(?:still )?(?:cannot|can't|could not|were unable to|are unable to) (?:tell|decide|verify|confirm|determine)|did not (?:show|include|contain|meet))\b/i;
const NOT_ENOUGH = new RegExp(
  `${NOT_SUFFICIENT.source}|\\b(?:(?:thank you|thanks) for (?:submitting )?your (?:appeal|reply|response)|we (?:carefully )?considered the information)\\b`,
  'i',
);

export function noticeKindOf(text: string): NoticeKind {
  // Sentences are judged across the line breaks of hard-wrapped text.
  const flat = text.replace(/\s+/g, ' ');
  if (ACCEPTED.test(flat)) return 'acceptance';
  if (NOT_ENOUGH.test(flat)) return 'follow-up';
  return 'initial';
}

/**
 * The sentences of a follow-up that say why the earlier reply was not enough, as Amazon wrote
 * them (hard-wrapped lines joined), or null when it gives none.
 */
export function notSufficientReason(lines: readonly string[]): string | null {
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  const sentences = paragraphs
    .flatMap((p) => p.split(/(?<=[.!?])\s+(?=[A-Z])/))
    .filter((sentence) => NOT_SUFFICIENT.test(sentence));
  const reason = sentences.slice(0, 3).join(' ').trim();
  return reason ? reason : null;
}

// ---------------------------------------------------------------- ASINs

/** "B0xxxxxxxx" is how guides blank out an ASIN; it is not one. */
export function noticeAsins(text: string): string[] {
  return findAsins(text).filter((asin) => !/^B0X{8}$/.test(asin));
}

// ---------------------------------------------------------------- greeting

const GREETING = /^\s*(?:hello|hi|hey|dear|greetings|good (?:morning|afternoon|evening))(?=[ ,!:]|$)[ ,]*(.*?)[ ,:;!]*$/i;
/** A final period that belongs to the name: "Saltmarsh Soap Co.", "Ortiz & Sons Ltd.", "J.R. Wood". */
const NAME_PERIOD = /(?:\b(?:co|inc|ltd|corp|llc|llp|plc|pty|bros|mfg|assn|intl|jr|sr|st|est|gmbh)|\b[A-Za-z]|\.[A-Za-z])\.$/i;
/** Salutations that name nobody in particular, and the placeholders guides use. */
const GENERIC_NAMES = new Set([
  '', 'maker', 'makers', 'seller', 'sellers', 'amazon seller', 'amazon sellers', 'selling partner',
  'partner', 'customer', 'there', 'all', 'team', 'sir or madam', 'sir/madam', 'madam', 'sir',
  'business name', 'your business name', 'seller name', 'store name', 'shop name', 'brand name',
  'valued seller', 'artisan', 'handmade seller', 'amazon handmade seller', 'name',
]);

export function greetingLineIndex(lines: readonly string[], before = lines.length): number {
  let found = -1;
  for (let i = 0; i < Math.min(before, lines.length); i++) {
    if (GREETING.test(lines[i] ?? '')) found = i;
  }
  return found;
}

export function businessNameOf(greetingLine: string | undefined): string | null {
  if (greetingLine === undefined) return null;
  const match = GREETING.exec(greetingLine);
  // "Hello Cactus Hands, We appreciate ..." (a notice pasted as one line): the name ends at the comma.
  const name = (match?.[1] ?? '').split(',')[0]?.trim() ?? '';
  let bare = name.replace(/^[[(<{"'\u201c]+|[\])>}"'\u201d]+$/g, '').trim();
  // The sentence's full stop goes; an abbreviation's period is part of the name.
  if (bare.endsWith('.') && !NAME_PERIOD.test(bare)) bare = bare.replace(/[.\s]+$/, '');
  if (GENERIC_NAMES.has(bare.toLowerCase())) return null;
  // A greeting that runs on into a sentence ("Hi, during a recent review ...") names nobody.
  if (bare.length > 60 || /[?!]\s|\.\s+[a-z]/.test(bare) || bare.split(/\s+/).length > 8) return null;
  return bare || null;
}

// ---------------------------------------------------------------- days

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fourteen: 14, thirty: 30,
};
const WITHIN_DAYS = /\bwithin\s+(?:the\s+next\s+)?(\d{1,2}|[a-z]+)(?:\s*\(\d{1,2}\))?\s+(?:business\s+|calendar\s+|working\s+)?days?\b/i;
const WITHIN_HOURS = /\bwithin\s+(?:the\s+next\s+)?(\d{2,3})\s+hours?\b/i;

export function daysToAnswer(text: string): number | null {
  const days = WITHIN_DAYS.exec(text);
  if (days?.[1]) {
    const word = days[1].toLowerCase();
    const value = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
    if (value !== undefined && value > 0) return value;
  }
  const hours = WITHIN_HOURS.exec(text);
  if (hours?.[1] && Number(hours[1]) % 24 === 0) return Number(hours[1]) / 24;
  return null;
}

// ---------------------------------------------------------------- reply address

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const SEND_TO = /\b(?:send|submit|e-?mail|reply)\b.*\b(?:to|address)\b/i;

/** The address the text itself says to write to, read near a "send ... to" sentence. */
export function replyAddressIn(lines: readonly string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    if (!SEND_TO.test(lines[i] ?? '')) continue;
    let looked = 0;
    for (let j = i; j < lines.length && looked < 4; j++) {
      const line = lines[j] ?? '';
      if (line.trim() === '') continue;
      looked += 1;
      const address = EMAIL.exec(j === i ? line.slice(line.search(SEND_TO)) : line);
      if (address) return address[0].toLowerCase();
    }
  }
  return null;
}

// ---------------------------------------------------------------- forwarded header block

/**
 * A forwarded notice carries Amazon's original "From: ... Date: ..." block above the greeting
 * (Gmail/Outlook forwards, and messages attached to a forward). That date, not the forward's,
 * starts the countdown. Dates without a zone ("Fri, Nov 20, 2026 at 2:03 PM") are in the
 * forwarder's time zone, which is this machine's.
 */
export function forwardedSentDate(lines: readonly string[], before: number): Date | null {
  const parse = (value: string): Date | null => {
    const parsed = new Date(value.replace(/,?\s+at\s+/i, ' ').replace(/\([^)]*\)\s*$/, '').trim());
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  };
  for (let i = Math.min(before, lines.length) - 1; i >= 0; i--) {
    // A reply quoting the notice: "On Fri, Nov 20, 2026 at 2:03 PM Amazon <x@amazon.com> wrote:".
    const quoted = /^\s*On (.+?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s*(?:GMT|UTC)?[+-]\d{2}:?\d{2}|\s*(?:GMT|UTC))?),? (.*)wrote:\s*$/i.exec(
      lines[i] ?? '',
    );
    if (quoted?.[1] && /@(?:[\w-]+\.)*amazon\./i.test(quoted[2] ?? '')) {
      const parsed = parse(quoted[1]);
      if (parsed) return parsed;
    }
    const date = /^\s*(?:date|sent)\s*:\s*(.+)$/i.exec(lines[i] ?? '');
    if (!date?.[1]) continue;
    // The same header block (no blank line between) must say it came from Amazon.
    let from = false;
    for (const step of [-1, 1]) {
      for (let j = i + step; j >= 0 && j < lines.length && (lines[j] ?? '').trim() !== ''; j += step) {
        if (/^\s*from\s*:.*\bamazon\./i.test(lines[j] ?? '')) from = true;
      }
    }
    if (!from) continue;
    const parsed = parse(date[1]);
    if (parsed) return parsed;
  }
  return null;
}

// ---------------------------------------------------------------- questions

type Marker = 'number' | 'dash' | 'arrow' | 'none';

interface Item {
  marker: Marker;
  indent: number;
  text: string;
  /** Ends the question list: what comes after the questions (review promise, sign-off). */
  stop: boolean;
}

const NUMBERED = /^(\s*)\(?(\d{1,2})[).]\s+(\S.*)$/;
const ARROW = /^(\s*)(?:-+>|[\u2013\u2014]+>|=>|\u2192|[\u25e6\u25aa\u25b8\u25ba])\s*(\S.*)$/;
const DASH = /^(\s*)(?:--\s*|[\u2013\u2014]\s+|[-*\u2022\u25cf\u00b7]\s+)(\S.*)$/;
/** Sentences that follow the question list in every version seen; never part of a question. */
const AFTER_QUESTIONS = /^\s*(?:we will review|we'll review|we will respond|once we (?:receive|have|get)|after we (?:receive|have|get)|when we (?:receive|have|get)|what happens|within\s+\S+\s+(?:business\s+)?(?:days?|hours?)\b|resources\b|we(?:'re| are) here to help|sincerely|regards|best regards|kind regards|thank you|thanks\b|if you (?:choose|do not|don't|have)|to assist us|please (?:provide|send) the following|what actions)/i;
const ADDRESS_ONLY = new RegExp(`^\\s*<?${EMAIL.source}>?\\s*$`);
/** A bullet that only lists ASINs belongs to the "which listings" part, not to the questions. */
const ASINS_ONLY = /^(?:ASINs?\s*:?\s*)?(?:B0[0-9A-Z]{8}[\s,;]*)+$/i;

function toItems(lines: readonly string[]): Array<Item | null> {
  // null = a blank line (separates paragraphs); consecutive unmarked lines join up.
  const items: Array<Item | null> = [];
  let current: Item | null = null;
  for (const line of lines) {
    if (line.trim() === '') {
      current = null;
      items.push(null);
      continue;
    }
    const numbered = NUMBERED.exec(line);
    const arrow = numbered ? null : ARROW.exec(line);
    const dash = numbered || arrow ? null : DASH.exec(line);
    const stop = AFTER_QUESTIONS.test(line) || ADDRESS_ONLY.test(line);
    if (numbered || arrow || dash) {
      const [indent, text] = numbered
        ? [numbered[1] ?? '', numbered[3] ?? '']
        : arrow
          ? [arrow[1] ?? '', arrow[2] ?? '']
          : [dash?.[1] ?? '', dash?.[2] ?? ''];
      current = { marker: numbered ? 'number' : arrow ? 'arrow' : 'dash', indent: indent.length, text: text.trim(), stop: false };
      items.push(current);
    } else if (current && !stop && !current.stop) {
      // A hard-wrapped line (pasted text, narrow mail client) continues the line above it.
      current.text = `${current.text} ${line.trim()}`;
    } else {
      current = { marker: 'none', indent: line.search(/\S/), text: line.trim(), stop };
      items.push(current);
    }
  }
  return items;
}

/** Next item after position i, skipping blank lines. */
function nextItem(items: ReadonlyArray<Item | null>, i: number): Item | undefined {
  for (let j = i + 1; j < items.length; j++) {
    const item = items[j];
    if (item) return item;
  }
  return undefined;
}

/**
 * The questions, in order, with their sub-questions, texts verbatim (marker removed).
 * 2022 notices number the questions ("1)") with "--" subs; 2023 ones use "--" for
 * questions and "-->" for subs; the follow-up starts with an unmarked question whose
 * subs are "-->" lines.
 */
export function extractQuestions(lines: readonly string[], from = 0): RawQuestion[] {
  const items = toItems(lines.slice(from));
  const isQuestionStart = (item: Item, i: number): boolean =>
    !ASINS_ONLY.test(item.text) && (item.marker !== 'none' || (!item.stop && nextItem(items, i)?.marker === 'arrow'));

  const start = items.findIndex((item, i) => item !== null && isQuestionStart(item, i));
  if (start < 0) return [];
  const block: Item[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i];
    if (item === undefined || item === null) continue;
    if (item.stop || !isQuestionStart(item, i)) break;
    block.push(item);
  }

  const numbered = block.some((item) => item.marker === 'number');
  const questions: RawQuestion[] = [];
  let parent: { raw: RawQuestion; indent: number } | undefined;
  for (const item of block) {
    const isTop = numbered
      ? item.marker === 'number' || item.marker === 'none'
      : item.marker === 'dash' || item.marker === 'none'
        ? !(parent && item.marker === 'dash' && item.indent > parent.indent)
        : false;
    if (isTop || !parent) {
      const raw: RawQuestion = { text: item.text, sub: [] };
      questions.push(raw);
      parent = { raw, indent: item.indent };
    } else {
      parent.raw.sub.push(item.text);
    }
  }
  return questions.filter((q) => q.text !== '');
}

// ---------------------------------------------------------------- all of it

/** Is this a Handmade notice at all? (Anything else gets a clear "pass the notice" error.) */
export function looksLikeNotice(text: string, facts: Pick<TextFacts, 'kind' | 'asins' | 'questions' | 'days'>): boolean {
  if (!/handmade/i.test(text)) return false;
  if (facts.kind === 'acceptance') return true;
  if (facts.questions.length > 0) return true;
  return facts.asins.length > 0 && (facts.days !== null || /\bASINs?\b/.test(text));
}

export function readNoticeTextFacts(raw: string): TextFacts {
  const text = normalizeNoticeText(raw);
  const lines = text.split('\n');
  // The notice's own greeting is the last one before its ASIN line (a forwarded notice has the
  // forwarder's note, with its own "Hi ...", above it).
  const asinLine = lines.findIndex((line) => /\bASINs?\b\s*:/i.test(line));
  let greeting = greetingLineIndex(lines, asinLine >= 0 ? asinLine : lines.length);
  // Some pastes put the ASIN line above the greeting (a Seller Central summary panel).
  if (greeting < 0 && asinLine >= 0) greeting = lines.findIndex((line) => GREETING.test(line));
  const bodyStart = greeting < 0 ? 0 : asinLine >= 0 ? Math.min(greeting, asinLine) : greeting;
  const body = lines.slice(bodyStart);
  // Judged on the notice itself, not on a forwarding note above it ("they said it was not sufficient").
  const kind = noticeKindOf(body.join('\n'));
  const questions = kind === 'acceptance' ? [] : classifyQuestions(extractQuestions(body));
  return {
    kind,
    asins: noticeAsins(body.join('\n')),
    businessName: greeting >= 0 ? businessNameOf(lines[greeting]) : null,
    days: kind === 'acceptance' ? null : daysToAnswer(body.join('\n')),
    replyTo: replyAddressIn(body),
    questions,
    sentAt: greeting > 0 ? forwardedSentDate(lines, greeting) : null,
    reason: kind === 'follow-up' ? notSufficientReason(body) : null,
  };
}
