import type { CheckContext, CheckedFile, Finding } from './types.js';

/** Shared helpers for rules. Everything here is pure: no disk, no media/ imports. */

/** Photos and videos that were read fine: the files Amazon would count. */
export function usableMedia(files: readonly CheckedFile[]): CheckedFile[] {
  return files.filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error);
}

export function usableImages(files: readonly CheckedFile[]): CheckedFile[] {
  return files.filter((f) => f.kind === 'image' && !f.error);
}

/** One finding per readable photo for which `judge` has something to say. */
export function photoFindings(files: readonly CheckedFile[], judge: (photo: CheckedFile) => string | null): Finding[] {
  return usableImages(files).flatMap((photo) => {
    const message = judge(photo);
    return message === null ? [] : [{ file: photo.file, message }];
  });
}

/**
 * The photos and videos the name reader looked at that `keep` selects, with the business name,
 * for the rules about the name: none when OCR did not run or the name is not known.
 */
export function mediaReadFor(context: CheckContext, keep: (file: CheckedFile) => boolean): { name: string; files: CheckedFile[] } {
  const name = context.businessName?.trim() ?? '';
  if (!context.ocr || !name) return { name, files: [] };
  return { name, files: usableMedia(context.files).filter(keep) };
}

export function usableVideos(files: readonly CheckedFile[]): CheckedFile[] {
  return files.filter((f) => f.kind === 'video' && !f.error);
}

/** "1 photo", "3 photos". */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** "a.jpg", "a.jpg and b.jpg", "a.jpg, b.jpg and c.jpg". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Hamming distance of two 64-bit perceptual hashes written as 16 hex digits; null when unusable. */
export function hammingHex(a: string, b: string): number | null {
  if (!/^[0-9a-f]+$/i.test(a) || !/^[0-9a-f]+$/i.test(b) || a.length !== b.length) return null;
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  while (x > 0n) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}

/**
 * Perceptual-hash distance at or below which two images are the same photo (a re-save, a resize,
 * a slightly different crop). 8 of 64 bits is the usual cut-off for a DCT pHash: re-encodes land
 * at 0-4, different shots of the same bench at 14+.
 */
export const DUPLICATE_MAX_DISTANCE = 8;

export interface DuplicatePair {
  first: CheckedFile;
  second: CheckedFile;
  distance: number;
}

/** Pairs of readable images whose pHashes are within DUPLICATE_MAX_DISTANCE, in file order. */
export function duplicatePairs(files: readonly CheckedFile[]): DuplicatePair[] {
  const images = usableImages(files).filter((f) => f.pixels?.phash);
  const pairs: DuplicatePair[] = [];
  for (let i = 0; i < images.length; i++) {
    for (let j = i + 1; j < images.length; j++) {
      const first = images[i]!;
      const second = images[j]!;
      const distance = hammingHex(first.pixels!.phash, second.pixels!.phash);
      if (distance !== null && distance <= DUPLICATE_MAX_DISTANCE) pairs.push({ first, second, distance });
    }
  }
  return pairs;
}

/**
 * How many different photos/videos Amazon would see: readable media, where photos that are the
 * same picture (duplicate pairs, joined transitively) count once.
 */
export function distinctMediaCount(files: readonly CheckedFile[]): number {
  const media = usableMedia(files);
  const parent = new Map<CheckedFile, CheckedFile>(media.map((f) => [f, f]));
  const root = (f: CheckedFile): CheckedFile => {
    let r = f;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const { first, second } of duplicatePairs(media)) parent.set(root(second), root(first));
  return new Set(media.map(root)).size;
}

/** Short topic names for the canonical answer ids, in our own words. */
const TOPICS: Record<string, string> = {
  process: 'the production process',
  methods: 'production methods',
  design: 'the design process',
  location: 'where the items are made',
  team: 'who makes the items',
  timePerItem: 'time to make one item',
  finalProduct: 'the final product',
  employees: 'employees and their roles',
  weeklyCapacity: 'items made per week',
  additional: 'anything else',
};

/** "the answer about who makes the items (team)"; unknown ids use the question's own text. */
export function answerLabel(id: string, questionText?: string): string {
  const topic = TOPICS[id] ?? (questionText ? `"${shorten(questionText, 60)}"` : undefined);
  return topic ? `the answer about ${topic} (${id})` : `the answer "${id}"`;
}

/** Cuts a text to at most `max` characters on a word boundary, adding "...". */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}...`;
}

/** Where a piece of seller text lives, for messages ("the caption of a.jpg", "the email text"). */
export interface TextSource {
  /** Human label used in messages, e.g. 'the answer about who makes the items (team)'. */
  label: string;
  /** The answer id, when the text is an answer. */
  answerId: string | null;
  file: string | null;
  text: string;
}

/**
 * Every free text the seller wrote: answers, business craft and captions; for a built .eml, the
 * email's text (which already carries the answers, so they are not read twice).
 */
export function sellerTexts(context: CheckContext): TextSource[] {
  const out: TextSource[] = [];
  if (context.target === 'eml') {
    if (context.eml?.text.trim()) {
      out.push({ label: 'the email text', answerId: null, file: context.path, text: context.eml.text });
    }
    return out;
  }
  const appeal = context.appeal;
  if (appeal) {
    const questionText = new Map<string, string>();
    for (const q of appeal.notice?.questions ?? []) {
      questionText.set(q.id, q.text);
      for (const s of q.sub ?? []) questionText.set(s.id, s.text);
    }
    for (const [id, value] of Object.entries(appeal.answers ?? {})) {
      if (typeof value === 'string' && value.trim()) {
        out.push({ label: answerLabel(id, questionText.get(id)), answerId: id, file: null, text: value });
      } else if (typeof value === 'number') {
        out.push({ label: answerLabel(id, questionText.get(id)), answerId: id, file: null, text: String(value) });
      }
    }
    if (appeal.business?.craft?.trim()) {
      out.push({ label: 'the description of your craft', answerId: null, file: null, text: appeal.business.craft });
    }
  }
  for (const file of context.files) {
    if (file.caption?.trim()) {
      out.push({ label: `the caption of ${file.file}`, answerId: null, file: file.file, text: file.caption });
    }
  }
  return out;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
