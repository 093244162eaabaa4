import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppealError } from '../common/errors.js';
import { throwIfCancelled } from '../common/cancel.js';
import { appealPath, readAppeal } from '../appeal/store.js';
import { runChecks, type CheckReport } from '../check/run.js';
import { address } from './failure.js';
import { manualSteps } from './manual.js';
import { readBuiltEmail, type BuiltEmail } from './message.js';
import type { ManualProvider } from './providers.js';
import { draftRecord, rememberUploadStarted, rememberUploaded } from './record.js';
import { chooseServer, ManualOnlyError, type ImapServer, type MxLookup } from './server.js';
import { putDraft, type DraftEvent, type DraftResult } from './upload.js';

/**
 * `appeal draft`, the stage: the built email → which server → preflight → password → upload →
 * remember. The password is asked last, once nothing else can stop the upload, and kept only
 * in memory for the session.
 */

export interface DraftOptions {
  dir: string;
  imap?: string;
  user?: string;
  mailbox?: string;
  /** Asked only when everything else is ready. */
  password: (login: { user: string; server: ImapServer }) => Promise<string>;
  timeoutSec: number;
  signal?: AbortSignal;
  onEvent?: (event: DraftRunEvent) => void;
  lookupMx?: MxLookup;
  now?: () => Date;
}

export type DraftRunEvent = DraftEvent | { type: 'stage'; stage: 'preflight' } | { type: 'note'; text: string };

export type DraftOutcome =
  | { kind: 'preflight-failed'; report: CheckReport }
  | { kind: 'manual'; provider: ManualProvider; steps: string[] }
  | { kind: 'uploaded'; result: DraftResult; server: string; user: string; email: BuiltEmail };

async function builtEmail(dir: string): Promise<{ file: string; bytes: Buffer }> {
  const file = join(dir, 'out', 'appeal.eml');
  try {
    return { file, bytes: await readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppealError(`no built email in ${join(dir, 'out')}.`, { hint: `Run \`appeal build ${dir}\` first.` });
    }
    throw new AppealError(`cannot read the file (${code ?? 'error'}).`, { file, cause: error });
  }
}

/** The budget the email was built for (out/report.json), so the preflight measures against the same limit. */
async function builtLimit(dir: string): Promise<number | undefined> {
  try {
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as { limitBytes?: unknown };
    return typeof report.limitBytes === 'number' && report.limitBytes > 0 ? report.limitBytes : undefined;
  } catch {
    // No report (an email built elsewhere): the preflight uses the default limit.
    return undefined;
  }
}

/** True when appeal.json changed after the email was built: the draft would carry the old answers. */
async function buildIsOlder(dir: string, emlFile: string): Promise<boolean> {
  try {
    const [eml, appeal] = await Promise.all([stat(emlFile), stat(appealPath(dir))]);
    return appeal.mtimeMs > eml.mtimeMs;
  } catch {
    return false;
  }
}

export async function draftAppeal(options: DraftOptions): Promise<DraftOutcome> {
  const { dir, onEvent, signal } = options;
  const { file, bytes } = await builtEmail(dir);
  const email = await readBuiltEmail(bytes);
  const appeal = await readAppeal(dir);
  const sellerAddress = appeal?.business.email ?? email.from;

  let server: ImapServer;
  try {
    server = await chooseServer({ imap: options.imap, address: sellerAddress, lookupMx: options.lookupMx });
  } catch (error) {
    if (error instanceof ManualOnlyError) {
      return { kind: 'manual', provider: error.provider, steps: manualSteps(error.provider, email, join(dir, 'out')) };
    }
    throw error;
  }
  const user = options.user ?? sellerAddress;
  if (!user) throw new AppealError('no login for the mail server.', { hint: 'Pass --user <login> (usually your email address).' });

  // The same preflight as `appeal check out/appeal.eml`; reading the name again only when it is checked at all.
  onEvent?.({ type: 'stage', stage: 'preflight' });
  const businessName = appeal?.business.name?.trim() || undefined;
  const ocr = Boolean(businessName) && appeal?.rules?.['business-name-visible'] !== 'off';
  const limitBytes = await builtLimit(dir);
  const report = await runChecks(file, { ocr, signal, ...(limitBytes ? { limitBytes } : {}), ...(businessName ? { businessName } : {}) });
  await report.dispose();
  if (report.errorCount > 0) return { kind: 'preflight-failed', report };
  throwIfCancelled(signal);

  if (await buildIsOlder(dir, file)) {
    onEvent?.({ type: 'note', text: `appeal.json changed after ${file} was built; run \`appeal build\` again if you want the changes in the email.` });
  }
  if (email.from && email.from.toLowerCase() !== user.toLowerCase() && user.includes('@')) {
    onEvent?.({ type: 'note', text: `the email is from ${email.from} but you log in as ${user}; your mail program may send it from ${user}.` });
  }

  const password = await options.password({ user, server });
  if (!password) throw new AppealError('the password is empty.', { hint: 'Type it again, or set APPEAL_IMAP_PASSWORD.' });
  throwIfCancelled(signal);

  if (appeal && email.messageId) await rememberUploadStarted(dir, email.messageId);
  const previousIds = draftRecord(appeal).messageIds.filter((id) => id !== email.messageId);
  const result = await putDraft({
    server,
    user,
    password,
    message: bytes,
    messageId: email.messageId,
    previousIds,
    ...(options.mailbox !== undefined ? { mailbox: options.mailbox } : {}),
    timeoutSec: options.timeoutSec,
    ...(signal ? { signal } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  if (appeal) await rememberUploaded(dir, { server: address(server), mailbox: result.mailbox }, (options.now ?? (() => new Date()))());
  return { kind: 'uploaded', result, server: address(server), user, email };
}
