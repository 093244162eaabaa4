import { relative, resolve } from 'node:path';
import { isAppealError } from '../appeal/errors.js';
import { askNameConfirmations, type UnreadName } from '../interview/confirm-name.js';
import type { Session } from '../interview/session.js';

/**
 * The last step of `appeal init`: read the business name in the chosen photos (the same reading
 * as `appeal check`, kept in the cache so the check after it is instant) and ask the seller about
 * each one where it was not found. Ctrl-C stops the reading like any prompt.
 */
export async function confirmNamesStep(session: Session): Promise<void> {
  const name = session.appeal.business.name?.trim();
  const pending = session.appeal.media.filter((m) => m.nameConfirmed !== true);
  if (!name || pending.length === 0 || session.appeal.notice?.kind === 'acceptance') return;
  session.print(session.c.dim(`\nLooking for "${name}" in your photos and video (a few seconds each)...`));
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let unread: UnreadName[];
  try {
    const { runChecks } = await import('../check/run.js');
    const report = await runChecks(session.dir, { ocr: true, signal: controller.signal });
    const root = resolve(session.dir);
    unread = report.checkedFiles
      .filter((f) => f.businessName && !f.businessName.found && !f.businessName.overlay)
      .map((f) => ({ file: relative(root, f.absPath).split('\\').join('/'), reason: f.businessName!.reason ?? 'the name was not found' }));
  } catch (error) {
    if (controller.signal.aborted) {
      // The same way a prompt ends on Ctrl-C: runInit says "Saved" and exits 130.
      throw Object.assign(new Error('stopped while reading the photos'), { name: 'ExitPromptError' });
    }
    // Reading is a help here, not a requirement: `appeal check` reports the same problem later.
    session.print(session.c.yellow(`  Could not read the photos now (${isAppealError(error) ? error.message : 'unexpected error'}); \`appeal check\` will look again.`));
    return;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (unread.length === 0) {
    session.print(session.c.green(`  "${name}" was read in every photo and video.`));
    return;
  }
  await askNameConfirmations(session, unread);
}
