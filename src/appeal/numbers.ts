/**
 * Counts as sellers write them in their answers: "25", "1,200", "twenty-five", "a dozen",
 * "hundreds". Shared by the policy rule (head counts) and the capacity reading.
 */

const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, dozen: 12,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** A count written in words (no capture group). */
export const NUMBER_WORD = `(?:(?:${Object.keys(TENS).join('|')})(?:[- ](?:${Object.keys(UNITS).filter((u) => UNITS[u]! < 10).join('|')}))?|${Object.keys(UNITS).join('|')}|a hundred|hundreds)`;

/** A count in digits or words, as capture group 1. */
export const NUM = `(\\d{1,3}(?:,\\d{3})*|\\d+|${NUMBER_WORD})`;

/** "25", "1,200", "twenty-five", "a dozen"→12, "hundreds"→100. */
export function parseCount(text: string): number | null {
  const t = text.toLowerCase().trim().replace(/^an? /, '');
  if (/^\d[\d,]*$/.test(t)) return Number(t.replace(/,/g, ''));
  if (t === 'hundred' || t === 'hundreds') return 100;
  const [tens, unit] = t.split(/[- ]/);
  if (tens && TENS[tens] !== undefined) return TENS[tens] + (unit ? (UNITS[unit] ?? 0) : 0);
  if (UNITS[t] !== undefined) return UNITS[t];
  return null;
}

/** Words for people who make things, with an optional qualifier ("part-time helpers"). */
export const PEOPLE =
  '(?:(?:full[- ]time|part[- ]time|paid|unpaid|skilled|local|regular|permanent|seasonal|other) )?' +
  '(?:employees|workers|people|persons|staff(?: members)?|team members|members|artisans|makers|seamstresses|' +
  'tailors|craftsmen|craftswomen|craftspeople|crafters|helpers|assistants|contractors|sewers|weavers|carvers|' +
  'family members|co-?workers|labou?rers|machine operators|operators|women|men|ladies|sewists|knitters|potters|' +
  'woodworkers|volunteers)';
