// Longer than most modules: the patterns of the Handmade terms (team size, outsourcing, resale,
// product types) with their negations; one table is easier to review than five files.
import { NUM, parseCount, PEOPLE } from '../appeal/numbers.js';
import type { Finding, Rule } from './types.js';
import { capitalize, sellerTexts, shorten, type TextSource } from './util.js';

/**
 * Answers that contradict the Amazon Handmade terms: too big a team, outsourced or mass
 * production, reselling, and product types Handmade does not take. Each pattern is a phrase a
 * seller might really write; a negation in the same clause ("we never outsource", "no factory",
 * "unlike mass-produced jewelry") silences it, because those sentences are exactly what Amazon
 * wants to read.
 */

/** Handmade prefers groups of at most this many people. */
export const MAX_TEAM = 20;

interface Hit {
  start: number;
  end: number;
  /** Wording Amazon may misread (policy-wording), not a contradiction of the terms (policy). */
  advice?: boolean;
  reason: string;
  hint: string;
  /** A head count: softened when the seller describes a collective. */
  team?: boolean;
}

interface Pattern {
  re: RegExp;
  /** Return null to ignore this match. */
  judge?(match: RegExpExecArray, text: string, source: TextSource): Omit<Hit, 'start' | 'end'> | null;
  advice?: boolean;
  reason?: string;
  hint?: string;
}

// ------------------------------------------------------------------ numbers

export { parseCount };

/** Words right before a number that make it an upper bound, not a head count. */
const BOUND_BEFORE = /(?:fewer than|less than|under|up to|no more than|not more than|at most|below|maximum of|max\.?|never more than)\s*$/i;
/** Words before "30 people" that make them an audience, not a team ("classes for 30 people"). */
const AUDIENCE_BEFORE = /\b(?:to|for|serves?|serving|feeds?|seats?|taught|teach|teaches|teaching|with over)\s*$/i;

function teamSize(match: RegExpExecArray, text: string): Omit<Hit, 'start' | 'end'> | null {
  return teamSizeAt(match[1] ?? '', match.index, text);
}

function teamSizeAt(countText: string, index: number, text: string): Omit<Hit, 'start' | 'end'> | null {
  const count = parseCount(countText);
  if (count === null || count <= MAX_TEAM) return null;
  const before = text.slice(0, index);
  if (BOUND_BEFORE.test(before) || AUDIENCE_BEFORE.test(before)) return null;
  return {
    team: true,
    reason: `Handmade expects the artisan alone or a group of at most ${MAX_TEAM} people`,
    hint: `Say who actually makes the items. If more than ${MAX_TEAM} people do, Handmade is likely the wrong store; if the number counts people who only pack or ship, say so.`,
  };
}

function contractorShare(match: RegExpExecArray): Omit<Hit, 'start' | 'end'> | null {
  const percent = Number(match[1] ?? match[2]);
  if (!Number.isFinite(percent) || percent === 0) return null;
  const hint = 'Outsourcing production is not allowed in Handmade: describe what you and your helpers make yourselves, and what contractors do only if it is not production.';
  if (percent > 50) return { reason: 'contractors making most of the items is outsourced production', hint };
  return { advice: true, reason: 'Amazon may read any share of production by contractors as outsourcing', hint };
}

/** The sentence around a match, for judging what the match is about. */
function sentenceAround(text: string, start: number, end: number): { before: string; after: string; whole: string } {
  const from = Math.max(...['.', '!', '?', '\n'].map((c) => text.lastIndexOf(c, start - 1))) + 1;
  const tail = /[.!?\n]/.exec(text.slice(end));
  const to = tail ? end + tail.index : text.length;
  return { before: text.slice(from, start), after: text.slice(end, to), whole: text.slice(from, to) };
}

const words = (text: string, count: number, fromEnd: boolean): string => {
  const all = text.split(/\s+/).filter(Boolean);
  return (fromEnd ? all.slice(-count) : all.slice(0, count)).join(' ');
};

/**
 * What a supplier or factory makes when it is a blank ("my supplier makes the blank mugs",
 * "the plain tote bags come from a factory") or a material ("the leather is made by ...").
 * Buying materials is not outsourcing; Handmade allows hand-altering pre-made blanks, but a
 * blank only packed and sold is someone else's product.
 */
const BLANK = /\b(?:blanks?|pre-?made|ready-?made|plain|undecorated|unfinished)\b/i;
const MATERIAL =
  /\b(?:raw|materials?|supplies|components|findings|fabrics?|yarns?|beads|clay|wood|lumber|leather|hides?|paper|canvas(?:es)?|wax|chains?)\b/i;
/** The seller working on what they bought: "I paint them", "we engrave each one". */
const HAND_ALTERING =
  /\b(?:i|we)\s+(?:then\s+|also\s+|personally\s+|each\s+)?(?:hand[- ]?)?(?:paint|decorate|engrave|embroider|dye|stamp|glaze|embellish|customi[sz]e|personali[sz]e|alter|carve|etch|burn|screen[- ]?print|letter|illustrate|print my|apply my)\w*\b/i;

/**
 * A supplier, factory or third party making something: outsourced production, unless what it
 * makes is a material, or a blank the seller then alters by hand (both allowed). Hand work on
 * something the sentence does not call a blank is advice: say plainly that it is one.
 */
function madeByOthers(reason: string) {
  return (match: RegExpExecArray, text: string): Omit<Hit, 'start' | 'end'> | null => {
    const { before, after, whole } = sentenceAround(text, match.index, match.index + match[0].length);
    const near = `${words(before, 6, true)} | ${words(after, 4, false)}`;
    const altered = HAND_ALTERING.test(whole);
    if (BLANK.test(near)) return altered ? null : { reason: `${reason}: a blank only packed and sold is not altered by hand`, hint: OUTSOURCE_HINT };
    if (MATERIAL.test(near)) return null;
    if (altered) {
      return {
        advice: true,
        reason: `${reason}, unless what they make is only the blank you then alter by hand`,
        hint: 'Say plainly that the supplier makes only the blank items (plain mugs, shirts) and that you design and apply the decoration by hand.',
      };
    }
    return { reason, hint: OUTSOURCE_HINT };
  };
}

/** "I sign, mount and frame every print", "we trim and number each one". */
const FINAL_STEPS =
  /\b(?:i|we)\b[^.!?\n]{0,40}?\b(?:sign|signs|signed|mount|mounts|mounted|frame|frames|framed|trim|trims|trimmed|cut|cuts|bind|binds|number|numbers|numbered|assemble|assembles|stretch|stretches|varnish|varnishes|finish|finishes|emboss|embosses|mat|mats|matte?d?|hand-finish\w*)\b/i;
/** The printed image is the artisan's own work. */
const OWN_DESIGN =
  /\b(?:my|our) (?:own )?(?:designs?|artwork|art|paintings?|watercolou?rs?|illustrations?|drawings?|photographs?|photos|prints of my)\b|\b(?:i|we) (?:design|paint|draw|illustrate|photograph|create) (?:the|every|each|all|them|it|my|our)\b/i;

/**
 * Outside printing is allowed for prints of the artisan's own designs when the artisan does
 * the final steps. Both said: nothing to report. Otherwise the answer should say them.
 */
function outsidePrinting(_match: RegExpExecArray, text: string): Omit<Hit, 'start' | 'end'> | null {
  const design = OWN_DESIGN.test(text);
  const finishing = FINAL_STEPS.test(text);
  if (design && finishing) return null;
  const missing = [design ? null : 'that the designs are your own', finishing ? null : 'which final steps you do yourself (signing, trimming, mounting, framing, packing)']
    .filter(Boolean)
    .join(' and ');
  return {
    advice: true,
    reason: 'Handmade allows outside printing only for prints of your own designs when you do the final steps',
    hint: `Say ${missing}.`,
  };
}

const OUTSOURCE_HINT =
  'Handmade items must be made by you (and your family or employees) in your own workspace; outsourcing production is not allowed. If this is not what you meant, reword it.';
const PRODUCT_HINT = 'If you do not sell these in Handmade, remove the mention; otherwise those listings belong in another category.';

const PATTERNS: Pattern[] = [
  // -- team size
  { re: new RegExp(`\\b(?:team|staff|group|crew|workforce|workshop|cooperative|co-?op|collective|network|guild) of (?:about |around |approximately |roughly |nearly |over |more than |some )?${NUM}\\b`, 'gi'), judge: teamSize },
  { re: new RegExp(`\\b${NUM}\\s*\\+?\\s*${PEOPLE}\\b`, 'gi'), judge: teamSize },
  { re: new RegExp(`\\b${NUM}[- ](?:person|people|member|employee)[- ](?:team|workshop|crew|company|business)\\b`, 'gi'), judge: teamSize },
  { re: new RegExp(`\\b${NUM} of us\\b`, 'gi'), judge: teamSize },
  { re: new RegExp(`\\b(?:employ|employs|employing|hire|hired|hires) ${NUM}\\b`, 'gi'), judge: teamSize },
  // -- outsourced production
  { re: /\bcontractors?\b[^.;!?\n]{0,40}?\b(\d{1,3})\s*(?:%|percent\b)|\b(\d{1,3})\s*(?:%|percent\b)[^.;!?\n]{0,40}?\bcontractors?\b/gi, judge: contractorShare },
  {
    re: /\b(?:most|all|the majority|the bulk|much|\d{2,3}\s*%) (?:of )?(?:(?:our|my|the) )?(?:items?|products?|pieces?|production|work|orders?)? ?(?:is |are )?(?:made|produced|done|sewn|assembled|handled|manufactured|built) by (?:\w+ )?(?:contractors?|suppliers?|vendors?|manufacturers?|a factory|factories)\b/gi,
    reason: 'having others make most of the items is outsourced production',
    hint: OUTSOURCE_HINT,
  },
  {
    re: /\bcontractors? (?:make|makes|do|does|produce|produces|sew|sews|assemble|assembles|handle|handles|build|builds) (?:most|all|the majority|the bulk|much|everything)\b/gi,
    reason: 'contractors making most of the items is outsourced production',
    hint: OUTSOURCE_HINT,
  },
  // Outside printing is judged on its own: allowed for the artisan's own designs with the final steps done by hand.
  {
    re: /\b(?:printed|prints? (?:are|is) (?:made|produced))(?: for (?:me|us))? (?:by|at|in|through) (?:a |an |the |my |our )?(?:third[- ]party |outside |local |professional |online |fine[- ]art |giclee |gicl\u00e9e )?(?:print(?:ing)? (?:labs?|shops?|houses?|companies|company|services?|studios?|partners?)|printers?|print ?shops?|labs?|third[- ]part(?:y|ies))\b/gi,
    judge: outsidePrinting,
  },
  {
    re: /\b(?:made|produced|manufactured|sewn|assembled|built|crafted|cast) (?:for (?:me|us) )?(?:by|at|in) (?:a |an |the |our |my )?(?:factory|factories|manufacturers?|suppliers?|vendors?|wholesalers?|third[- ]part(?:y|ies)|overseas partners?)\b/gi,
    judge: madeByOthers('items made by a factory, manufacturer or supplier are not handmade by you'),
  },
  {
    re: /\b(?:my|our|a|the) (?:wholesale )?(?:suppliers?|vendors?|wholesalers?|manufacturers?|factory|factories)(?: \w+){0,2}? (?:makes?|made|produces?|produced|manufactures?|manufactured|sews?|sewed|assembles?|assembled|builds?|built|creates?|created|casts?|does the production|handles (?:the )?production)\b/gi,
    judge: madeByOthers('items made by a factory, manufacturer or supplier are not handmade by you'),
  },
  { re: /\bout[- ]?sourc(?:e|es|ed|ing)\b/gi, reason: 'outsourcing production is not allowed in Handmade', hint: OUTSOURCE_HINT },
  { re: /\bsub[- ]?contract(?:s|ed|ing|ors?)?\b|\bcontracted out\b|\bcontract manufactur\w*/gi, reason: 'outsourcing production is not allowed in Handmade', hint: OUTSOURCE_HINT },
  { re: /\bdrop[- ]?ship(?:s|ped|per|pers|ping)?\b/gi, reason: 'dropshipping is reselling, not handmade', hint: OUTSOURCE_HINT },
  { re: /\bfactor(?:y|ies)\b(?![- ](?:reset|settings?|defaults?)\b)(?:[- ]made)?/gi, judge: madeByOthers('a factory is not a handmade workshop') },
  { re: /\bmass[- ]?(?:produc\w*|manufactur\w*)\b|\b(?:assembly|production) lines?\b|\bautomated (?:production|manufacturing|process)\b/gi, reason: 'Handmade items must not be mass produced', hint: OUTSOURCE_HINT },
  { re: /\b(?:re-?sell(?:s|ing|er|ers)?|private[- ]label(?:ed)?|white[- ]label(?:ed)?)\b/gi, reason: 'reselling items made by others is not handmade', hint: OUTSOURCE_HINT },
  {
    re: /\bprint[- ]on[- ]demand\b/gi,
    advice: true,
    reason: 'a print-on-demand service makes and ships the item; Handmade allows outside printing only of your own designs with the final steps done by you',
    hint: 'Say which steps you do yourself after printing (cutting, sewing, finishing, packing), or leave these items out of Handmade.',
  },
  {
    re: /\bwholesal(?:e|ers?)\b/gi,
    advice: true,
    reason: 'Amazon may read "wholesale" as reselling',
    hint: 'Say plainly what you buy (raw materials, blanks) and that you make the items by hand; leave the word out if it is not needed.',
  },
  // -- products Handmade does not take
  {
    re: /\b(?:digital (?:downloads?|products?|files? for sale)|downloadables?|instant downloads?|printables\b|printable (?:art|wall art|planners?|pdfs?|files?|downloads?))\b/gi,
    reason: 'digital or downloadable products are not allowed in Handmade',
    hint: PRODUCT_HINT,
  },
  {
    re: /\b(?:dog|cat|pet|horse|bird|puppy|kitten) (?:treats?|biscuits?|cookies|chews?|food)\b/gi,
    advice: true,
    reason: 'pet treats are allowed in Handmade only in the US store',
    hint: 'Keep pet treats only if you sell in the US store; other food is not allowed in Handmade.',
  },
  {
    re: /\b(?:baked goods|edibles?|food (?:items?|products?)|grocery items?|homemade (?:cookies|candy|candies|fudge|jams?|jelly|jellies|chocolates?|snacks?|sauces?|granola|jerky|bread|cakes?|cupcakes?|pies?|pastries)|(?:we|i) bake|(?:cookies|cupcakes|cakes|fudge|candies|chocolates|jams|jerky|granola|brownies|pastries|hot sauces?) (?:that )?(?:we|i) (?:make|bake|sell|cook))\b/gi,
    reason: 'food is not allowed in Handmade (only pet treats, in the US)',
    hint: PRODUCT_HINT,
  },
  {
    re: /\b(?:electronic accessor(?:y|ies)|(?:cell ?phone|mobile phone|smartphone|phone|iphone|tablet|ipad|kindle|e-?reader|laptop|macbook|airpods?|earbuds?|headphones?) (?:cases?|covers?|sleeves?|skins?|stands?|holders?|mounts?|grips?|chargers?|docks?)|(?:phone|usb|wireless) chargers?|charging (?:cables?|docks?|stations?|pads?)|usb cables?|mouse ?pads?)\b/gi,
    reason: 'electronic accessories are not allowed in Handmade',
    hint: PRODUCT_HINT,
  },
];

// ------------------------------------------------------------------ negation

/** Where a clause starts: sentence ends, colons, brackets, and contrasting conjunctions. */
const CLAUSE_START = /(?:[.;!?:()\n\u2022]|\b(?:but|however|although|though|whereas)\b|,\s*(?=(?:we|i|they|he|she|my|our|it|everything|all)\b))/gi;
const NEGATION_BEFORE =
  /(?:\b(?:no|not|never|none|nothing|nobody|neither|nor|without|zero|cannot|instead of|rather than|unlike|opposed to|avoid|avoids|avoiding|refuse|refuses|against|free of|free from|anti)\b|n't\b|\bnon-?\s*$)/i;
const NEGATION_AFTER = /^(?:(?:is|are|was|were|has|have)\s+)?(?:not|never|none|no|zero|0\s*%|n\/a)\b/i;
const NEGATION_WINDOW_WORDS = 8;

function clauseBefore(text: string, start: number): string {
  const head = text.slice(0, start);
  let from = 0;
  for (const m of head.matchAll(CLAUSE_START)) from = m.index + m[0].length;
  return head.slice(from);
}

export function isNegated(text: string, start: number, end: number): boolean {
  const before = clauseBefore(text, start);
  const words = before.split(/\s+/).filter(Boolean);
  const window = words.slice(-NEGATION_WINDOW_WORDS).join(' ');
  if (NEGATION_BEFORE.test(window) || /\bnon-?\s*$/i.test(before)) return true;
  const after = text.slice(end).split(/[.;!\n]/, 1)[0] ?? '';
  return NEGATION_AFTER.test(after.replace(/^[\s:?,\u2013\u2014-]+/, ''));
}

// ------------------------------------------------------------------ the rule

/** A few words around the match, within its sentence, so the seller recognises the place. */
function quoteOf(text: string, start: number, end: number): string {
  const sentenceStart = Math.max(text.lastIndexOf('.', start - 1), text.lastIndexOf('\n', start - 1), text.lastIndexOf('!', start - 1), text.lastIndexOf('?', start - 1)) + 1;
  const tailMatch = /[.!?\n]/.exec(text.slice(end));
  const sentenceEnd = tailMatch ? end + tailMatch.index : text.length;
  const beforeWords = text.slice(sentenceStart, start).split(/\s+/).filter(Boolean).slice(-3).join(' ');
  const afterWords = text.slice(end, sentenceEnd).split(/\s+/).filter(Boolean).slice(0, 3).join(' ');
  const core = text.slice(start, end);
  const glue = (a: string, b: string) => (a && b ? `${a} ${b}` : a || b);
  const quote = glue(glue(beforeWords, core), afterWords).replace(/^[,;:\s]+|[,;:\s]+$/g, '');
  return shorten(quote, 80);
}

/**
 * Cooperatives, nonprofits, NGOs and social enterprises are their own kind of Handmade seller:
 * the 20-person preference is about small groups, so for them a head count is only a warning.
 */
const COLLECTIVE = /\b(?:co-?op(?:erative)?s?|collectives?|non-?profits?|NGOs?|social enterprises?|charit(?:y|ies))\b/gi;

export function describesCollective(texts: readonly TextSource[]): boolean {
  return texts.some((source) =>
    [...source.text.matchAll(COLLECTIVE)].some((m) => !isNegated(source.text, m.index, m.index + m[0].length)),
  );
}

const COLLECTIVE_HINT =
  'As a collective (cooperative, nonprofit, NGO, social enterprise) say so plainly, and give Amazon a link to documentation about your organisation.';

/** Blanks out the business name (same length, offsets kept): "The Soap Factory" is a name, not a factory. */
function maskName(text: string, name: string | null | undefined): string {
  const trimmed = name?.trim();
  if (!trimmed) return text;
  const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return text.replace(new RegExp(escaped, 'gi'), (m) => ' '.repeat(m.length));
}

/** A policy finding and which rule reports it: a contradiction (policy) or advice (policy-wording). */
export interface PolicyFinding extends Finding {
  advice: boolean;
}

export function policyFindings(
  source: TextSource,
  options: { collective?: boolean; businessName?: string | null } = {},
): PolicyFinding[] {
  const original = source.text.replace(/[\u2018\u2019]/g, "'");
  const text = maskName(original, options.businessName);
  const hits: Hit[] = [];
  for (const pattern of PATTERNS) {
    pattern.re.lastIndex = 0;
    for (const match of text.matchAll(pattern.re)) {
      const start = match.index;
      const end = start + match[0].length;
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      const judged = pattern.judge ? pattern.judge(match, text, source) : { reason: pattern.reason!, hint: pattern.hint!, advice: pattern.advice };
      if (!judged) continue;
      if (isNegated(text, start, end)) continue;
      hits.push({ start, end, ...judged, advice: judged.advice ?? pattern.advice });
    }
  }
  // A bare number answering "how many employees?" is a head count.
  if (source.answerId === 'employees' || source.answerId === 'team') {
    const bare = /^\s*(?:about |around |approximately |roughly |over |more than )?(\d{1,5})\b(?!\s*(?:%|percent|years?|hours?|days?|weeks?|months?|minutes?|items?|pieces?))/i.exec(text);
    if (bare && !hits.some((h) => h.start <= bare.index + bare[0].length)) {
      const judged = teamSizeAt(bare[1]!, bare.index, text);
      if (judged) hits.push({ start: bare.index, end: bare.index + bare[0].length, ...judged });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits.map((hit) => {
    const softened = Boolean(hit.team && options.collective);
    return {
      advice: softened || Boolean(hit.advice),
      file: source.file,
      message: `${capitalize(source.label)} says "${quoteOf(original, hit.start, hit.end)}": ${hit.reason}.`,
      hint: softened ? COLLECTIVE_HINT : hit.hint,
    };
  });
}

function allPolicyFindings(context: Parameters<Rule['check']>[0]): PolicyFinding[] {
  const texts = sellerTexts(context);
  const collective = describesCollective(texts);
  const businessName = context.businessName ?? context.appeal?.business?.name ?? null;
  return texts.flatMap((source) => policyFindings(source, { collective, businessName }));
}

const withoutClass = ({ advice: _advice, ...finding }: PolicyFinding): Finding => finding;

/** Answers that contradict the Handmade terms: a blocking problem. */
export const policy: Rule = {
  id: 'policy',
  defaultSeverity: 'error',
  description: 'Answers do not contradict the Handmade terms (team size, outsourcing, factories, dropshipping, product types).',
  hint: 'Describe what you make yourself, by hand, in your own workspace; remove wording that suggests a factory, suppliers making the items, or more than 20 people.',
  fixable: false,
  check(context) {
    return allPolicyFindings(context).filter((f) => !f.advice).map(withoutClass);
  },
};

/**
 * Wording Amazon may misread although the terms allow what it describes (a share done by
 * contractors, "wholesale", outside printing or blanks without the seller's own steps said,
 * a collective's head count): advice on what to state clearly.
 */
export const policyWording: Rule = {
  id: 'policy-wording',
  defaultSeverity: 'warning',
  description: 'Answers state plainly what the Handmade terms allow: own designs, final steps done by hand, blanks altered by hand.',
  hint: 'Say plainly what you design and which steps you do by hand, so the reviewer does not have to guess.',
  fixable: false,
  check(context) {
    return allPolicyFindings(context).filter((f) => f.advice).map(withoutClass);
  },
};
