/** Amazon Standard Identification Numbers as used on Handmade listings: "B0" + 8 letters/digits. */
const ASIN_GLOBAL = /(?<![0-9A-Za-z])B0[0-9A-Z]{8}(?![0-9A-Za-z])/gi;
const ASIN_EXACT = /^B0[0-9A-Z]{8}$/;

/**
 * The ASIN appeal shows in its hints and help. It is made up (no listing has it), and because
 * a seller might copy it from a hint, an answer or photo that carries it is not finished.
 */
export const EXAMPLE_ASIN = 'B0EXAMPLE1';

/** Made-up ASINs: appeal's own example ones, and the "B0XXXXXXXX" blanks guides and templates use. */
export function isExampleAsin(value: string): boolean {
  const asin = normalizeAsin(value);
  return /^B0EXAMPLE\d$/.test(asin) || /^B0X{8}$/.test(asin);
}

export function normalizeAsin(value: string): string {
  return value.trim().toUpperCase();
}

export function isAsin(value: string): boolean {
  return ASIN_EXACT.test(normalizeAsin(value));
}

/** Every ASIN in a text (file name, email body), upper-cased, first occurrence order, no duplicates. */
export function findAsins(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(ASIN_GLOBAL)) seen.add(match[0].toUpperCase());
  return [...seen];
}

/** Parses "B0A,b0b c" style lists; returns the valid ones and the rejected tokens. */
export function parseAsinList(text: string): { asins: string[]; invalid: string[] } {
  const asins: string[] = [];
  const invalid: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const asin = normalizeAsin(token);
    if (isAsin(asin)) {
      if (!asins.includes(asin)) asins.push(asin);
    } else invalid.push(token);
  }
  return { asins, invalid };
}

/**
 * Whether two ASINs differ by one slip of the keyboard or the eye: one character changed
 * (B0C4K7PX2N for B0C4K7PX2M, O for 0) or two neighbours swapped (…X2PM for …XP2M).
 */
export function isNearMiss(a: string, b: string): boolean {
  const x = normalizeAsin(a);
  const y = normalizeAsin(b);
  if (x === y || x.length !== y.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]] && x[diff[1]] === y[diff[0]!];
}

/** The known ASIN an unknown one is a near miss of, or null (an exact match is not a miss). */
export function nearMissOf(asin: string, known: Iterable<string>): string | null {
  const wanted = normalizeAsin(asin);
  const list = [...known].map(normalizeAsin);
  if (list.includes(wanted)) return null;
  return list.find((candidate) => isNearMiss(wanted, candidate)) ?? null;
}
