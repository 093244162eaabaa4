import { AppealError } from './errors.js';

/**
 * Sizes as sellers and mail servers count them. MB = 1,000,000 bytes (the limit
 * mail servers state); MiB = 1,048,576.
 */

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1_024,
  mib: 1_048_576,
  gib: 1_073_741_824,
};

/** The budget of a build and a check unless --max-email-size says otherwise: sellers report 18 MB bouncing too, so this is the most we aim at. */
export const DEFAULT_EMAIL_BYTES = 18_000_000;

/** The hard ceiling: an email over 20 MB (20,000,000 bytes) does not reach Amazon. */
export const MAX_EMAIL_BYTES = 20_000_000;

/** "18MB", "17.5 MB", "20000KB", "16MiB", "18000000" → bytes; refuses sizes over 20 MB. */
export function parseSize(text: string, flag = '--max-email-size'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  if (!match) {
    throw new AppealError(`${flag} "${text}" is not a size.`, {
      hint: 'Write it like 18MB, 17.5MB, 18000KB or 16MiB (MB = 1,000,000 bytes).',
    });
  }
  const bytes = Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!);
  if (bytes < 100_000) {
    throw new AppealError(`${flag} ${text} is too small for an email with photos.`, {
      hint: 'Use a size between 100KB and 20MB; the default 18MB leaves a safety margin under the 20MB limit.',
    });
  }
  if (bytes > MAX_EMAIL_BYTES) {
    throw new AppealError(
      `${flag} ${text} is over 20MB: an email that big bounces at Amazon, and sellers report even 18MB ones bouncing.`,
      { hint: 'Use 20MB at most; the default 18MB leaves a safety margin.' },
    );
  }
  return bytes;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(bytes >= 10_000_000 ? 1 : 2)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(0)} KB`;
  return `${bytes} B`;
}

/** Length of base64 text for `raw` bytes, without line breaks. */
export function base64Length(raw: number): number {
  return 4 * Math.ceil(raw / 3);
}

/**
 * Bytes that `raw` bytes take in a MIME body encoded as base64 in 76-column lines,
 * each line ended by CRLF (RFC 2045), the way nodemailer writes attachments.
 */
export function base64BodyBytes(raw: number, lineLength = 76): number {
  const chars = base64Length(raw);
  if (chars === 0) return 0;
  const lines = Math.ceil(chars / lineLength);
  return chars + 2 * lines;
}

/** Largest raw size whose base64 body fits in `encoded` bytes (inverse of base64BodyBytes). */
export function maxRawForEncoded(encoded: number, lineLength = 76): number {
  if (encoded <= 0) return 0;
  // Each full line carries lineLength/4*3 raw bytes in lineLength+2 encoded bytes.
  const perLineRaw = (lineLength / 4) * 3;
  let raw = Math.floor((encoded / (lineLength + 2)) * perLineRaw);
  while (base64BodyBytes(raw + 1, lineLength) <= encoded) raw++;
  while (raw > 0 && base64BodyBytes(raw, lineLength) > encoded) raw--;
  return raw;
}
