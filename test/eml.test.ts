import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { encodedEmailBytes } from '../src/package/budget.js';
import { measureEmailOverhead, newMessageId, writeEml, type EmailDraft } from '../src/package/eml.js';
import { WORD_TYPE as DOCX_TYPE } from '../src/common/media-types.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'appeal-eml-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, randomBytes(bytes));
  return path;
}

function draft(over: Partial<EmailDraft> & { attachments: EmailDraft['attachments'] }): EmailDraft {
  return {
    from: { name: 'Cactus Hands', address: 'me@example.com' },
    to: 'handmade-store-appeal-review@amazon.com',
    subject: 'Handmade review: Cactus Hands (ASIN B0CACTUS01)',
    text: 'Hello,\n\nmy answers are below.\n\n1. How are the items made?\nBy hand, at my bench.\n',
    date: new Date('2026-11-21T09:30:00Z'),
    messageId: newMessageId('me@example.com'),
    ...over,
  };
}

describe('the appeal email', () => {
  it.each([
    [1, 1],
    [57, 58],
    [1_000, 76 * 3],
    [123_457, 2_000_001],
    [3_333_333, 0],
  ])('predicts the encoded size to the byte (docx %i bytes, video %i bytes)', async (docxBytes, videoBytes) => {
    const attachments = [{ filename: 'appeal.docx', path: await fileOf(`a-${docxBytes}.docx`, docxBytes), contentType: DOCX_TYPE }];
    if (videoBytes > 0) {
      attachments.push({ filename: 'workshop.mp4', path: await fileOf(`v-${videoBytes}.mp4`, videoBytes), contentType: 'video/mp4' });
    }
    const mail = draft({ attachments });
    const overhead = await measureEmailOverhead(mail);
    const predicted = encodedEmailBytes(overhead, videoBytes > 0 ? [docxBytes, videoBytes] : [docxBytes]);
    const out = join(dir, `m-${docxBytes}-${videoBytes}.eml`);
    const written = await writeEml(mail, out);
    expect(written).toBe((await stat(out)).size);
    expect(written).toBe(predicted);
  });

  it('stays exact with non-ASCII names, a long subject and a long text', async () => {
    const mail = draft({
      from: { name: 'Tällerei Müller & Söhne', address: 'werkstatt@example.de' },
      subject: `Handmade review: Tällerei Müller & Söhne (ASINs ${'B0CACTUS01, '.repeat(6)}B0CACTUS02)`,
      text: `Grüße aus der Werkstatt — ${'über das Töpfern '.repeat(400)}\n`,
      attachments: [
        { filename: 'appeal.docx', path: await fileOf('x.docx', 54_321), contentType: DOCX_TYPE },
        { filename: 'Drehscheibe-größe.mp4', path: await fileOf('y.mp4', 987_654), contentType: 'video/mp4' },
      ],
    });
    const overhead = await measureEmailOverhead(mail);
    const out = join(dir, 'intl.eml');
    expect(await writeEml(mail, out)).toBe(encodedEmailBytes(overhead, [54_321, 987_654]));

    const parsed = await simpleParser(await readFile(out));
    expect(parsed.from?.value[0]?.name).toBe('Tällerei Müller & Söhne');
    expect(parsed.subject).toContain('Tällerei Müller & Söhne');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['appeal.docx', 'Drehscheibe-größe.mp4']);
    const raw = (await readFile(out, 'latin1')).split('\r\n\r\n')[0]!;
    expect(raw).toMatch(/^From: =\?UTF-8\?/m); // RFC 2047 encoded word, not raw UTF-8
    expect(raw).toMatch(/^X-Unsent: 1$/m);
    expect(await readFile(out, 'latin1')).toContain("filename*0*=utf-8''Drehscheibe-gr%C3%B6%C3%9Fe.mp4");
  });

  it('carries the attachments byte for byte, as base64 in 76-column CRLF lines', async () => {
    const docx = await fileOf('exact.docx', 10_000);
    const video = await fileOf('exact.mp4', 30_000);
    const out = join(dir, 'exact.eml');
    await writeEml(
      draft({
        attachments: [
          { filename: 'appeal.docx', path: docx, contentType: DOCX_TYPE },
          { filename: 'exact.mp4', path: video, contentType: 'video/mp4' },
        ],
      }),
      out,
    );
    const text = await readFile(out, 'latin1');
    expect(text).not.toMatch(/[^\r]\n/); // CRLF only
    const longest = Math.max(...text.split('\r\n').filter((l) => /^[A-Za-z0-9+/=]+$/.test(l)).map((l) => l.length));
    expect(longest).toBe(76);
    const parsed = await simpleParser(await readFile(out));
    expect(parsed.attachments[0]!.content.equals(await readFile(docx))).toBe(true);
    expect(parsed.attachments[1]!.content.equals(await readFile(video))).toBe(true);
    expect(parsed.attachments[0]!.contentType).toBe(DOCX_TYPE);
    expect(parsed.attachments[1]!.contentType).toBe('video/mp4');
  });

  it('never lets a line break in a name, subject or answer create a header', async () => {
    const out = join(dir, 'inject.eml');
    await writeEml(
      draft({
        from: { name: 'Evil\r\nBcc: victim@example.com', address: 'me@example.com' },
        subject: 'Hello\r\nBcc: other@example.com\nX-Injected: yes',
        text: 'An answer\r\nBcc: third@example.com\r\n\r\nX-Injected: body\n',
        attachments: [
          { filename: 'a\r\nX-Injected: name.docx', path: await fileOf('inj.docx', 100), contentType: DOCX_TYPE },
        ],
      }),
      out,
    );
    const parsed = await simpleParser(await readFile(out));
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual([
      'handmade-store-appeal-review@amazon.com',
    ]);
    // The text survives as text.
    expect(parsed.text).toContain('Bcc: third@example.com');
    const headerBlock = (await readFile(out, 'latin1')).split('\r\n\r\n')[0]!;
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(headerBlock).not.toMatch(/^X-Injected:/im);
  });
});
