/**
 * Synthetic CheckContext objects for rule tests: no files, no probe. Each builder gives a
 * "good" value (a readable 12 MP JPEG labelled with an ASIN and a caption, a complete appeal)
 * that tests then spoil one field at a time.
 */
import { AppealSchema, type Appeal, type AppealInput } from '../../src/appeal/schema.js';
import { answerSlots, defaultQuestions } from '../../src/appeal/questions.js';
import { applyRules } from '../../src/rules/index.js';
import type { CheckContext, CheckedFile, Message, RuleLevels } from '../../src/rules/types.js';

export const ASIN = 'B0CACTUS01';
export const OTHER_ASIN = 'B0CACTUS02';
export const NOW = new Date('2026-11-22T12:00:00Z');

/** A 64-bit hash (16 hex digits) from a name: different names land ~32 bits apart. */
export function hashOf(name: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of name) {
    h ^= BigInt(ch.codePointAt(0)!);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** The same hash with `bits` low bits flipped: a re-saved copy of the same photo. */
export function nearHash(hash: string, bits: number): string {
  const flipped = BigInt(`0x${hash}`) ^ ((1n << BigInt(bits)) - 1n);
  return flipped.toString(16).padStart(16, '0');
}

export function photo(name: string, over: Partial<CheckedFile> = {}): CheckedFile {
  return {
    file: `photos/${name}`,
    absPath: `/tmp/appeal/photos/${name}`,
    kind: 'image',
    format: 'jpeg',
    bytes: 3_200_000,
    width: 4032,
    height: 3024,
    durationSec: null,
    orientation: 1,
    hasGps: false,
    pixels: { brightness: 120, sharpness: 400, phash: hashOf(name), collage: 0.05 },
    asins: [ASIN],
    caption: `Stitching the wallet by hand at my bench (${name}).`,
    businessName: null,
    ...over,
  };
}

export function video(name: string, over: Partial<CheckedFile> = {}): CheckedFile {
  return {
    file: `photos/${name}`,
    absPath: `/tmp/appeal/photos/${name}`,
    kind: 'video',
    format: 'mp4',
    bytes: 9_000_000,
    width: 1920,
    height: 1080,
    durationSec: 42,
    hasGps: false,
    video: { container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', pixelFormat: 'yuv420p', fps: 30, rotation: 0, bitRate: 1_700_000 },
    asins: [ASIN],
    caption: 'A short video of me sanding the edge of a wallet.',
    businessName: null,
    ...over,
  };
}

/** A file that is neither photo nor video (archive, PDF, text). */
export function otherFile(name: string, kind: 'archive' | 'other', format: string, over: Partial<CheckedFile> = {}): CheckedFile {
  return {
    file: `photos/${name}`,
    absPath: `/tmp/appeal/photos/${name}`,
    kind,
    format,
    bytes: 120_000,
    width: null,
    height: null,
    durationSec: null,
    asins: [],
    caption: null,
    businessName: null,
    ...over,
  };
}

/** Every answer slot of the default initial questions filled with a plain, compliant answer. */
export function completeAnswers(): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  for (const slot of answerSlots(defaultQuestions('initial'))) {
    answers[slot.id] = slot.kind === 'number' ? 12 : `I do this myself by hand in my home workshop (${slot.id}).`;
  }
  return answers;
}

export function makeAppeal(input: Partial<AppealInput> = {}): Appeal {
  return AppealSchema.parse({
    version: 1,
    business: { name: 'Cactus Hands', email: 'me@example.com' },
    notice: {
      kind: 'initial',
      receivedAt: '2026-11-20T14:03:00Z',
      deadline: '2026-11-25T14:03:00Z',
      asins: [ASIN],
      replyTo: 'handmade-store-appeal-review@amazon.com',
    },
    answers: completeAnswers(),
    ...input,
  });
}

/** A complete, compliant appeal with four labelled photos: no rule should say anything. */
export function makeContext(over: Partial<CheckContext> = {}): CheckContext {
  return {
    target: 'appeal',
    path: 'my-appeal',
    appeal: makeAppeal(),
    files: [photo('01-cutting.jpg'), photo('02-stitching.jpg'), photo('03-edges.jpg'), photo('04-finished.jpg')],
    businessName: 'Cactus Hands',
    notifiedAsins: [ASIN],
    now: NOW,
    email: { estimatedBytes: 12_000_000, limitBytes: 18_000_000, compressible: true },
    eml: null,
    ocr: false,
    ...over,
  };
}

/** Messages of one rule (after levels). */
export function messagesOf(ruleId: string, context: CheckContext, levels?: RuleLevels): Message[] {
  return applyRules(context, levels).filter((m) => m.ruleId === ruleId);
}
