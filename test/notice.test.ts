/**
 * The notice reader on every layout of notice (the 2022 and 2023 requests, the follow-up,
 * both acceptances), delivered in every way a seller's mail program saves them. The same
 * suite runs on the project's own sample notices (always) and on Amazon's real wordings
 * read from ../shared/seeds at test time (only where the seeds are; skipped, and said so,
 * on a user's clone).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseNoticeEml, parseNoticeText, readNoticeFile, type NoticeReading } from '../src/appeal/notice.js';
import {
  ASINS,
  BUSINESS,
  emlAlternative,
  emlBase64,
  emlHtmlOnly,
  emlPlain,
  emlQuotedPrintable,
  expectedQuestions,
  ownWordings,
  personalize,
  SEEDS_SKIPPED,
  seedsAvailable,
  seedWordings,
  toHtml,
  type ExpectedQuestion,
  type Wordings,
} from './helpers/notices.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'appeal-notice-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RECEIVED = '2026-11-20T14:03:00Z';
const REVIEW_ADDRESS = 'handmade-store-appeal-review@amazon.com';

/** Hard-wraps every line at 72 columns and uses CRLF, as a paste from a plain-text mail client does. */
function hardWrap(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const parts: string[] = [];
      let rest = line;
      while (rest.length > 72) {
        const at = rest.lastIndexOf(' ', 72);
        if (at <= 0) break;
        parts.push(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      parts.push(rest);
      return parts.join('\r\n');
    })
    .join('\r\n');
}

type Delivery = (wording: string) => Promise<NoticeReading>;

let counter = 0;
async function viaFile(name: string, content: string | Buffer, receivedAt?: Date): Promise<NoticeReading> {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  await writeFile(file, content);
  return readNoticeFile(file, receivedAt ? { receivedAt } : {});
}

/** Every way the same notice reaches the reader. */
const DELIVERIES: Array<[string, Delivery]> = [
  ['a 7bit plain-text .eml', (w) => viaFile('notice.eml', emlPlain(w))],
  ['a quoted-printable .eml', (w) => viaFile('notice.eml', emlQuotedPrintable(w))],
  ['a base64 .eml', (w) => viaFile('notice.eml', emlBase64(w))],
  ['a multipart/alternative .eml (text + HTML)', async (w) => viaFile('notice.eml', await emlAlternative(w, toHtml(w, 'br')))],
  ['an HTML-only .eml with <br> lines', (w) => viaFile('notice.eml', emlHtmlOnly(toHtml(w, 'br')))],
  ['an HTML-only .eml with <p> and <div> blocks', (w) => viaFile('notice.eml', emlHtmlOnly(toHtml(w, 'blocks')))],
  ['a pasted .txt', (w) => viaFile('notice.txt', w, new Date(RECEIVED))],
  ['a pasted .txt hard-wrapped at 72 columns with CRLF', (w) => viaFile('notice.txt', hardWrap(w), new Date(RECEIVED))],
];

function shape(questions: NoticeReading['questions']): ExpectedQuestion[] {
  return questions.map((q) => ({ text: q.text, sub: (q.sub ?? []).map((s) => s.text) }));
}

function ids(questions: NoticeReading['questions']): unknown[] {
  return questions.map((q) => (q.sub ? [q.id, q.sub.map((s) => s.id)] : q.id));
}

/** Registers the whole reader suite for one set of wordings. */
function readerSuite(wordingsOf: () => Wordings): void {
  let wordings: Wordings;
  beforeAll(() => {
    wordings = wordingsOf();
  });

  describe('the 2023 request', () => {
    test.each(DELIVERIES)('reads the questions of %s verbatim', async (_name, deliver) => {
      const wording = personalize(wordings.initial2023);
      const reading = await deliver(wording);
      const expected = expectedQuestions(wording);
      expect(shape(reading.questions)).toEqual(expected);
      expect(ids(reading.questions)).toEqual([
        'process',
        ['methods', ['design', 'location', 'team', 'timePerItem', 'finalProduct', 'employees']],
        'weeklyCapacity',
        ['media', ['media-1', 'media-2']],
        'additional',
      ]);
      expect(reading.kind).toBe('initial');
      expect(reading.asins).toEqual(ASINS);
      expect(reading.businessName).toBe(BUSINESS);
      expect(reading.replyTo).toBe(REVIEW_ADDRESS);
      expect(reading.days).toBe(5);
      expect(reading.receivedAt).toBe(RECEIVED);
      expect(reading.deadline).toBe('2026-11-25T14:03:00Z');
    });

    test('marks the kinds of the questions: a number for the weekly count, media for the photos', async () => {
      const reading = parseNoticeText(personalize(wordings.initial2023));
      const kinds = Object.fromEntries(reading.questions.map((q) => [q.id, q.kind]));
      expect(kinds).toEqual({ process: 'text', methods: 'text', weeklyCapacity: 'number', media: 'media', additional: 'text' });
      expect(reading.questions.find((q) => q.id === 'media')?.sub?.every((s) => s.kind === 'media')).toBe(true);
    });

    test('keeps what follows the questions out of them', async () => {
      const reading = parseNoticeText(personalize(wordings.initial2023));
      const all = reading.questions.flatMap((q) => [q.text, ...(q.sub ?? []).map((s) => s.text)]).join('\n');
      expect(all).not.toMatch(/We will review|What happens|Resources|Sincerely|@amazon\.com/);
    });

    test('a quoted-printable file really splits a question across raw lines', () => {
      const wording = personalize(wordings.initial2023);
      const raw = emlQuotedPrintable(wording);
      const longest = expectedQuestions(wording).flatMap((q) => [q.text, ...q.sub]).sort((a, b) => b.length - a.length)[0] ?? '';
      expect(longest.length).toBeGreaterThan(76);
      expect(raw).not.toContain(longest);
      expect(raw).toContain('=\r\n');
    });

    test('reads a notice pasted without receiving date: no deadline, but the days it gives', () => {
      const reading = parseNoticeText(personalize(wordings.initial2023));
      expect(reading.receivedAt).toBeNull();
      expect(reading.deadline).toBeNull();
      expect(reading.days).toBe(5);
    });
  });

  describe('the 2022 request', () => {
    test.each(DELIVERIES)('reads the numbered questions of %s verbatim', async (_name, deliver) => {
      const wording = personalize(wordings.initial2022);
      const reading = await deliver(wording);
      expect(shape(reading.questions)).toEqual(expectedQuestions(wording));
      expect(ids(reading.questions)).toEqual([
        'process',
        ['methods', ['design', 'location', 'team', 'timePerItem', 'finalProduct']],
        'weeklyCapacity',
        ['media', ['media-1', 'media-2']],
        'additional',
      ]);
      expect(reading.kind).toBe('initial');
      expect(reading.asins).toEqual(ASINS);
      expect(reading.days).toBe(5);
      expect(reading.deadline).toBe('2026-11-25T14:03:00Z');
    });

    test('treats "Hello Maker" as no business name', async () => {
      expect(parseNoticeText(personalize(wordings.initial2022)).businessName).toBeNull();
      expect(parseNoticeText(personalize(wordings.initial2022, { business: 'Juniper & Ash Studio' })).businessName).toBe(
        'Juniper & Ash Studio',
      );
    });

    test('never takes the reply address from the From or Reply-To of the email when the text names none', async () => {
      const wording = personalize(wordings.initial2022);
      // The build then writes to the Handmade appeal address (see the package tests).
      for (const headers of [
        {},
        { replyTo: 'seller-notifications@amazon.com' },
        { replyTo: null, from: 'Handmade <handmade-integrity@amazon.com>' },
        { replyTo: 'friend@gmail.com', from: 'Me <me@gmail.com>' },
      ]) {
        expect((await parseNoticeEml(emlPlain(wording, headers))).replyTo).toBeNull();
      }
    });

    test('gives no reply address for pasted text that names none', () => {
      expect(parseNoticeText(personalize(wordings.initial2022)).replyTo).toBeNull();
    });

    test('reads the one-paragraph 2022 acceptance', () => {
      const reading = parseNoticeText(wordings.acceptance2022);
      expect(reading.kind).toBe('acceptance');
      expect(reading.questions).toEqual([]);
      expect(reading.businessName).toBeNull();
      expect(reading.deadline).toBeNull();
    });
  });

  describe('the follow-up after a rejection', () => {
    test.each(DELIVERIES)('reads the photos and details questions of %s verbatim', async (_name, deliver) => {
      const wording = personalize(wordings.followUp2023);
      const reading = await deliver(wording);
      expect(shape(reading.questions)).toEqual(expectedQuestions(wording));
      expect(ids(reading.questions)).toEqual([['media', ['media-1', 'media-2']], 'additional']);
      expect(reading.kind).toBe('follow-up');
      expect(reading.asins).toEqual(ASINS);
      expect(reading.businessName).toBe(BUSINESS);
      expect(reading.replyTo).toBe(REVIEW_ADDRESS);
      expect(reading.days).toBe(2);
      expect(reading.deadline).toBe('2026-11-22T14:03:00Z');
      // What was not sufficient, in the notice's own words, to show the seller first.
      expect(reading.reason).toMatch(/not sufficient|cannot tell/);
    });

    test('gives the address of the text, not the one in the headers', async () => {
      const reading = await parseNoticeEml(emlPlain(personalize(wordings.followUp2023), { replyTo: 'seller-notifications@amazon.com' }));
      expect(reading.replyTo).toBe(REVIEW_ADDRESS);
    });
  });

  /** Ways copy/paste and word processors change the markers, never the question texts. */
  const MANGLINGS: Array<[string, (text: string) => string]> = [
    ['a word processor turned "--" into en dashes', (t) => t.replace(/^-->/gm, '\u2013>').replace(/^-- /gm, '\u2013 ')],
    [
      'it was pasted from a web page with bullets and indented sub-bullets',
      (t) => t.replace(/^--> /gm, '    \u25e6 ').replace(/^-- /gm, '\u2022 '),
    ],
    ['every line is double spaced and indented', (t) => t.split('\n').map((line) => `  ${line}  `).join('\n\n')],
    ['it was quoted with "> " in a reply', (t) => t.split('\n').map((line) => `> ${line}`).join('\n')],
  ];

  describe('notices whose markers were changed on the way', () => {
    test.each(MANGLINGS)('reads the 2023 request when %s', (_name, mangle) => {
      const wording = personalize(wordings.initial2023);
      const reading = parseNoticeText(mangle(wording));
      expect(shape(reading.questions)).toEqual(expectedQuestions(wording));
      expect(reading.questions.map((q) => q.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'additional']);
    });

    test.each(MANGLINGS)('reads the follow-up when %s', (_name, mangle) => {
      const wording = personalize(wordings.followUp2023);
      const reading = parseNoticeText(mangle(wording));
      expect(shape(reading.questions)).toEqual(expectedQuestions(wording));
      expect(reading.kind).toBe('follow-up');
    });

    test('reads the 2022 request numbered "1." instead of "1)"', () => {
      const wording = personalize(wordings.initial2022);
      const reading = parseNoticeText(wording.replace(/^(\d)\) /gm, '$1. '));
      expect(shape(reading.questions)).toEqual(expectedQuestions(wording));
    });
  });

  describe('the acceptance', () => {
    test.each(DELIVERIES)('recognises %s as an acceptance with nothing to answer', async (_name, deliver) => {
      const reading = await deliver(personalize(wordings.acceptance2023));
      expect(reading.kind).toBe('acceptance');
      expect(reading.questions).toEqual([]);
      expect(reading.days).toBeNull();
      expect(reading.deadline).toBeNull();
      expect(reading.businessName).toBe(BUSINESS);
    });
  });
}

describe("the project's own sample notices (fixtures/notices)", () => {
  readerSuite(ownWordings);
});

const seeds = seedsAvailable();
if (!seeds) console.warn(`notice.test.ts: ${SEEDS_SKIPPED}`);
describe.skipIf(!seeds)(`Amazon's real wordings (seeds 000 and 001)${seeds ? '' : ': skipped, ../shared/seeds not found'}`, () => {
  readerSuite(seedWordings);
});
