import { Cancelled } from '../common/cancel.js';
import type { ImapFlow, MailboxObject } from 'imapflow';
import { AppealError } from '../appeal/errors.js';
import { explainFailure, tooLarge, type FailureContext } from './failure.js';
import { chooseMailbox } from './mailbox.js';
import { connect, type Login } from './session.js';

/**
 * One IMAP session that puts the email into Drafts, flagged \Draft, and takes out the copy an
 * earlier run put there. The order keeps the folder whole at every moment: find the earlier
 * copies, APPEND the new one (the server stores a message only once all of it has arrived),
 * then delete the earlier ones. Nothing is ever created but the one message.
 *
 * Cancelling (the signal) before the APPEND leaves the server untouched; during it, the
 * connection is dropped and a second short session removes the copy in case the server had
 * already stored it, so the folder is as before; after it, the swap is finished (a moment)
 * and reported as done.
 */

export interface DraftJob extends Login {
  /** The .eml, byte for byte. */
  message: Buffer;
  /** Its Message-ID, how this run's copy is recognised. */
  messageId: string | null;
  /** Message-IDs of copies earlier runs uploaded: replaced by this one. */
  previousIds: readonly string[];
  /** --mailbox. */
  mailbox?: string;
  signal?: AbortSignal;
  onEvent?: (event: DraftEvent) => void;
}

export type DraftEvent =
  | { type: 'stage'; stage: 'connect' | 'folder' | 'upload' | 'replace'; detail?: string }
  | { type: 'progress'; sentBytes: number; totalBytes: number };

export interface DraftResult {
  mailbox: string;
  uid: number | null;
  /** Earlier copies deleted. */
  replaced: number;
  /** Earlier copies that could only be marked deleted (see note). */
  markedOnly: number;
  /** The seller cancelled after the upload had already completed. */
  cancelledTooLate: boolean;
}

/** What a cancelled run left on the server. */
export type CancelOutcome = 'untouched' | 'removed' | 'unknown';

export class DraftCancelled extends Cancelled {
  constructor(readonly outcome: CancelOutcome) {
    super('the upload was cancelled');
  }
}

const FLAGS = ['\\Draft', '\\Seen'];
/** Size of the pieces the message is written in: the progress bar moves per piece. */
const PIECE = 64 * 1024;

/** UIDs in the open mailbox whose Message-ID is exactly one of `ids` (SEARCH HEADER matches substrings). */
async function copiesOf(client: ImapFlow, ids: readonly string[]): Promise<number[]> {
  const wanted = new Set(ids.map((id) => id.trim()).filter(Boolean));
  const candidates = new Set<number>();
  for (const id of wanted) {
    const found = await client.search({ header: { 'message-id': id } }, { uid: true });
    for (const uid of found || []) candidates.add(uid);
  }
  if (candidates.size === 0) return [];
  const exact: number[] = [];
  for await (const message of client.fetch([...candidates].join(','), { envelope: true }, { uid: true })) {
    if (message.envelope?.messageId && wanted.has(message.envelope.messageId.trim())) exact.push(message.uid);
  }
  return exact.sort((a, b) => a - b);
}

/** The smallest APPENDLIMIT the server announced, for the whole server or this folder. */
function appendLimit(client: ImapFlow, mailbox: MailboxObject): number | null {
  const limits = [client.capabilities.get('APPENDLIMIT'), mailbox.appendlimit].filter(
    (value): value is number => typeof value === 'number' && value > 0,
  );
  return limits.length > 0 ? Math.min(...limits) : null;
}

/**
 * APPEND with a progress reading. imapflow writes the message as one Buffer; splitting that
 * write into pieces lets the socket's queue drain piece by piece, and what has left the queue
 * is what the bar shows.
 */
async function appendWithProgress(client: ImapFlow, path: string, message: Buffer, onEvent: DraftJob['onEvent']) {
  const socket = (client as unknown as { writeSocket?: NodeJS.WritableStream & { writableLength?: number; write: (...args: unknown[]) => boolean } }).writeSocket;
  const total = message.length;
  const startSent = client.stats().sent;
  let restore = () => {};
  if (socket && typeof socket.write === 'function') {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- always called as original.call(this, ...)
    const original = socket.write;
    const hadOwn = Object.prototype.hasOwnProperty.call(socket, 'write');
    socket.write = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      if (!Buffer.isBuffer(chunk) || chunk.length <= PIECE || rest.length > 0) return original.call(this, chunk, ...rest);
      let ok = true;
      for (let at = 0; at < chunk.length; at += PIECE) ok = original.call(this, chunk.subarray(at, at + PIECE));
      return ok;
    };
    restore = () => {
      if (hadOwn) socket.write = original;
      else delete (socket as { write?: unknown }).write;
    };
  }
  const report = () => {
    const queued = client.stats().sent - startSent;
    const sent = Math.max(0, Math.min(total, queued - (socket?.writableLength ?? 0)));
    onEvent?.({ type: 'progress', sentBytes: sent, totalBytes: total });
  };
  const timer = setInterval(report, 100);
  try {
    const result = await client.append(path, message, FLAGS);
    onEvent?.({ type: 'progress', sentBytes: total, totalBytes: total });
    return result;
  } finally {
    clearInterval(timer);
    restore();
  }
}

/** Deletes earlier copies; without UIDPLUS only when no other message in the folder is marked deleted. */
async function removeCopies(client: ImapFlow, uids: readonly number[]): Promise<{ removed: number; markedOnly: number }> {
  if (uids.length === 0) return { removed: 0, markedOnly: 0 };
  const range = uids.join(',');
  if (!client.capabilities.has('UIDPLUS')) {
    // A plain EXPUNGE would also remove messages the seller marked deleted themselves.
    await client.messageFlagsAdd(range, ['\\Deleted'], { uid: true });
    const marked = (await client.search({ deleted: true }, { uid: true })) || [];
    if (marked.some((uid) => !uids.includes(uid))) return { removed: 0, markedOnly: uids.length };
  }
  if (!(await client.messageDelete(range, { uid: true }))) {
    throw new AppealError('the server did not delete the earlier draft.', { hint: 'Delete the older of the two drafts by hand.' });
  }
  return { removed: uids.length, markedOnly: 0 };
}

/** After a cancelled or broken APPEND: removes this run's copy if the server stored it anyway. */
async function undoAppend(job: DraftJob, path: string, before: readonly number[]): Promise<CancelOutcome> {
  if (!job.messageId) return 'unknown';
  let client: ImapFlow | null = null;
  try {
    client = await connect(job, undefined);
    await client.mailboxOpen(path);
    const stray = (await copiesOf(client, [job.messageId])).filter((uid) => !before.includes(uid));
    if (stray.length > 0) await removeCopies(client, stray);
    await client.logout();
    return stray.length > 0 ? 'removed' : 'untouched';
  } catch {
    return 'unknown';
  } finally {
    client?.close();
  }
}

function isRefusal(error: unknown): boolean {
  const status = (error as { responseStatus?: string }).responseStatus;
  return status === 'NO' || status === 'BAD';
}

export async function putDraft(job: DraftJob): Promise<DraftResult> {
  const { signal, onEvent } = job;
  const context: FailureContext = {
    server: job.server,
    user: job.user,
    secret: job.password,
    timeoutSec: job.timeoutSec,
    messageBytes: job.message.length,
    uploading: false,
  };
  const fail = (error: unknown): never => {
    if (error instanceof AppealError) throw error;
    throw explainFailure(error, context) ?? error;
  };
  if (signal?.aborted) throw new DraftCancelled('untouched');

  onEvent?.({ type: 'stage', stage: 'connect', detail: job.server.host });
  const client = await connect(job, signal).catch((error: unknown) => {
    if (signal?.aborted) throw new DraftCancelled('untouched');
    return fail(error);
  });
  // Until the APPEND completes, cancelling drops the connection; after it, the swap is finished.
  const stop = () => client.close();
  signal?.addEventListener('abort', stop, { once: true });
  let path: string | undefined;
  let before: number[] = [];
  let appended = false;
  try {
    onEvent?.({ type: 'stage', stage: 'folder' });
    const folders = await client.list();
    path = chooseMailbox(folders, job.mailbox, job.server.host).path;
    const mailbox = await client.mailboxOpen(path);
    if (mailbox.readOnly) {
      throw new AppealError(`the folder ${path} on ${job.server.host} is read-only.`, { hint: 'Pick another one with --mailbox.' });
    }
    const limit = appendLimit(client, mailbox);
    if (limit !== null && job.message.length > limit) throw tooLarge(context, limit);
    before = await copiesOf(client, [...(job.messageId ? [job.messageId] : []), ...job.previousIds]);

    onEvent?.({ type: 'stage', stage: 'upload', detail: path });
    let result: Awaited<ReturnType<ImapFlow['append']>>;
    try {
      result = await appendWithProgress(client, path, job.message, onEvent);
    } catch (error) {
      if (signal?.aborted) throw new DraftCancelled(await undoAppend(job, path, before));
      if (isRefusal(error)) {
        context.uploading = true;
        return fail(error);
      }
      // The connection broke mid-way: the server may still have stored the message.
      const outcome = await undoAppend(job, path, before);
      context.uploading = outcome !== 'unknown';
      const explained = explainFailure(error, context);
      if (explained && outcome === 'unknown') {
        throw new AppealError(`${explained.message} (a complete copy may have arrived: look in ${path})`, explained.options);
      }
      throw explained ?? error;
    }
    appended = true;
    signal?.removeEventListener('abort', stop);

    let uid = result && typeof result.uid === 'number' ? result.uid : null;
    try {
      if (uid === null && job.messageId) uid = (await copiesOf(client, [job.messageId])).filter((u) => !before.includes(u)).at(-1) ?? null;
      const earlier = before.filter((u) => u !== uid);
      if (earlier.length > 0) onEvent?.({ type: 'stage', stage: 'replace' });
      const { removed, markedOnly } = await removeCopies(client, earlier);
      await client.logout();
      return { mailbox: path, uid, replaced: removed, markedOnly, cancelledTooLate: Boolean(signal?.aborted) };
    } catch (error) {
      // The new draft is in place; only the clean-up of the earlier one failed.
      const why = error instanceof AppealError ? error : explainFailure(error, context);
      if (!why) throw error;
      throw new AppealError(`the draft is in ${path}, but the earlier one is still there too (${why.message.replace(/\.$/, '')}).`, {
        hint: 'Run `appeal draft` again to remove it, or delete the older one by hand.',
      });
    }
  } catch (error) {
    if (error instanceof DraftCancelled) throw error;
    if (signal?.aborted && !appended) throw new DraftCancelled('untouched');
    return fail(error);
  } finally {
    signal?.removeEventListener('abort', stop);
    client.close();
  }
}
