import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { base64BodyBytes } from '../appeal/size.js';
import { oneLine } from './content.js';

/**
 * The .eml: composed by nodemailer's MailComposer (no hand-written MIME), attachments
 * streamed from disk. Every header value that comes from the seller (names, subject)
 * goes through MailComposer's own encoders and is flattened to one line first, so an
 * answer or a name with line breaks can never add a header.
 */


export interface EmailAttachment {
  /** The name the recipient sees. */
  filename: string;
  /** File on disk, streamed when the message is written. */
  path: string;
  contentType: string;
}

export interface EmailDraft {
  from: { name: string; address: string } | null;
  to: string;
  subject: string;
  text: string;
  date: Date;
  messageId: string;
  attachments: EmailAttachment[];
}

export function newMessageId(fromAddress: string | null | undefined): string {
  const domain = fromAddress?.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'appeal.invalid';
  return `<${randomUUID()}@${domain}>`;
}

/** Bytes of the placeholder body used when measuring the message around the attachments. */
const PLACEHOLDER = Buffer.from('abc');

function composerOptions(draft: EmailDraft, placeholders: boolean): MailComposerOptions {
  return {
    ...(draft.from ? { from: { name: oneLine(draft.from.name), address: draft.from.address } } : {}),
    to: draft.to,
    subject: oneLine(draft.subject),
    date: draft.date,
    messageId: draft.messageId,
    // A fixed header: classic Outlook opens the message as a draft to send.
    headers: { 'X-Unsent': '1' },
    // CRLF throughout, as on the wire, so the size on disk is the size sent.
    newline: 'windows',
    text: draft.text.replace(/\r\n?/g, '\n'),
    attachments: draft.attachments.map((a) => ({
      filename: oneLine(a.filename),
      contentType: a.contentType,
      contentTransferEncoding: 'base64',
      ...(placeholders ? { content: PLACEHOLDER } : { path: a.path }),
    })),
    disableUrlAccess: true,
  };
}

export function composer(draft: EmailDraft): MailComposer {
  return new MailComposer(composerOptions(draft, false));
}

/**
 * Email bytes besides the attachments' base64 bodies: headers, text part, part headers
 * and boundaries. Measured by composing the same message around 3-byte placeholders,
 * so it is exact (nodemailer's boundaries, Date and Message-ID have fixed lengths).
 */
export async function measureEmailOverhead(draft: EmailDraft): Promise<number> {
  const skeleton = await new MailComposer(composerOptions(draft, true)).compile().build();
  return skeleton.length - draft.attachments.length * base64BodyBytes(PLACEHOLDER.length);
}

/** Writes the message to `file` by streaming it (videos are never held in memory). Returns its size. */
export async function writeEml(draft: EmailDraft, file: string, signal?: AbortSignal): Promise<number> {
  const stream = composer(draft).compile().createReadStream();
  await pipeline(stream, createWriteStream(file), signal ? { signal } : {});
  return (await stat(file)).size;
}
