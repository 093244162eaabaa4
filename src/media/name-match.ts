/**
 * Tolerant matching of the seller's business name against what OCR read (pure, no I/O).
 *
 * OCR on a phone photo of a card gets a few characters wrong (0/O, 1/l/I, 5/S, rn/m), drops or
 * splits spaces and reads "&" as "and", "8" or nothing. All of that must still count as the name.
 * What must NOT count: another shop's name that shares a word ("Cactus Flowers"), one word of
 * the name alone ("Hands"), or a generic word that merely looks alike ("HANDMADE").
 * So: whole OCR words only (never a piece of a longer word), the whole name, and an error
 * budget that grows slowly with the name's length (very short names must match exactly).
 *
 * Longer than most modules: the tolerant comparison, the search for the name across words and
 * lines, and the partial match that makes a doubtful miss a warning share one notion of
 * "close enough", and splitting them would spread that notion over several files.
 */

export type Box = [number, number, number, number];

export interface OcrWord {
  text: string;
  /** [left, top, right, bottom] in the coordinates of the image OCR read. */
  box: Box;
  /** Tesseract's 0..100 confidence, when known. */
  confidence?: number;
}

export interface NameMatch {
  /** The words as OCR read them, joined with spaces. */
  text: string;
  /** Union of the matched words' boxes. */
  box: Box;
  /** Weighted edit distance between the name and the words (0 = exact after normalising). */
  distance: number;
  /** The largest distance this name allows. */
  allowed: number;
  words: OcrWord[];
}

/** Characters OCR often swaps for one another (after upper-casing). Cost of such a swap. */
const CONFUSION_COST = 0.4;
const CONFUSABLE: readonly string[] = ['O0QD', 'I1LJ', 'S5', 'B8', 'Z2', 'G6', 'UV', 'CG'];
/** Two characters read as one (or the reverse), e.g. "rn" read as "m". */
const SPLITS: readonly [string, string][] = [
  ['RN', 'M'],
  ['VV', 'W'],
  ['CL', 'D'],
  ['NN', 'M'],
  ['II', 'U'],
];

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  for (const group of CONFUSABLE) if (group.includes(a) && group.includes(b)) return CONFUSION_COST;
  return 1;
}

/**
 * Upper-case letters and digits only, "&" spelled "AND", accents removed, "|" read as "I"
 * (OCR's usual reading of a capital I or a lower-case l), "$" as "S".
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/\|/g, 'I')
    .replace(/\$/g, 'S')
    .replace(/['’`´]/g, '')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** The name's words after normalising (empty when the name has no letters or digits). */
export function nameTokens(name: string): string[] {
  const text = normalizeText(name);
  return text === '' ? [] : text.split(' ');
}

/**
 * The spellings of the name that count as exact: as written; for names with "&"/"and" also
 * with the "and" left out (OCR often drops a small "&") or read as "8".
 */
export function nameVariants(name: string): string[] {
  return variantWords(name).map((words) => words.join(''));
}

/** nameVariants, each as its words (the errors a match may hold are counted per word too). */
function variantWords(name: string): string[][] {
  const tokens = nameTokens(name);
  const variants = new Map<string, string[]>([[tokens.join(''), tokens]]);
  if (tokens.includes('AND') && tokens.length > 1) {
    const without = tokens.filter((t) => t !== 'AND');
    const eight = tokens.map((t) => (t === 'AND' ? '8' : t));
    variants.set(without.join(''), without);
    variants.set(eight.join(''), eight);
  }
  return [...variants.values()].filter((v) => v.join('').length > 0);
}

/**
 * How many OCR errors a name of this many letters/digits tolerates (in weighted edits, where a
 * common OCR confusion costs 0.4). Short names must match exactly or with one confusion only;
 * long names tolerate one or two real errors.
 */
export function allowedDistance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return CONFUSION_COST;
  if (length <= 9) return 1;
  if (length <= 14) return 1.6;
  return 2.2;
}

/**
 * A name's first letter missing from what was read costs half an error: a thumb or a tool often
 * covers the start of a card held up to the camera, and a person still reads the name.
 */
const HIDDEN_FIRST_LETTER_COST = 0.5;

/**
 * Whether `read` can be split into one piece per word of the name, each piece beginning as its
 * word does, with the errors of all pieces within the name's budget. The budget alone would
 * let a long name's errors fall on a word's first letter: "Amber Glassworks" is one letter from
 * "Ember Glassworks", but a word's first letter is usually its capital, the letter OCR reads
 * best, so another first letter means another word, another shop. A confusable letter, a
 * letter read as two ("m" as "rn"), a word's first letter lost, or the name's first letters
 * covered stay allowed.
 */
/**
 * A later word's first letter missing costs more than a letter lost inside a word: a capital is
 * the letter OCR reads best, and at this price a changed first letter cannot pass as a letter
 * lost plus one added to the word before ("Copper Settle" for "Copper Kettle").
 */
const LOST_WORD_START_COST = 1.5;

function wordsWithinBudget(words: readonly string[], read: string, allowed: number): boolean {
  const startsAlike = (word: string, piece: string): boolean =>
    piece.length > 0 &&
    word.length > 0 &&
    (substitutionCost(word[0]!, piece[0]!) < 1 ||
      SPLITS.some(([two, one]) => (word.startsWith(two) && piece[0] === one) || (piece.startsWith(two) && word[0] === one)));
  // The piece's distance to its word, or Infinity when it begins otherwise. A word may have lost
  // its first letter (blur, glare: "eather"), and the name's first word its first letters (a
  // thumb over the card): then the piece begins as the rest of the word does.
  const pieceDistance = (word: string, piece: string, first: boolean): number => {
    let best = startsAlike(word, piece) ? ocrDistance(word, piece, false) : Infinity;
    for (let hidden = 1; hidden < word.length && (first || hidden === 1); hidden++) {
      const rest = word.slice(hidden);
      const lost = first ? HIDDEN_FIRST_LETTER_COST + (hidden - 1) : LOST_WORD_START_COST;
      if (startsAlike(rest, piece)) best = Math.min(best, lost + ocrDistance(rest, piece, false));
    }
    return best;
  };
  // reach[j]: the least total distance with the words so far matched to read[0, j).
  let reach = new Map<number, number>([[0, 0]]);
  for (const [k, word] of words.entries()) {
    const next = new Map<number, number>();
    const last = k === words.length - 1;
    for (const [from, total] of reach) {
      for (let to = last ? read.length : from + 1; to <= read.length; to++) {
        const sum = total + pieceDistance(word, read.slice(from, to), k === 0);
        if (sum <= allowed + 1e-9 && sum < (next.get(to) ?? Infinity)) next.set(to, sum);
      }
    }
    if (next.size === 0) return false;
    reach = next;
  }
  return reach.has(read.length);
}

/** Weighted edit distance (insert/delete 1, substitute 1 or 0.4 for confusable, rn↔m 0.4, swap 1). */
export function ocrDistance(expected: string, read: string, firstMayHide = true): number {
  const n = expected.length;
  const m = read.length;
  const d: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 0; i <= n; i++) d[i]![0] = i === 0 ? 0 : firstMayHide ? i - 1 + HIDDEN_FIRST_LETTER_COST : i;
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const a = expected[i - 1]!;
      const b = read[j - 1]!;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + substitutionCost(a, b));
      if (i > 1 && j > 1 && a === read[j - 2] && expected[i - 2] === b) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      for (const [two, one] of SPLITS) {
        // expected has two chars where OCR read one, or the reverse.
        if (i > 1 && expected.slice(i - 2, i) === two && b === one) best = Math.min(best, d[i - 2]![j - 1]! + CONFUSION_COST);
        if (j > 1 && read.slice(j - 2, j) === two && a === one) best = Math.min(best, d[i - 1]![j - 2]! + CONFUSION_COST);
      }
      d[i]![j] = best;
    }
  }
  return d[n]![m]!;
}

function union(boxes: Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

const height = (b: Box): number => b[3] - b[1];
const centerY = (b: Box): number => (b[1] + b[3]) / 2;

/**
 * Groups words into text lines by geometry (same baseline band, similar height), left to right.
 * Tesseract's own line structure is not trusted: in sparse mode it often puts two words of one
 * sign line into separate blocks.
 */
export function groupLines(words: readonly OcrWord[]): OcrWord[][] {
  const sorted = words
    .filter((w) => normalizeText(w.text) !== '' && height(w.box) > 0)
    .sort((a, b) => a.box[0] - b.box[0]);
  const lines: OcrWord[][] = [];
  for (const word of sorted) {
    const h = height(word.box);
    // A word reads on from the word before it (its left neighbour), not from the whole line so
    // far: a logo or a stamp read as a tall "word" beside a name would otherwise stretch the
    // line until the name's next word no longer fits it.
    const home = lines.find((line) => {
      const last = line[line.length - 1]!;
      const lh = height(last.box);
      const overlap = Math.min(last.box[3], word.box[3]) - Math.max(last.box[1], word.box[1]);
      const gap = word.box[0] - last.box[2];
      const similar = Math.max(h, lh) / Math.max(1, Math.min(h, lh)) < 1.8;
      return similar && overlap >= 0.5 * Math.min(h, lh) && gap < 2.5 * Math.max(h, lh);
    });
    if (home) home.push(word);
    else lines.push([word]);
  }
  return lines.sort((a, b) => centerY(a[0]!.box) - centerY(b[0]!.box));
}

/** The middle value (the upper one of two); lines always hold at least one word. */
function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Lines that read on from one to the next: a name set on two lines ("Clay Fox" above "Studio")
 * is one run of words across them. Two lines are stacked when the second starts right below the
 * first (gap under 1.2 line heights), they are of similar height and they overlap sideways.
 */
export function stackedLines(lines: readonly OcrWord[][]): OcrWord[][] {
  // A line's band is that of its typical word (medians): a logo read as a word at its start
  // must not make it look twice as tall as the line below.
  const extent = (line: readonly OcrWord[]): Box => {
    const whole = union(line.map((w) => w.box));
    return [whole[0], median(line.map((w) => w.box[1])), whole[2], median(line.map((w) => w.box[3]))];
  };
  const out: OcrWord[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const a = extent(lines[i]!);
    const ha = height(a);
    for (let j = 0; j < lines.length; j++) {
      if (j === i) continue;
      const b = extent(lines[j]!);
      const hb = height(b);
      const gap = b[1] - a[3];
      const similar = Math.max(ha, hb) / Math.max(1, Math.min(ha, hb)) < 1.8;
      const sideways = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      if (similar && gap > -0.3 * Math.min(ha, hb) && gap < 1.2 * Math.max(ha, hb) && sideways > 0) {
        out.push([...lines[i]!, ...lines[j]!]);
      }
    }
  }
  return out;
}

/**
 * The best place where the business name appears among the OCR words, or null.
 * A match is a run of whole, adjacent words on one line (or running on to the line right below)
 * whose letters and digits, joined, are within the name's error budget of one of its spellings.
 */
export function matchBusinessName(name: string, words: readonly OcrWord[]): NameMatch | null {
  const variants = variantWords(name).map((words) => ({ words, joined: words.join('') }));
  if (variants.length === 0) return null;
  // Letter-spaced signs come out one letter per word: the window is bounded by length, not words.
  const longest = Math.max(...variants.map((v) => v.joined.length));
  let best: NameMatch | null = null;
  const lines = groupLines(words);
  for (const line of [...lines, ...stackedLines(lines)]) {
    const parts = line.map((w) => normalizeText(w.text).replace(/ /g, ''));
    for (let start = 0; start < line.length; start++) {
      let joined = '';
      for (let end = start; end < line.length; end++) {
        joined += parts[end];
        if (joined.length > longest + 3) break;
        for (const { words: variantTokens, joined: variant } of variants) {
          const allowed = allowedDistance(variant.length);
          // Cheap length filter before the edit distance: each letter more or fewer costs at
          // least a confusion ("rn" read as "m"), so never less than that times the difference
          // (a filter of one error per letter dropped "(.n Roof Pottery": a hidden first letter
          // costs half an error, and the two letters lost cost 1.5 in all, within 1.6).
          if (Math.abs(joined.length - variant.length) * CONFUSION_COST > allowed + 1e-9) continue;
          const distance = ocrDistance(variant, joined);
          if (distance > allowed + 1e-9) continue;
          if (distance > 0 && variantTokens.length > 1 && !wordsWithinBudget(variantTokens, joined, allowed)) continue;
          const matched = line.slice(start, end + 1);
          const candidate: NameMatch = {
            text: matched.map((w) => w.text.trim()).join(' '),
            box: union(matched.map((w) => w.box)),
            distance,
            allowed,
            words: matched,
          };
          if (!best || distance < best.distance || (distance === best.distance && height(candidate.box) > height(best.box))) {
            best = candidate;
          }
        }
      }
    }
  }
  return best;
}

/**
 * The most prominent text OCR read with some confidence (tallest line of real words), used to
 * tell the seller what the photo shows instead of the name. Null when nothing legible was read.
 */
export function largestText(words: readonly OcrWord[], minConfidence = 70): { text: string; height: number } | null {
  const legible = words.filter((w) => (w.confidence ?? 100) >= minConfidence && /[A-Za-z0-9]{3,}/.test(w.text));
  let best: { text: string; height: number } | null = null;
  for (const line of groupLines(legible)) {
    const h = Math.max(...line.map((w) => height(w.box)));
    const text = line.map((w) => w.text.trim()).join(' ');
    if (!best || h > best.height) best = { text, height: h };
  }
  return best;
}

/**
 * Part of the name, read where the whole was not: a run of words on one line matching, within
 * the error budget, a piece of the name that starts or ends at one of its word boundaries and
 * holds at least half its letters (and five). "Clay Fox" of "Clay Fox Studio", "Little Bear Car"
 * of "Little Bear Candles". The longest such piece, as read; null when there is none.
 */
export function partialName(name: string, words: readonly OcrWord[]): string | null {
  return partialMatch(name, words)?.text ?? null;
}

/** partialName with where the piece was read and what share of the name's letters it holds. */
export function partialMatch(name: string, words: readonly OcrWord[]): { text: string; box: Box; share: number } | null {
  const tokens = nameTokens(name).filter((t) => t !== 'AND');
  const full = tokens.join('');
  if (full.length < 6) return null;
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const t of tokens) {
    starts.push(at);
    at += t.length;
    ends.push(at);
  }
  const least = Math.max(5, Math.ceil(full.length / 2));
  let best: { text: string; length: number; box: Box } | null = null;
  for (const line of groupLines(words)) {
    const parts = line.map((w) => normalizeText(w.text).replace(/ /g, '').replace(/^AND$/, ''));
    for (let s = 0; s < line.length; s++) {
      let joined = '';
      for (let e = s; e < line.length; e++) {
        joined += parts[e];
        if (joined.length > full.length) break;
        if (joined.length < least - 1) continue;
        const allowed = allowedDistance(joined.length);
        // Anchored at a word start of the name (the piece may end mid-word: a cut name) or ending at a word end.
        const pieces = [
          ...starts.map((b) => full.slice(b, b + joined.length)),
          ...ends.map((e2) => full.slice(Math.max(0, e2 - joined.length), e2)),
        ].filter((piece) => piece.length >= least && piece.length < full.length);
        // A whole word read right beside the piece, where the rest of the name should be, says
        // this is another name ("Cactus Flowers"), not a name cut short or split over lines.
        const longWord = (i: number) => i >= 0 && i < line.length && (parts[i] ?? '').length >= 3;
        for (const piece of pieces) {
          const at = full.indexOf(piece);
          if ((at + piece.length < full.length && longWord(e + 1)) || (at > 0 && longWord(s - 1))) continue;
          if (ocrDistance(piece, joined) <= allowed + 1e-9 && (!best || piece.length > best.length)) {
            const run = line.slice(s, e + 1);
            best = { text: run.map((w) => w.text.trim()).join(' '), length: piece.length, box: union(run.map((w) => w.box)) };
          }
        }
      }
    }
  }
  return best ? { text: best.text, box: best.box, share: best.length / full.length } : null;
}
