import { ImapFlow } from 'imapflow';
import type { ImapServer } from './server.js';

/**
 * Opening an IMAP session: always TLS with the certificate verified (Node's trust store, plus
 * NODE_EXTRA_CA_CERTS), never a login in plain text, no logging (so the password has nowhere
 * to go), and the waits the seller can lengthen with APPEAL_IMAP_TIMEOUT.
 */

export interface Login {
  server: ImapServer;
  user: string;
  password: string;
  timeoutSec: number;
}

function openClient({ server, user, password, timeoutSec }: Login, starttls: boolean): ImapFlow {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: !starttls,
    ...(starttls ? { doSTARTTLS: true } : {}),
    auth: { user, pass: password },
    // Verification on, always: there is no option that turns it off.
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    logger: false,
    disableAutoIdle: true,
    // Compressed writes would hide how much of the message has left.
    disableCompression: true,
    connectionTimeout: timeoutSec * 1000,
    greetingTimeout: timeoutSec * 1000,
    socketTimeout: Math.max(timeoutSec * 4, 60) * 1000,
    clientInfo: { name: 'handmade-appeal' },
  });
  // Failures reach us as rejected commands; the event would otherwise crash the process.
  client.on('error', () => {});
  return client;
}

function isPlainTextGreeting(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version number/i.test(String((error as Error).message)));
}

/** Logs in; on a port that is neither 993 nor 143, falls back to STARTTLS when the server greets in plain text. */
export async function connect(job: Login, signal: AbortSignal | undefined): Promise<ImapFlow> {
  const attempt = async (starttls: boolean) => {
    const client = openClient(job, starttls);
    const stop = () => client.close();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.close();
      throw error;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  };
  if (job.server.tls === 'starttls') return attempt(true);
  try {
    return await attempt(false);
  } catch (error) {
    if (job.server.tls === 'either' && isPlainTextGreeting(error) && !signal?.aborted) return attempt(true);
    throw error;
  }
}
