import { resolveMx } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppealError } from '../appeal/errors.js';
import {
  domainOf,
  isMicrosoftHost,
  MICROSOFT_PROVIDER,
  providerOfDomain,
  providerOfHost,
  providerOfMx,
  type ImapProvider,
  type ManualProvider,
  type Provider,
} from './providers.js';

/**
 * Which IMAP server gets the draft, and how TLS starts there. TLS is never optional: port 993
 * speaks TLS from the first byte, port 143 must upgrade with STARTTLS (refused if the server
 * does not offer it), and any other port is tried as TLS first, then as STARTTLS when the
 * server turns out to greet in plain text. Certificates are always verified.
 */

export type TlsStart = 'implicit' | 'starttls' | 'either';

export interface ImapServer {
  host: string;
  port: number;
  tls: TlsStart;
  /** The provider the host belongs to, for hints after a refused login; null for an unknown host. */
  provider: ImapProvider | null;
}

/** A provider appeal cannot log in to: the CLI shows the reason and the manual steps. */
export class ManualOnlyError extends AppealError {
  constructor(readonly provider: ManualProvider) {
    super(provider.reason, { hint: 'Send the email by hand instead (steps below).' });
  }
}

export function tlsStartFor(port: number): TlsStart {
  if (port === 993) return 'implicit';
  if (port === 143) return 'starttls';
  return 'either';
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** `--imap host`, `host:port`, `[v6]:port`; the port defaults to 993. */
export function parseImapOption(value: string): { host: string; port: number } {
  const text = value.trim().replace(/^imaps?:\/\//i, '').replace(/\/$/, '');
  const bad = (why: string) =>
    new AppealError(`--imap "${value}": ${why}.`, { hint: 'Give the server as host or host:port, e.g. --imap imap.example.com:993.' });
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (isIP(host) !== 6) throw bad('not an IPv6 address in brackets');
  } else {
    const parts = text.split(':');
    if (parts.length > 2) throw bad('an IPv6 address needs brackets, e.g. [::1]:993');
    host = parts[0]!;
    portText = parts[1];
    if (isIP(host) === 0 && !HOST_NAME.test(host)) throw bad('not a server name');
  }
  let port = 993;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) throw bad('the port must be a number from 1 to 65535');
  }
  return { host, port };
}

/** Looks up a domain's MX hosts; an injectable seam so tests need no DNS. */
export type MxLookup = (domain: string) => Promise<string[]>;

const MX_TIMEOUT_MS = 5000;

export const systemMxLookup: MxLookup = async (domain) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), MX_TIMEOUT_MS);
  });
  try {
    const lookup = resolveMx(domain).then(
      (records) => records.sort((a, b) => a.priority - b.priority).map((r) => r.exchange),
      () => [] as string[],
    );
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export interface ServerChoice {
  /** --imap, when given. */
  imap?: string;
  /** The seller's address (business.email, else the email's From). */
  address: string | null;
  lookupMx?: MxLookup;
}

function manualOrServer(provider: Provider): ImapServer {
  if (provider.kind === 'manual') throw new ManualOnlyError(provider);
  return { host: provider.host, port: provider.port, tls: tlsStartFor(provider.port), provider };
}

export async function chooseServer(choice: ServerChoice): Promise<ImapServer> {
  if (choice.imap !== undefined) {
    const { host, port } = parseImapOption(choice.imap);
    if (isMicrosoftHost(host)) throw new ManualOnlyError(MICROSOFT_PROVIDER);
    return { host, port, tls: tlsStartFor(port), provider: providerOfHost(host) };
  }
  const domain = choice.address ? domainOf(choice.address) : null;
  if (!domain) {
    throw new AppealError('no mail address to find your mail server from (business.email in appeal.json is empty).', {
      hint: 'Pass --imap <server> and --user <login>, or set business.email with `appeal init`.',
    });
  }
  const known = providerOfDomain(domain);
  if (known) return manualOrServer(known);
  // A shop's own domain: its MX records tell who hosts the mail.
  const hosted = providerOfMx(await (choice.lookupMx ?? systemMxLookup)(domain));
  if (hosted) return manualOrServer(hosted);
  throw new AppealError(`appeal does not know the IMAP server for ${domain}.`, {
    hint: "Pass --imap <server> (your provider's incoming mail / IMAP server, e.g. --imap mail.example.com).",
  });
}
