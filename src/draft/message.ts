import { once } from 'node:events';
import { MailParser, type AddressObject, type AttachmentStream, type MessageText } from 'mailparser';

/**
 * The built email as the upload needs it: its bytes, untouched (the draft must be exactly what
 * the preflight checked), and the few headers that say whose it is and how to recognise it.
 * Parsed by mailparser as a stream: attachment bodies are skipped, never held twice.
 */

export interface BuiltEmail {
  bytes: Buffer;
  messageId: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  attachments: string[];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value.map((a) => a.address).filter((a): a is string => Boolean(a)));
}

export async function readBuiltEmail(bytes: Buffer): Promise<BuiltEmail> {
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  const email: BuiltEmail = { bytes, messageId: null, from: null, to: [], subject: null, attachments: [] };
  parser.on('headers', (headers: Map<string, unknown>) => {
    const id = headers.get('message-id');
    email.messageId = typeof id === 'string' && id.trim() ? id.trim() : null;
    email.from = addresses(headers.get('from') as AddressObject | undefined)[0] ?? null;
    email.to = addresses(headers.get('to') as AddressObject | AddressObject[] | undefined);
    const subject = headers.get('subject');
    email.subject = typeof subject === 'string' ? subject : null;
  });
  parser.on('data', (part: AttachmentStream | MessageText) => {
    if (part.type !== 'attachment') return;
    if (part.filename) email.attachments.push(part.filename);
    part.content.on('end', () => part.release?.());
    part.content.resume();
  });
  const ended = once(parser, 'end');
  parser.end(bytes);
  await ended;
  return email;
}
