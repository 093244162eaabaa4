/**
 * The notice reader on the committed sample notices (our own words, Amazon's layout), on the
 * odd ways sellers hand notices over, and on files that are not notices at all.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { htmlToText, noticeFromReading, parseNoticeEml, parseNoticeText, readNoticeFile } from '../src/appeal/notice.js';
import { NoticeSchema } from '../src/appeal/schema.js';
import { emlPlain } from './helpers/notices.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/notices/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'appeal-notice-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

/** The AppealError a promise rejects with (fails the test when it resolves or throws something else). */
async function appealErrorOf(promise: Promise<unknown>): Promise<AppealError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppealError);
  return error as AppealError;
}

/** A short notice in our own words, used to build odd deliveries. */
const OWN_WORDING = [
  'Hello Cactus Hands,',
  '',
  'We need to confirm that your products meet the Amazon Handmade requirements.',
  '',
  'ASIN: b0cactus01, B0CACTUS02, B0CACTUS01',
  '',
  'Within 5 days, send the details below to',
  'handmade-store-appeal-review@amazon.com',
  '',
  '-- Describe in detail how your items are produced.',
  '',
  '-- How many items you can make in a week.',
  '',
  '-- Do you sell your items at craft fairs as well?',
  '',
  '-- Three to five photos of your work.',
  '--> Each one must show your business name.',
  '',
  'We will review your reply and let you know.',
  '',
  'Handmade Integrity Team',
].join('\n');

describe('the sample notices in fixtures/notices', () => {
  test('reads everything the appeal needs from initial.eml', async () => {
    const reading = await readNoticeFile(fixture('initial.eml'));
    expect(reading).toMatchObject({
      kind: 'initial',
      receivedAt: '2026-11-20T14:03:00Z',
      deadline: '2026-11-25T14:03:00Z',
      days: 5,
      asins: ['B0CACTUS01', 'B0CACTUS02'],
      businessName: 'Cactus Hands',
      // The address the text gives, not the Reply-To header (seller-notifications@...).
      replyTo: 'handmade-store-appeal-review@amazon.com',
      reason: null,
    });
    expect(reading.questions.map((q) => q.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'additional']);
    expect(reading.questions[0]?.text).toBe('Tell us, step by step, how the items you list in Handmade get made.');
    expect(reading.questions[1]?.sub?.map((s) => s.id)).toEqual([
      'design', 'location', 'team', 'timePerItem', 'finalProduct', 'employees',
    ]);
    expect(reading.questions[1]?.sub?.[5]?.text).toBe('How many employees do you have, and what does each of them do?');
    expect(reading.questions[4]?.text).toBe('Anything more you want us to know about your shop or your craft.');
  });

  test('reads follow-up.eml as a 2-day follow-up asking for photos and details only', async () => {
    const reading = await readNoticeFile(fixture('follow-up.eml'));
    expect(reading).toMatchObject({
      kind: 'follow-up',
      receivedAt: '2026-11-24T09:30:00Z',
      deadline: '2026-11-26T09:30:00Z',
      days: 2,
      businessName: 'Cactus Hands',
      replyTo: 'handmade-store-appeal-review@amazon.com',
    });
    expect(reading.questions.map((q) => [q.id, q.sub?.map((s) => s.id) ?? []])).toEqual([
      ['media', ['media-1', 'media-2']],
      ['additional', []],
    ]);
    expect(reading.questions[0]?.text).toMatch(/^Between three and five photos or videos taken while you work/);
    expect(reading.reason).toBe(
      'Having looked at what you sent about the products below, we still cannot tell whether they meet the Handmade requirements.',
    );
  });

  test('reads acceptance.eml as the end of the appeal', async () => {
    const reading = await readNoticeFile(fixture('acceptance.eml'));
    expect(reading).toMatchObject({ kind: 'acceptance', questions: [], deadline: null, days: null, businessName: 'Cactus Hands' });
    expect(reading.receivedAt).toBe('2026-11-25T08:15:00Z');
  });

  test('reads the one-paragraph acceptance pasted as text', async () => {
    const reading = await readNoticeFile(fixture('acceptance-short.txt'));
    expect(reading).toMatchObject({ kind: 'acceptance', questions: [], businessName: null });
  });

  test('reads the numbered 2022 layout pasted as text, dating it from the option', async () => {
    const reading = await readNoticeFile(fixture('initial-2022.txt'), { receivedAt: new Date('2026-11-20T14:03:00Z') });
    expect(reading).toMatchObject({
      kind: 'initial',
      asins: ['B0CACTUS01', 'B0CACTUS02'],
      businessName: null,
      // The text names no address: the build writes to the Handmade appeal address.
      replyTo: null,
      days: 5,
      deadline: '2026-11-25T14:03:00Z',
    });
    expect(reading.questions.map((q) => [q.id, q.sub?.map((s) => s.id) ?? []])).toEqual([
      ['process', []],
      ['methods', ['design', 'location', 'team', 'timePerItem', 'finalProduct']],
      ['weeklyCapacity', []],
      ['media', ['media-1', 'media-2']],
      ['additional', []],
    ]);
    expect(reading.questions[1]?.text).toBe('Which techniques do you use, and in what order is the work done?');
  });

  test('turns a reading into the notice stored in appeal.json', async () => {
    const reading = await readNoticeFile(fixture('initial.eml'));
    const notice = noticeFromReading(reading, 'notice.eml');
    expect(NoticeSchema.parse(notice)).toEqual(notice);
    expect(notice).toMatchObject({ kind: 'initial', deadline: '2026-11-25T14:03:00Z', source: 'notice.eml', days: 5 });
    const pasted = noticeFromReading(parseNoticeText(OWN_WORDING.replace(/^Within 5 days, /m, '')));
    expect(pasted).not.toHaveProperty('receivedAt');
    expect(pasted).not.toHaveProperty('deadline');
    expect(NoticeSchema.safeParse(pasted).success).toBe(true);
  });
});

describe('reading what the notice asks', () => {
  test('collects every ASIN once, upper-cased, and ignores blanked-out ones', () => {
    const reading = parseNoticeText(`${OWN_WORDING}\nAlso B0xxxxxxxx.`);
    expect(reading.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
  });

  test('keeps a period that belongs to the business name in the greeting', () => {
    const named = (greeting: string) => parseNoticeText(OWN_WORDING.replace('Hello Cactus Hands,', greeting)).businessName;
    expect(named('Hello Saltmarsh Soap Co.,')).toBe('Saltmarsh Soap Co.');
    expect(named('Hello Saltmarsh Soap Co.')).toBe('Saltmarsh Soap Co.');
    expect(named('Dear Ortiz & Sons Ltd.:')).toBe('Ortiz & Sons Ltd.');
    expect(named('Hello J. R. Woodcraft,')).toBe('J. R. Woodcraft');
    // A sentence's full stop is not part of the name.
    expect(named('Hello Cactus Hands.')).toBe('Cactus Hands');
    expect(named('Hello Cactus Hands!')).toBe('Cactus Hands');
  });

  test('gives questions it does not know stable ids q1, q2, ...', () => {
    const reading = parseNoticeText(OWN_WORDING);
    expect(reading.questions.map((q) => [q.id, q.kind])).toEqual([
      ['process', 'text'],
      ['weeklyCapacity', 'number'],
      ['q1', 'text'],
      ['media', 'media'],
    ]);
    expect(reading.questions[2]?.text).toBe('Do you sell your items at craft fairs as well?');
  });

  test('reads "within five days" written out, and defaults to 5 days when the request gives none', () => {
    expect(parseNoticeText(OWN_WORDING.replace('Within 5 days', 'Within five (5) days')).days).toBe(5);
    expect(parseNoticeText(OWN_WORDING.replace('Within 5 days', 'Within 7 days')).days).toBe(7);
    expect(parseNoticeText(OWN_WORDING.replace('Within 5 days, send', 'Send')).days).toBe(5);
  });

  test('takes the name and date from the forwarded notice, not from the forwarding note above it', async () => {
    const forwarded = [
      'Hi Sam,',
      'can you help me with this one? See below.',
      '',
      '---------- Forwarded message ---------',
      'From: Amazon Handmade <handmade-integrity@amazon.com>',
      'Date: Fri, Nov 20, 2026 at 2:03 PM',
      '',
      ...OWN_WORDING.split('\n').map((line) => `> ${line}`),
    ].join('\n');
    const reading = await parseNoticeEml(
      emlPlain(forwarded, { from: 'Me <me@cactushands.example>', replyTo: null, date: 'Sun, 22 Nov 2026 18:00:00 +0000' }),
    );
    expect(reading.businessName).toBe('Cactus Hands');
    // Gmail writes the original date in the forwarder's local time, i.e. this machine's.
    expect(reading.receivedAt).toBe(new Date(2026, 10, 20, 14, 3).toISOString().replace('.000Z', 'Z'));
    expect(reading.replyTo).toBe('handmade-store-appeal-review@amazon.com');
    expect(reading.questions.map((q) => q.id)).toEqual(['process', 'weeklyCapacity', 'q1', 'media']);
  });

  test('dates a notice quoted in a reply from the "On ... wrote:" line', async () => {
    const reply = [
      'Hi,',
      'my answers are below.',
      '',
      'On Fri, 20 Nov 2026 14:03:00 +0000, Amazon Handmade <handmade-integrity@amazon.com> wrote:',
      ...OWN_WORDING.split('\n').map((line) => `> ${line}`),
    ].join('\n');
    const reading = await parseNoticeEml(emlPlain(reply, { from: 'Me <me@cactushands.example>', to: 'Sam <sam@example.com>', date: 'Mon, 23 Nov 2026 08:00:00 +0000' }));
    expect(reading.receivedAt).toBe('2026-11-20T14:03:00Z');
    expect(reading.deadline).toBe('2026-11-25T14:03:00Z');
  });

  test('reads a notice forwarded as an attached message', async () => {
    const inner = emlPlain(OWN_WORDING);
    const outer = await new MailComposer({
      from: 'Me <me@cactushands.example>',
      to: 'Sam <sam@example.com>',
      subject: 'Fwd: Your Amazon Handmade listings',
      text: 'Forwarding the notice from Amazon.',
      attachments: [{ filename: 'notice.eml', content: inner, contentType: 'message/rfc822' }],
    })
      .compile()
      .build();
    const reading = await parseNoticeEml(outer);
    expect(reading.receivedAt).toBe('2026-11-20T14:03:00Z');
    expect(reading.questions.map((q) => q.id)).toEqual(['process', 'weeklyCapacity', 'q1', 'media']);
  });

  test('reads a paste that has the ASIN line above the greeting', () => {
    const lines = OWN_WORDING.split('\n');
    const asinLine = lines.splice(4, 1)[0]!;
    const reading = parseNoticeText([asinLine, '', ...lines].join('\n'));
    expect(reading.asins).toEqual(['B0CACTUS01', 'B0CACTUS02']);
    expect(reading.businessName).toBe('Cactus Hands');
    expect(reading.questions).toHaveLength(4);
  });

  test('dates an .eml without a Date header from the option', async () => {
    const reading = await parseNoticeEml(emlPlain(OWN_WORDING, { date: null }), { receivedAt: new Date('2026-12-01T10:00:00Z') });
    expect(reading.receivedAt).toBe('2026-12-01T10:00:00Z');
    expect(reading.deadline).toBe('2026-12-06T10:00:00Z');
  });

  test('reads a notice saved by Notepad as UTF-16 with a byte-order mark', async () => {
    const file = await write('notepad.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(OWN_WORDING, 'utf16le')]));
    const reading = await readNoticeFile(file);
    expect(reading.businessName).toBe('Cactus Hands');
    expect(reading.questions).toHaveLength(4);
  });

  test('reads a notice saved in the Windows code page, smart quotes included', async () => {
    const text = OWN_WORDING.replace('Do you sell your items at craft fairs as well?', 'Do you sell at \u201ccraft fairs\u201d as well?');
    const bytes = Buffer.from(text.replace(/[\u201c\u201d]/g, (q) => (q === '\u201c' ? '\x93' : '\x94')), 'latin1');
    const reading = await readNoticeFile(await write('cp1252.txt', bytes));
    expect(reading.questions[2]?.text).toBe('Do you sell at \u201ccraft fairs\u201d as well?');
  });

  test('reads HTML bullet lists without markers as questions and sub-questions', async () => {
    const html = `<html><body><p>Hello Cactus Hands,</p><p>ASIN: B0CACTUS01</p>
      <p>Within 5 days, send these details to
      handmade-store-appeal-review@amazon.com</p>
      <ul><li>Describe in detail how your items are produced.</li>
      <li>Three to five photos of your work.<ul><li>Each one must show your business name.</li>
      <li>Note the ASIN of each item shown.</li></ul></li>
      <li>Anything else we should know about your shop.</li></ul>
      <p>We will review your reply.</p><p>Handmade Integrity Team</p></body></html>`;
    const reading = parseNoticeText(html);
    expect(reading.questions).toEqual([
      { id: 'process', text: 'Describe in detail how your items are produced.', kind: 'text' },
      {
        id: 'media',
        text: 'Three to five photos of your work.',
        kind: 'media',
        sub: [
          { id: 'media-1', text: 'Each one must show your business name.', kind: 'media' },
          { id: 'media-2', text: 'Note the ASIN of each item shown.', kind: 'media' },
        ],
      },
      { id: 'additional', text: 'Anything else we should know about your shop.', kind: 'text' },
    ]);
  });
});

describe('turning HTML into lines', () => {
  test('keeps the list marker of an item whose text sits in its own paragraph (Outlook, Word)', () => {
    expect(htmlToText('<ul><li><p>Describe it.</p></li><li><p>Photos</p><ul><li><p>Show the name</p></li></ul></li></ul>')).toBe(
      '-- Describe it.\n\n-- Photos\n\n--> Show the name',
    );
  });


  test('ends lines at <br>, <p>, <li> and <div> but not at newlines in the source', () => {
    const text = htmlToText(
      '<style>p{}</style><script>var x=1</script><p>First\nsentence &amp; more</p><div>Second&nbsp;line</div>Third<br/>Fourth<ol><li>One</li><li>Two</li></ol>',
    );
    expect(text).toBe('First sentence & more\n\nSecond line\nThird\nFourth\n1) One\n2) Two');
  });

  test('decodes numeric and named entities', () => {
    expect(htmlToText('<p>We&#39;re here &ndash; &#x2014; &lt;ok&gt; &rsquo;</p>')).toBe("We're here \u2013 \u2014 <ok> \u2019");
  });
});

describe('input that is not a notice', () => {
  test('rejects a missing file with exit code 2, naming the file', async () => {
    const file = join(dir, 'no-such-notice.eml');
    const error = await appealErrorOf(readNoticeFile(file));
    expect(error.exitCode).toBe(2);
    expect(error.toLine()).toContain(file);
    expect(error.toLine()).toMatch(/not found/);
    expect(error.toLine()).not.toContain('\n');
  });

  test('rejects an empty file', async () => {
    const error = await appealErrorOf(readNoticeFile(await write('empty.txt', '   \n\n')));
    expect(error.exitCode).toBe(2);
    expect(error.toLine()).toMatch(/empty\.txt: .*empty.*\.eml.*\.txt/);
  });

  test('rejects a binary file, saying what to pass instead', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const error = await appealErrorOf(readNoticeFile(await write('screenshot.txt', Buffer.concat([png, Buffer.alloc(64)]))));
    expect(error.toLine()).toMatch(/screenshot\.txt: .*image.*saved as \.eml/);
    const pdf = await appealErrorOf(readNoticeFile(await write('notice.pdf', '%PDF-1.7\n%\xe2\xe3\n1 0 obj')));
    expect(pdf.toLine()).toMatch(/PDF/);
  });

  test('rejects a file that is not a notice', async () => {
    const error = await appealErrorOf(readNoticeFile(await write('recipe.txt', 'Lemon cake\n\n-- 200 g flour\n-- 3 eggs\n')));
    expect(error.exitCode).toBe(2);
    expect(error.toLine()).toMatch(/recipe\.txt: this is not an Amazon Handmade notice .*\.eml.*\.txt/);
  });

  test('rejects an email that is not a notice', async () => {
    const file = await write('newsletter.eml', emlPlain('Hi there,\n\nOur spring sale starts Monday.\n\n-- The Shop', { from: 'shop@example.com' }));
    const error = await appealErrorOf(readNoticeFile(file));
    expect(error.toLine()).toMatch(/newsletter\.eml: this is not an Amazon Handmade notice/);
  });

  test("rejects the seller's own appeal email passed by mistake", async () => {
    const appealEml = await new MailComposer({
      from: 'Cactus Hands <me@cactushands.example>',
      to: 'handmade-store-appeal-review@amazon.com',
      subject: 'Appeal: Handmade verification',
      headers: { 'X-Unsent': '1' },
      text: OWN_WORDING,
    })
      .compile()
      .build();
    const error = await appealErrorOf(readNoticeFile(await write('appeal.eml', appealEml)));
    expect(error.toLine()).toMatch(/appeal\.eml: this is an email to Amazon/);
  });

  test('rejects a file far too large to be a notice without reading it', async () => {
    const file = await write('video.txt', '');
    await truncate(file, 40_000_000); // sparse: no disk space, no time
    const error = await appealErrorOf(readNoticeFile(file));
    expect(error.toLine()).toMatch(/video\.txt: is 40 MB, far too large to be a notice/);
  });

  test('rejects a folder', async () => {
    const folder = join(dir, 'a-folder.eml');
    await mkdir(folder);
    const error = await appealErrorOf(readNoticeFile(folder));
    expect(error.toLine()).toMatch(/a-folder\.eml: is a folder/);
  });

  test('rejects pasted text that is not a notice without a file name', () => {
    expect(() => parseNoticeText('Dear diary, today I sanded twelve spoons.')).toThrow(AppealError);
  });
});
