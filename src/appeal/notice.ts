/**
 * The notice reader: Amazon's notification (saved .eml, or its text pasted into a .txt)
 * → what the appeal needs from it: kind, ASINs, business name, received date, deadline,
 * reply address and the questions exactly as the email words them.
 */
import { looksLikeEml } from './mail-head.js';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { AppealError } from './errors.js';
import type { Notice, NoticeKind, Question } from './schema.js';
import { htmlToText, looksLikeHtml } from './notice/html.js';
import { EMAIL, looksLikeNotice, readNoticeTextFacts, type TextFacts } from './notice/text.js';

export { htmlToText } from './notice/html.js';
export { normalizeNoticeText } from './notice/text.js';

export interface NoticeReading {
  kind: NoticeKind;
  /** ISO date-time (UTC, "Z") the notice arrived: the .eml's Date header or options.receivedAt. */
  receivedAt: string | null;
  /** receivedAt + days. */
  deadline: string | null;
  days: number | null;
  asins: string[];
  businessName: string | null;
  replyTo: string | null;
  questions: Question[];
  /** A follow-up's own words on why the earlier reply was not enough. */
  reason: string | null;
}

export interface NoticeOptions {
  /** When the notice arrived; used when the input carries no Date header (pasted text). */
  receivedAt?: Date;
  /** The file name shown in error messages. */
  file?: string;
}

/** Days to answer when the notice does not say (REQUIREMENTS.md: 5 for the request, 2 after a rejection). */
export const DEFAULT_DAYS: Record<NoticeKind, number | null> = { initial: 5, 'follow-up': 2, acceptance: null };

const WHAT_TO_PASS = "Pass Amazon's notification email saved as .eml, or its text pasted into a .txt file.";
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_NOTICE_BYTES = 30_000_000;

function isoOf(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function validDate(date: Date | undefined | null): Date | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date : null;
}

function notANotice(file: string | undefined, why: string): AppealError {
  return new AppealError(`this is not an Amazon Handmade notice (${why}).`, { exitCode: 2, file, hint: WHAT_TO_PASS });
}

function reading(facts: TextFacts, receivedAt: Date | null): NoticeReading {
  const days = facts.days ?? DEFAULT_DAYS[facts.kind];
  return {
    kind: facts.kind,
    receivedAt: receivedAt ? isoOf(receivedAt) : null,
    deadline: receivedAt && days !== null ? isoOf(new Date(receivedAt.getTime() + days * DAY_MS)) : null,
    days,
    asins: facts.asins,
    businessName: facts.businessName,
    replyTo: facts.replyTo,
    questions: facts.questions,
    reason: facts.reason,
  };
}

/** Facts of a text, or null when it is not a notice. */
function tryText(text: string): TextFacts | null {
  const plain = looksLikeHtml(text) ? htmlToText(text) : text;
  const facts = readNoticeTextFacts(plain);
  return looksLikeNotice(plain, facts) ? facts : null;
}

/** A notice pasted as text (or an HTML source). Throws AppealError when it is not a notice. */
export function parseNoticeText(text: string, options: NoticeOptions = {}): NoticeReading {
  if (text.trim() === '') throw notANotice(options.file, 'the text is empty');
  const facts = tryText(text);
  if (!facts) throw notANotice(options.file, 'no Handmade greeting, ASINs or questions found');
  // An explicit date wins for pasted text; else the forwarded header block's, if any.
  return reading(facts, validDate(options.receivedAt) ?? facts.sentAt);
}

function amazonAddress(...fields: Array<AddressObject | AddressObject[] | undefined>): string | null {
  for (const field of fields) {
    for (const group of Array.isArray(field) ? field : field ? [field] : []) {
      for (const entry of group.value) {
        const address = entry.address?.toLowerCase();
        // Only Amazon's own inboxes, and never a no-reply one: the appeal would bounce or vanish.
        if (address && /@(?:[a-z0-9-]+\.)*amazon\.[a-z.]+$/.test(address) && !/no-?reply|do-?not-?reply/.test(address)) {
          return address;
        }
      }
    }
  }
  return null;
}

/** Text of a parsed message: its text/plain part, else its HTML converted line by line. */
function bodiesOf(mail: ParsedMail): string[] {
  const bodies: string[] = [];
  if (typeof mail.text === 'string' && mail.text.trim() !== '') bodies.push(mail.text);
  if (typeof mail.html === 'string' && mail.html.trim() !== '') bodies.push(htmlToText(mail.html));
  return bodies;
}

const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true } as const;

/** Written TO Amazon (the seller's appeal, e.g. appeal build's out/appeal.eml), not by Amazon. */
function isToAmazon(mail: ParsedMail): boolean {
  if (mail.headers.has('x-unsent')) return true;
  const to = amazonAddress(mail.to);
  return to !== null && amazonAddress(mail.from) === null;
}

async function readMail(mail: ParsedMail, options: NoticeOptions, depth: number): Promise<NoticeReading | null> {
  if (depth === 0 && isToAmazon(mail)) {
    throw new AppealError("this is an email to Amazon (an appeal?), not Amazon's notice.", {
      exitCode: 2,
      file: options.file,
      hint: "Pass the notification Amazon sent you, saved as .eml, or its text pasted into a .txt file.",
    });
  }
  for (const body of bodiesOf(mail)) {
    const facts = tryText(body);
    if (!facts) continue;
    // A forwarded notice counts from Amazon's own date, not from the forward's.
    const receivedAt = facts.sentAt ?? validDate(mail.date) ?? validDate(options.receivedAt);
    // Only an address the notice's text gives: the From or Reply-To of Amazon's email may be an
    // inbox that does not review appeals (a text that names none gets the Handmade appeal address).
    return reading(facts, receivedAt);
  }
  // A notice forwarded "as attachment" arrives as an attached message.
  if (depth < 3) {
    for (const attachment of mail.attachments) {
      if (attachment.contentType !== 'message/rfc822') continue;
      const inner = await simpleParser(attachment.content, PARSE_OPTIONS);
      const found = await readMail(inner, options, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** A notice saved as .eml (any transfer encoding, plain, HTML-only or multipart). */
export async function parseNoticeEml(source: Buffer | string, options: NoticeOptions = {}): Promise<NoticeReading> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(source, PARSE_OPTIONS);
  } catch (cause) {
    throw new AppealError('this email file cannot be read.', { exitCode: 2, file: options.file, hint: WHAT_TO_PASS, cause });
  }
  const found = await readMail(mail, options, 0);
  if (!found) {
    const empty = bodiesOf(mail).length === 0;
    throw notANotice(options.file, empty ? 'the email has no text' : 'no Handmade greeting, ASINs or questions found');
  }
  return found;
}

/** What a binary file is, for the error message; null for text. */
function binaryKind(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 8);
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'a PDF';
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'an Outlook .msg or old Office file';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'a ZIP or Word file';
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) || head.subarray(1, 4).toString('latin1') === 'PNG') {
    return 'an image';
  }
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return 'a binary file';
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control += 1;
  }
  return control > sample.length * 0.05 ? 'a binary file' : null;
}

/** 0x80-0x9F of Windows-1252 (Node's TextDecoder decodes this label as plain Latin-1). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

/** Text of a file, honouring the byte-order marks Notepad writes. */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  // Not UTF-8: a Notepad paste in the Windows code page (smart quotes as 0x91-0x94).
  return text.includes('\ufffd') ? decodeWindows1252(bytes) : text.replace(/^\ufeff/, '');
}

/** Reads a notice file (.eml or pasted .txt). Every problem is an AppealError naming the file. */
export async function readNoticeFile(file: string, options: { receivedAt?: Date } = {}): Promise<NoticeReading> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new AppealError('is a folder, not a notice file.', { exitCode: 2, file, hint: WHAT_TO_PASS });
    }
    // A notice is a few kilobytes; a photo, video or built appeal passed by mistake is not read whole.
    if (info.size > MAX_NOTICE_BYTES) {
      throw new AppealError(`is ${Math.round(info.size / 1_000_000)} MB, far too large to be a notice.`, {
        exitCode: 2,
        file,
        hint: WHAT_TO_PASS,
      });
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof AppealError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'notice file not found.' : code === 'EACCES' || code === 'EPERM' ? 'notice file cannot be read (permission denied).' : 'notice file cannot be read.';
    throw new AppealError(what, { exitCode: 2, file, hint: WHAT_TO_PASS, cause: error });
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') throw notANotice(file, 'the file is empty');
  const binary = bytes[0] === 0xff || bytes[0] === 0xfe ? null : binaryKind(bytes);
  if (binary) throw notANotice(file, `it is ${binary}`);
  const text = decodeText(bytes);
  const opts: NoticeOptions = { file, ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}) };
  const ext = extname(file).toLowerCase();
  if (ext === '.eml' || ext === '.mht' || looksLikeEml(text)) return parseNoticeEml(bytes, opts);
  return parseNoticeText(text, opts);
}

/** The notice as stored in appeal.json (absent values left out, as the schema wants). */
export function noticeFromReading(reading: NoticeReading, source?: string): Notice {
  const notice: Notice = { kind: reading.kind, asins: [...reading.asins], questions: reading.questions };
  if (reading.receivedAt) notice.receivedAt = reading.receivedAt;
  if (reading.deadline) notice.deadline = reading.deadline;
  if (reading.days !== null) notice.days = reading.days;
  if (reading.replyTo && new RegExp(`^${EMAIL.source}$`).test(reading.replyTo)) notice.replyTo = reading.replyTo;
  if (source) notice.source = source;
  if (reading.reason) notice.reason = reading.reason;
  return notice;
}
