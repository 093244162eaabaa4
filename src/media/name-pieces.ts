/**
 * The business name put together from several readings of the same place (pure, no I/O).
 *
 * One view of a photo reads "Tin Roof Pott" (the crop cut the line), another of the same card
 * "n Roof Pottery" (cut at its other end, or a glare over the start): neither is the name,
 * together they are, as a person reads it by looking twice. Each reading says which of the name's letters it saw right
 * (name-match.ts letterCosts); a letter counts as seen when any reading of that place saw it.
 * The name is found when every letter was seen (the first may be covered, a letter confused
 * with its look-alike) and what that costs is within the name's usual error budget.
 *
 * Only readings that are near the name (at least half its letters) and lie on one another in
 * the photo are joined, and never one reading with itself. Another shop's name is read the same
 * way by every view, so its own letters never add up to ours: "Tin Roof Studio" stays itself.
 */
import {
  allowedDistance,
  groupLines,
  HIDDEN_FIRST_LETTER_COST,
  letterCosts,
  normalizeText,
  ocrDistance,
  stackedLines,
  variantWords,
  type Box,
  type OcrWord,
} from './name-match.js';

/** One view's closest reading of the name on one line. */
export interface NameReading {
  /** The spelling of the name it was compared with (letters and digits only). */
  variant: string;
  /** What each letter of the spelling cost in this reading (name-match.ts letterCosts). */
  costs: number[];
  /** The words as read. */
  text: string;
  /** Where they were read, in the caller's coordinates. */
  box: Box;
}

/** Names shorter than this are never put together: a short name must be read whole. */
const LEAST_LETTERS = 8;
/** A reading joins only when at least this share of the name's letters was read right. */
const LEAST_SEEN = 0.5;

function union(boxes: readonly Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/**
 * The readings in one view's words that come near the name without being it: per line (and
 * pair of stacked lines), the run of words closest to each spelling of the name.
 */
export function nameReadings(name: string, words: readonly OcrWord[]): NameReading[] {
  const variants = variantWords(name)
    .map((tokens) => ({ joined: tokens.join('') }))
    .filter((v) => v.joined.length >= LEAST_LETTERS);
  if (variants.length === 0) return [];
  const readings: NameReading[] = [];
  const lines = groupLines(words);
  for (const line of [...lines, ...stackedLines(lines)]) {
    const parts = line.map((w) => normalizeText(w.text).replace(/ /g, ''));
    for (const variant of variants) {
      let best: { distance: number; start: number; end: number; read: string } | null = null;
      for (let start = 0; start < line.length; start++) {
        let joined = '';
        for (let end = start; end < line.length; end++) {
          joined += parts[end];
          if (joined.length > variant.joined.length + 3) break;
          const distance = ocrDistance(variant.joined, joined);
          if (!best || distance < best.distance) best = { distance, start, end, read: joined };
        }
      }
      if (!best || best.distance > variant.joined.length * (1 - LEAST_SEEN)) continue;
      const matched = line.slice(best.start, best.end + 1);
      readings.push({
        variant: variant.joined,
        costs: letterCosts(variant.joined, best.read),
        text: matched.map((w) => w.text.trim()).join(' '),
        box: union(matched.map((w) => w.box)),
      });
    }
  }
  return readings;
}

/**
 * Where the joined name lies: from the leftmost reading to the rightmost (each saw a different
 * end of it), at the readings' middle top and bottom (a reading of two stacked lines, or one
 * that took in a frame's edge, must not make the name twice as tall).
 */
function sideways(boxes: readonly Box[]): Box {
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const whole = union(boxes);
  return [whole[0], middle(boxes.map((b) => b[1])), whole[2], middle(boxes.map((b) => b[3]))];
}

/** Whether two boxes lie on one another: their overlap is at least half the smaller one. */
function onOneAnother(a: Box, b: Box): boolean {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return false;
  const area = (box: Box) => Math.max(1, (box[2] - box[0]) * (box[3] - box[1]));
  return w * h >= 0.5 * Math.min(area(a), area(b));
}

export interface JoinedName {
  /** The readings joined, as read ("Tin Roof Pott", "n Roof Pottery"). */
  texts: string[];
  box: Box;
  /** The letters left unseen, weighed as in ocrDistance. */
  distance: number;
}

/**
 * The name put together from readings of several views (`view` tells them apart: readings of
 * one view never join each other), or null. Each reading in turn anchors a group of the
 * readings of other views lying on it; in the group a letter costs the least it cost in any of
 * them. The group is the name when no letter is left unseen and the costs add up to within the
 * name's budget.
 */
export function joinReadings(readings: readonly { view: number; reading: NameReading }[]): JoinedName | null {
  let best: JoinedName | null = null;
  for (const anchor of readings) {
    const group = readings.filter(
      (other) => other === anchor || (other.view !== anchor.view && other.reading.variant === anchor.reading.variant && onOneAnother(other.reading.box, anchor.reading.box)),
    );
    if (new Set(group.map((g) => g.view)).size < 2) continue;
    const { variant } = anchor.reading;
    const least = variant.split('').map((_, i) => Math.min(...group.map((g) => g.reading.costs[i]!)));
    const distance = least.reduce((sum, c) => sum + c, 0);
    // Every letter seen by some reading (the first may be covered, a letter may be confused):
    // a join is no licence for the real error a single reading may hold, which a stray letter
    // of another reading could otherwise pay for ("Lotus Hands" read beside an "A").
    if (least.some((c) => c >= 1) || distance > allowedDistance(variant.length) + 1e-9) continue;
    // The name's first letter passes as covered only when no reading of the place read another
    // letter there: one view losing the "A" of "Amber Glassworks" must not make it "Ember".
    if (least[0]! >= HIDDEN_FIRST_LETTER_COST && group.some((g) => g.reading.costs[0]! > HIDDEN_FIRST_LETTER_COST)) continue;
    // Only the readings that saw some letter best take part in what is reported.
    const used = group.filter((g) => g.reading.costs.some((c, i) => c <= least[i]! + 1e-9 && c < 1));
    if (!best || distance < best.distance) {
      best = { texts: [...new Set(used.map((g) => g.reading.text))], box: sideways(used.map((g) => g.reading.box)), distance };
    }
  }
  return best;
}
