import { NUM, NUMBER_WORD, parseCount, PEOPLE } from './numbers.js';

/**
 * Reading the numbers inside three answers a reviewer puts side by side: how many items a
 * week, how long one item takes, and how many people make them. The seller's words are kept
 * as typed ("20-30 mugs"); these readings only judge whether the numbers can all be true.
 * Every reading leans to the seller's side (the smallest time, the largest team), so a
 * warning means the numbers cannot agree even read generously.
 */

export interface WeeklyCount {
  low: number;
  high: number;
}

const AMOUNT = `(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|${NUMBER_WORD})`;
const RANGE = new RegExp(`(?:between\\s+)?${AMOUNT}\\s*(?:-|–|—|to|or|and)\\s*${AMOUNT}`, 'gi');
const SINGLE = new RegExp(AMOUNT, 'gi');

function amountOf(text: string): number | null {
  const t = text.toLowerCase().trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return parseCount(t);
}

/** Items per week in a capacity answer: "12", "20-30 mugs", "about 5 a day", "a dozen"; null without a number. */
export function readWeeklyCount(value: unknown): WeeklyCount | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? { low: value, high: value } : null;
  if (typeof value !== 'string') return null;
  const text = value.toLowerCase();
  let low: number | null = null;
  let high: number | null = null;
  const range = new RegExp(RANGE.source, 'i').exec(text);
  if (range) {
    const a = amountOf(range[1]!);
    const b = amountOf(range[2]!);
    if (a !== null && b !== null) [low, high] = a <= b ? [a, b] : [b, a];
  }
  if (low === null) {
    const all = [...text.matchAll(SINGLE)].map((m) => amountOf(m[1]!)).filter((n): n is number => n !== null);
    if (all.length === 0) return null;
    low = Math.min(...all);
    high = Math.max(...all);
  }
  // Per day, month or year turned into a week: a working week is 5 to 7 days.
  if (/\b(?:per|a|each|every)\s+day\b|\bdaily\b|\/\s*day\b/.test(text)) return { low: low * 5, high: high! * 7 };
  if (/\b(?:per|a|each|every)\s+month\b|\bmonthly\b|\/\s*month\b/.test(text)) return { low: low / 4.35, high: high! / 4 };
  if (/\b(?:per|a|each|every)\s+year\b|\byearly\b|\bannually\b|\/\s*year\b/.test(text)) return { low: low / 52, high: high! / 52 };
  return { low, high: high! };
}

/** Why a capacity answer cannot be read, or true. Used by the interview before saving it. */
export function capacityProblem(text: string): true | string {
  const trimmed = text.trim();
  if (!trimmed) return 'Type how many items you can make in a week, e.g. 12 or "20-30 mugs".';
  if (/(^|[^\w-])-\s*\d/.test(trimmed)) return 'The number of items cannot be negative.';
  if (!readWeeklyCount(trimmed)) return `Put the number in, e.g. "12", "20-30 mugs" or "about 5 a day" ("${trimmed}" has none).`;
  return true;
}

/** What to save: a bare whole number as a number (as before), anything else as typed. */
export function capacityValue(text: string): string | number {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

const DURATION = new RegExp(
  `\\b(half an?|an? half|an?|${AMOUNT}(?:\\s*(?:-|–|to)\\s*${AMOUNT})?)\\s*` +
    '(seconds?|secs?|minutes?|mins?|m\\b|hours?|hrs?|h\\b)(\\s+and a half\\b)?',
  'gi',
);

/** Time that is waiting, not work: a kiln or a curing candle does not need the maker. */
const WAITING = /\b(?:cur(?:e|es|ing)|dr(?:y|ies|ying)|set(?:s|ting)?|fir(?:e|es|ing)|kiln|bak(?:e|es|ing)|wait(?:s|ing)?|overnight|rest(?:s|ing)?|soak(?:s|ing)?|cool(?:s|ing)?)\b/i;

/**
 * The shortest working time per item the answer states, in minutes: "20 minutes per mug",
 * "2-3 hours", "an hour and a half". Durations about waiting (curing, drying, firing) are not
 * work; an answer about batches has no per-item time. Null when nothing can be read.
 */
export function readMinutesPerItem(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const lower = text.toLowerCase();
  // "a batch of 40 takes 3 hours": the time is for many items at once.
  if (/\bbatch(?:es)?\b|\bat (?:a|one) time\b|\bat once\b|\bper (?:batch|pour|load|run)\b/.test(lower)) return null;
  let best: number | null = null;
  // Clauses end at a full stop (not the one in "1.5 hours"), a comma or a "then".
  const clauses = lower.split(/\.(?=\s|$)|[;,\n]|\b(?:then|plus|after that|but)\b/);
  for (const clause of clauses) {
    if (WAITING.test(clause)) continue;
    for (const match of clause.matchAll(DURATION)) {
      const [, amount = '', low, , unit = '', andHalf] = match;
      let value: number | null;
      if (/^half an?$/.test(amount) || /^an? half$/.test(amount)) value = 0.5;
      else if (/^an?$/.test(amount)) value = 1;
      else value = low ? amountOf(low) : amountOf(amount);
      if (value === null) continue;
      if (andHalf) value += 0.5;
      const minutes = unit.startsWith('s') ? value / 60 : unit.startsWith('h') ? value * 60 : value;
      // Longer than a working day is how long an item takes to be ready, not hands-on work.
      if (minutes <= 0 || minutes > 8 * 60) continue;
      best = best === null ? minutes : Math.min(best, minutes);
    }
  }
  return best;
}

const SINGULAR =
  '(?:employee|worker|person|staff member|team member|member|artisan|maker|seamstress|tailor|craftsman|craftswoman|' +
  'helper|assistant|contractor|sewer|weaver|carver|family member|co-?worker|labou?rer|operator|sewist|knitter|potter|woodworker|volunteer)';
const RELATIVES =
  /\b(?:husband|wife|partner|spouse|sister|brother|mother|mom|mum|father|dad|son|daughter|friend|cousin|aunt|uncle|niece|nephew|grandmother|grandfather|grandma|grandpa|neighbou?r|apprentice|assistant|helper|employee|colleague)s?\b/gi;
const ALONE = /^\s*(?:none|no|zero|0|n\/a)\b|\b(?:alone|by myself|on my own|just me|only me|myself only|solo|one-person|one person|sole (?:maker|owner|artisan|proprietor)|i make (?:everything|all|each|every)|no (?:employees|staff|helpers|one else)|nobody else|no one else)\b/i;

/**
 * The most people the team answers can mean (the seller included): "alone" is 1, "me and my
 * sister" 2, "I have two employees" 3. Null when the answers say nothing countable.
 */
export function readTeamSize(texts: readonly unknown[]): number | null {
  let most: number | null = null;
  const consider = (n: number) => {
    most = most === null ? n : Math.max(most, n);
  };
  for (const value of texts) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      // A bare number answering "how many employees?": the seller works too.
      consider(value + 1);
      continue;
    }
    if (typeof value !== 'string' || !value.trim()) continue;
    const text = value.toLowerCase();
    const bare = /^\s*(?:about |around )?(\d{1,4})\s*\.?\s*$/.exec(text);
    if (bare) consider(Number(bare[1]) + 1);
    let counted = false;
    for (const m of text.matchAll(new RegExp(`\\b${NUM}\\s*\\+?\\s*(?:${PEOPLE}|${SINGULAR})\\b`, 'gi'))) {
      const n = parseCount(m[1]!);
      if (n !== null) {
        consider(n + 1);
        counted = true;
      }
    }
    for (const m of text.matchAll(new RegExp(`\\b(?:team|group|crew|staff) of ${NUM}\\b|\\b${NUM} of us\\b`, 'gi'))) {
      const n = parseCount(m[1] ?? m[2]!);
      if (n !== null) {
        consider(n);
        counted = true;
      }
    }
    if (counted) continue;
    // "my sister helps": one more; "my sons help": at least two more.
    const relatives = new Map<string, number>();
    // "No employees", "without helpers": people who are not there.
    const present = text.replace(/\b(?:no|not any|without|zero|never had|do not have|don't have)\s+(?:\w+\s+)?(?:employees?|helpers?|staff|assistants?|apprentices?|colleagues?)\b/g, ' ');
    for (const m of present.matchAll(RELATIVES)) {
      const word = m[0];
      const plural = word.endsWith('s') && !word.endsWith('ss');
      relatives.set(plural ? word.slice(0, -1) : word, Math.max(relatives.get(word) ?? 0, plural ? 2 : 1));
    }
    if (relatives.size > 0) consider(1 + [...relatives.values()].reduce((a, b) => a + b, 0));
    else if (ALONE.test(text)) consider(1);
  }
  return most;
}

/** A generous working week for one maker. */
export const HOURS_PER_PERSON = 70;
/** Handmade's own upper limit on a team, used when the answers do not say. */
export const LARGEST_TEAM = 20;

export interface CapacityConflict {
  perWeek: number;
  minutesPerItem: number;
  people: number;
  /** Whether the team size was read from the answers (else the largest Handmade team). */
  teamKnown: boolean;
  hoursNeeded: number;
  hoursAvailable: number;
}

/**
 * Whether "N items a week" and "M minutes per item by P people" cannot both be true:
 * the hours the items need exceed what the team can work in a week.
 */
export function capacityConflict(answers: Record<string, unknown>): CapacityConflict | null {
  const weekly = readWeeklyCount(answers.weeklyCapacity);
  const minutes = readMinutesPerItem(answers.timePerItem);
  if (!weekly || minutes === null || weekly.low <= 0) return null;
  const team = readTeamSize([answers.team, answers.employees]);
  const people = team ?? LARGEST_TEAM;
  const hoursNeeded = (weekly.low * minutes) / 60;
  const hoursAvailable = people * HOURS_PER_PERSON;
  if (hoursNeeded <= hoursAvailable) return null;
  return { perWeek: weekly.low, minutesPerItem: minutes, people, teamKnown: team !== null, hoursNeeded, hoursAvailable };
}

/** "5,000 items a week at 20 minutes each is about 1,667 hours of work; 1 person can do about 70." */
export function describeConflict(conflict: CapacityConflict): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const each = conflict.minutesPerItem >= 60 ? `${+(conflict.minutesPerItem / 60).toFixed(1)} hours` : `${+conflict.minutesPerItem.toFixed(1)} minutes`;
  const who = conflict.teamKnown
    ? `${conflict.people} ${conflict.people === 1 ? 'person' : 'people'}`
    : `even ${conflict.people} people (the most Handmade expects)`;
  return (
    `${n(conflict.perWeek)} items a week at ${each} each is about ${n(conflict.hoursNeeded)} hours of work, ` +
    `but ${who} can work about ${n(conflict.hoursAvailable)} hours in a week`
  );
}
