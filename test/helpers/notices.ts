/**
 * Notice wordings for tests, in two sets: the project's own sample notices (fixtures/notices,
 * our words in Amazon's layouts; always there) and Amazon's real wordings, read at test time
 * from the seed documents when ../shared/seeds exists (Amazon's text is never committed). Both
 * are made to look like a seller's own mail and wrapped into .eml files in every transfer
 * encoding mail clients use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';

/** The `shared/seeds` folder next to the repo root (a user's clone does not have it). */
export const SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/notices/', import.meta.url));

export function seedsAvailable(): boolean {
  return existsSync(SEEDS_DIR) && readdirSync(SEEDS_DIR).some((name) => name.startsWith('001_'));
}

/** One line for the test log when the seed comparisons cannot run. */
export const SEEDS_SKIPPED =
  "../shared/seeds not found: the comparisons with Amazon's real notice wordings are skipped (the project's own sample notices still run).";

function readSeed(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${SEEDS_DIR}`);
  return readFileSync(`${SEEDS_DIR}/${name}`, 'utf8').replace(/\r\n?/g, '\n');
}

const SIGN_OFF = 'Handmade Integrity Team';

/** From the greeting after `anchor` to the sign-off (inclusive). */
function cut(text: string, anchor: string, greeting: string): string {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`seed no longer contains "${anchor}"`);
  const start = text.indexOf(greeting, at);
  const end = text.indexOf(SIGN_OFF, start);
  if (start < 0 || end < 0) throw new Error(`seed wording after "${anchor}" not found`);
  return text.slice(start, end + SIGN_OFF.length);
}

export interface Wordings {
  /** The older request: numbered questions with "--" points, no address after "to:". */
  initial2022: string;
  /** A one-paragraph acceptance. */
  acceptance2022: string;
  /** The 2023 request: "--" questions, "-->" points, the employees question. */
  initial2023: string;
  /** The follow-up after a rejection (2 days). */
  followUp2023: string;
  /** The acceptance that ends the appeal. */
  acceptance2023: string;
}

/** Amazon's real wordings from seeds 000 and 001 (only when seedsAvailable()). */
export function seedWordings(): Wordings {
  const s000 = readSeed('000_');
  const s001 = readSeed('001_');
  const quoted = /"(Hello Maker, We appreciate[^"]*)"/.exec(s000)?.[1];
  if (!quoted) throw new Error('seed 000 no longer quotes the acceptance');
  return {
    initial2022: cut(s000, 'Did the message look like this?', 'Hello Maker,'),
    acceptance2022: quoted,
    initial2023: cut(s001, 'Original Email Requesting More Information', 'Hello '),
    followUp2023: cut(s001, 'First Rejection Email', 'Hello '),
    acceptance2023: cut(s001, 'Second Acceptance Email', 'Hello '),
  };
}

function fixtureText(name: string): string {
  const raw = readFileSync(`${FIXTURES_DIR}${name}`, 'utf8').replace(/\r\n?/g, '\n');
  // An .eml: the body after the header block (the samples are 7bit text/plain).
  return name.endsWith('.eml') ? raw.slice(raw.indexOf('\n\n') + 2).trim() : raw.trim();
}

/** The project's own sample notices, in the same layouts. */
export function ownWordings(): Wordings {
  return {
    initial2022: fixtureText('initial-2022.txt'),
    acceptance2022: fixtureText('acceptance-short.txt'),
    initial2023: fixtureText('initial.eml'),
    followUp2023: fixtureText('follow-up.eml'),
    acceptance2023: fixtureText('acceptance.eml'),
  };
}

export const BUSINESS = 'Cactus Hands';
/** Made up for the tests: no listing has them. */
export const ASINS = ['B0CACTUS01', 'B0CACTUS02'];

/** The seed with the seller's own name and ASINs where the guides blanked them out. */
export function personalize(wording: string, options: { business?: string; asins?: string[] } = {}): string {
  const business = options.business ?? BUSINESS;
  const asins = (options.asins ?? ASINS).join(', ');
  return wording
    .replace(/BUSINESS NAME/g, business)
    .replace(/^Hello Maker,/m, options.business ? `Hello ${business},` : 'Hello Maker,')
    .replace(/\(ASINs listed here\)/g, asins)
    .replace(/B0xxxxxxxx(?:, B0xxxxxxxx)*/g, asins);
}

export interface ExpectedQuestion {
  text: string;
  sub: string[];
}

/**
 * What a person reads as the questions of a wording, found by that wording's own fixed
 * anchors (not by the parser's rules): from the line after the request sentence (and the
 * address line, if any) to the line before the closing sentence; a marker starts an entry.
 */
export function expectedQuestions(wording: string): ExpectedQuestion[] {
  const lines = wording.split('\n');
  let start = lines.findIndex((line) =>
    /send the following information to|Please provide the following information|send the details below to|Please send us the following|please reply with the following to/.test(line),
  );
  if (start < 0) throw new Error('no request sentence in wording');
  start += 1;
  while (lines[start]?.trim() === '' || /^\S+@\S+$/.test(lines[start]?.trim() ?? '')) start += 1;
  const end = lines.findIndex((line, i) => i > start && /^\s*(We will review|Within \d+ days|Once your reply arrives)/.test(line));
  const numbered = lines.slice(start, end).some((line) => /^\d\) /.test(line));
  const out: ExpectedQuestion[] = [];
  for (const line of lines.slice(start, end)) {
    const text = line.trim();
    if (text === '') continue;
    if (numbered ? /^\d\) /.test(text) : !text.startsWith('-->')) {
      out.push({ text: text.replace(/^(\d\)|--) /, ''), sub: [] });
    } else {
      out.at(-1)?.sub.push(text.replace(/^(--|-->) /, ''));
    }
  }
  return out;
}

// ------------------------------------------------------------------ .eml builders

export interface MailHeaders {
  from?: string;
  replyTo?: string | null;
  to?: string;
  subject?: string;
  /** RFC 2822 date; null for none. */
  date?: string | null;
}

const DEFAULT_HEADERS = {
  from: 'Amazon Handmade <handmade-integrity@amazon.com>',
  replyTo: 'handmade-store-appeal-review@amazon.com',
  to: 'Cactus Hands <me@cactushands.example>',
  subject: 'Your Amazon Handmade listings',
  date: 'Fri, 20 Nov 2026 14:03:00 +0000',
};

function headerBlock(headers: MailHeaders, contentLines: string[]): string {
  const h = { ...DEFAULT_HEADERS, ...headers };
  const lines = [`From: ${h.from}`];
  if (h.replyTo) lines.push(`Reply-To: ${h.replyTo}`);
  lines.push(`To: ${h.to}`, `Subject: ${h.subject}`);
  if (h.date) lines.push(`Date: ${h.date}`);
  lines.push('Message-ID: <test-notice@cactushands.example>', 'MIME-Version: 1.0', ...contentLines);
  return lines.join('\r\n');
}

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** 7bit text/plain, lines as they are. */
export function emlPlain(body: string, headers: MailHeaders = {}): string {
  return `${headerBlock(headers, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit'])}\r\n\r\n${crlf(body)}\r\n`;
}

/**
 * Quoted-printable (RFC 2045) with soft line breaks at 76 columns, so every long question is
 * split mid-line in the raw file the way Outlook and Gmail send it.
 */
export function encodeQuotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const ch = String.fromCharCode(byte);
      encoded += byte === 0x3d || byte > 0x7e || (byte < 0x20 && byte !== 0x09) ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : ch;
    }
    encoded = encoded.replace(/[ \t]$/, (ch) => `=${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    while (encoded.length > 76) {
      let cut = 75;
      // Never split an "=XX" escape.
      const escape = encoded.lastIndexOf('=', cut);
      if (escape > cut - 3) cut = escape;
      out.push(`${encoded.slice(0, cut)}=`);
      encoded = encoded.slice(cut);
    }
    out.push(encoded);
  }
  return out.join('\r\n');
}

export function emlQuotedPrintable(body: string, headers: MailHeaders = {}): string {
  return `${headerBlock(headers, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'])}\r\n\r\n${encodeQuotedPrintable(body)}\r\n`;
}

const base64Lines = (text: string): string => (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

export function emlBase64(body: string, headers: MailHeaders = {}): string {
  return `${headerBlock(headers, ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'])}\r\n\r\n${base64Lines(body)}\r\n`;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Wraps HTML source at spaces near `width` columns, as mail software does (a newline in HTML is a space). */
function wrapSource(html: string, width = 72): string {
  return html
    .split('\n')
    .map((line) => {
      const parts: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const at = rest.lastIndexOf(' ', width);
        if (at <= 0) break;
        parts.push(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      parts.push(rest);
      return parts.join('\n');
    })
    .join('\n');
}

/**
 * The wording as an HTML email body. 'br': lines separated by <br> (how Amazon's mails look);
 * 'blocks': paragraphs as <p>, lines inside them as <div>, spaces as &nbsp; here and there.
 */
export function toHtml(wording: string, style: 'br' | 'blocks' = 'br'): string {
  let body: string;
  if (style === 'br') {
    body = wording.split('\n').map((line) => `<span style="font-family:Arial">${escapeHtml(line)}</span>`).join('<br>\n');
  } else {
    body = wording
      .split(/\n\s*\n/)
      .map((para) => `<p style="margin:0 0 12px">${para.split('\n').map((line) => `<div>${escapeHtml(line).replace(/^(-+&gt;|--) /, '$1&nbsp;')}</div>`).join('')}</p>`)
      .join('\n');
  }
  return wrapSource(
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Amazon Handmade</title><style>p { color: #111; }</style></head>\n<body>\n<table><tr><td>\n${body}\n</td></tr></table>\n</body></html>`,
  );
}

export function emlHtmlOnly(html: string, headers: MailHeaders = {}): string {
  return `${headerBlock(headers, ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'])}\r\n\r\n${encodeQuotedPrintable(html)}\r\n`;
}

/** multipart/alternative (text + HTML), composed by nodemailer as a real mail client would. */
export async function emlAlternative(text: string, html: string, headers: MailHeaders = {}): Promise<Buffer> {
  const h = { ...DEFAULT_HEADERS, ...headers };
  const composer = new MailComposer({
    from: h.from,
    to: h.to,
    ...(h.replyTo ? { replyTo: h.replyTo } : {}),
    subject: h.subject,
    ...(h.date ? { date: new Date(h.date) } : {}),
    text,
    html,
    textEncoding: 'base64',
  });
  return composer.compile().build();
}
