import { AppealError } from '../appeal/errors.js';
import { formatSize } from '../appeal/size.js';
import type { ImapServer } from './server.js';

/**
 * What went wrong talking to the mail server, as one line the seller can act on. Built from
 * error codes, never from the raw text of a command, so the password cannot leak into it;
 * the server's own words are quoted only for a refusal we have no line for, and even then
 * scrubbed of the password.
 */

export interface FailureContext {
  server: ImapServer;
  user: string;
  /** Scrubbed from any text that is quoted. */
  secret: string;
  timeoutSec: number;
  messageBytes: number;
  /** True once the APPEND started: the seller is told nothing was saved. */
  uploading: boolean;
}

interface ImapLikeError {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  responseStatus?: string;
  tlsFailed?: boolean;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS']);

export function address(server: ImapServer): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

function scrub(text: string, secret: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const clean = secret ? oneLine.split(secret).join('***') : oneLine;
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}

/** The email is over what the server takes: the limit it announced, when it did, decides the advice. */
export function tooLarge(context: FailureContext, limitBytes: number | null): AppealError {
  const size = formatSize(context.messageBytes);
  const limit = limitBytes ? ` (it accepts at most ${formatSize(limitBytes)})` : '';
  let hint = 'Build a smaller one with `appeal build --max-email-size <size>` (e.g. 10MB), then run `appeal draft` again.';
  if (limitBytes !== null && limitBytes >= 2_000_000) {
    hint = `Build a smaller one with \`appeal build --max-email-size ${Math.floor(limitBytes / 1_000_000)}MB\`, then run \`appeal draft\` again.`;
  } else if (limitBytes !== null) {
    hint = 'That is too small for photos: use another mail account, or send the email by hand.';
  }
  return new AppealError(`${address(context.server)} does not accept an email of ${size}${limit}; nothing was saved.`, { hint });
}

/** An AppealError for what the seller can act on; null when the error is not a known failure (a bug). */
export function explainFailure(error: unknown, context: FailureContext): AppealError | null {
  if (!(error instanceof Error)) return null;
  const e = error as Error & ImapLikeError;
  const where = address(context.server);
  const nothingSaved = context.uploading ? '; nothing was saved' : '';
  const code = e.code ?? '';
  const response = (e.serverResponseCode ?? '').toUpperCase();

  if (e.authenticationFailed || response === 'AUTHENTICATIONFAILED' || response === 'AUTHORIZATIONFAILED') {
    return new AppealError(`${where} refused the login for ${context.user}.`, {
      hint:
        context.server.provider?.loginHint ??
        'Check --user and the password; most providers want an app password here, not your normal password (see the README).',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new AppealError(`cannot find the mail server ${context.server.host}.`, {
      hint: 'Check the server name (--imap) and your internet connection.',
    });
  }
  if (code === 'ECONNREFUSED') {
    return new AppealError(`${where} refused the connection.`, {
      hint: 'Check the server name and port in --imap (IMAP over TLS is usually port 993).',
    });
  }
  if (TIMEOUT_CODES.has(code)) {
    return new AppealError(`${where} did not answer within ${context.timeoutSec} second${context.timeoutSec === 1 ? '' : 's'}${nothingSaved}.`, {
      hint: 'Check your internet connection and --imap; on a slow connection set APPEAL_IMAP_TIMEOUT=<seconds>.',
    });
  }
  if (CERT_CODES.has(code)) {
    return new AppealError(`the certificate of ${context.server.host} could not be verified (${scrub(e.message ?? code, context.secret)}); appeal sends your password only to a verified server.`, {
      hint: 'Check the server name in --imap: it must be the name the provider publishes.',
    });
  }
  if (e.tlsFailed || /STARTTLS/i.test(e.message ?? '')) {
    return new AppealError(`${where} offers no encryption (STARTTLS); appeal never sends your password unencrypted.`, {
      hint: 'Use the server\'s IMAP-over-TLS port instead, usually --imap <server>:993.',
    });
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new AppealError(`could not start an encrypted connection with ${where}.`, {
      hint: 'Check the port in --imap: 993 for IMAP over TLS, 143 for STARTTLS.',
    });
  }
  if (response === 'OVERQUOTA') {
    return new AppealError(`your mailbox on ${context.server.host} is full: no room for the ${formatSize(context.messageBytes)} email; nothing was saved.`, {
      hint: 'Delete some mail and empty the Trash, then run `appeal draft` again.',
    });
  }
  if (response === 'APPENDLIMIT' || response === 'TOOBIG' || response === 'LIMIT') {
    return tooLarge(context, null);
  }
  if (LOST_CODES.has(code)) {
    return new AppealError(`the connection to ${where} was lost${nothingSaved}.`, {
      hint: 'Run `appeal draft` again.',
    });
  }
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    const said = e.responseText ? `: "${scrub(e.responseText, context.secret)}"` : '';
    return new AppealError(`${where} refused the request${said}${nothingSaved}.`, {
      hint: 'Run `appeal draft` again later, or pick the folder with --mailbox.',
    });
  }
  return null;
}
