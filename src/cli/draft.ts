import { AppealError } from '../common/errors.js';
import { isCancelled } from '../common/cancel.js';
import { formatSize } from '../appeal/size.js';
import { formatStylish } from '../check/format-stylish.js';
import { draftAppeal, type DraftRunEvent } from '../draft/run.js';
import type { ImapServer } from '../draft/server.js';
import { DraftCancelled, type CancelOutcome } from '../draft/upload.js';
import { isPromptAbort } from '../interview/prompts.js';
import type { DraftCliOptions } from './main.js';
import { colors, progressBar, progressLine, say, type Globals } from './output.js';
import { listenForInterrupt } from './signals.js';

/**
 * `appeal draft [dir]`: puts out/appeal.eml into the seller's Drafts folder. Exit codes: 0 the
 * draft is there; 1 the preflight found errors (nothing uploaded); 2 bad usage, a provider
 * appeal cannot log in to, or the server refused (one line each, nothing changed there);
 * 130/143 cancelled. This file owns the signals: the stage below only sees an AbortSignal.
 */

const DEFAULT_TIMEOUT_SEC = 30;

const STAGE_TEXT: Record<string, string> = {
  preflight: 'Checking the built email',
  connect: 'Connecting to',
  folder: 'Finding your Drafts folder',
  upload: 'Uploading to',
  replace: 'Replacing the earlier draft',
};

const CANCELLED: Record<CancelOutcome, string> = {
  untouched: 'nothing was changed in your mailbox.',
  removed: 'the copy that had already arrived was removed; your mailbox is as it was.',
  unknown: 'appeal could not confirm that no copy arrived: look in your Drafts folder.',
};

function timeoutSeconds(): number {
  const raw = process.env.APPEAL_IMAP_TIMEOUT;
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_SEC;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new AppealError(`APPEAL_IMAP_TIMEOUT="${raw}" is not a number of seconds.`, { hint: 'Use e.g. APPEAL_IMAP_TIMEOUT=60, or unset it.' });
  }
  return value;
}

function passwordSource(globals: Globals) {
  return async ({ user, server }: { user: string; server: ImapServer }): Promise<string> => {
    const fromEnv = process.env.APPEAL_IMAP_PASSWORD;
    if (fromEnv) return fromEnv;
    if (!globals.interactive) {
      throw new AppealError(`no password for ${user} at ${server.host}.`, {
        hint: 'Set APPEAL_IMAP_PASSWORD (an app password, see the README), or run `appeal draft` in a terminal to be asked.',
      });
    }
    const { password } = await import('@inquirer/prompts');
    const hint = server.provider ? ` (${server.provider.name}: an app password)` : '';
    // No mask: nothing is echoed, not even its length. Kept in memory only.
    return password({ message: `Password for ${user} at ${server.host}${hint}, not stored:` });
  };
}

export async function runDraft(dir: string, options: DraftCliOptions, globals: Globals): Promise<number> {
  const chalk = colors(globals);
  const timeoutSec = timeoutSeconds();
  const interrupt = listenForInterrupt({
    // A second Ctrl-C while the clean-up talks to the server: stop now, and say what is unknown.
    onRepeat: (name) => {
      process.stderr.write(`\nappeal: stopped; ${CANCELLED.unknown}\n`);
      process.exit(name === 'SIGTERM' ? 143 : 130);
    },
  });

  const progress = progressLine(globals);
  const clearProgress = () => progress.clear();
  const onEvent = (event: DraftRunEvent) => {
    if (event.type === 'progress') {
      const { sentBytes, totalBytes } = event;
      const pct = totalBytes > 0 ? (sentBytes / totalBytes) * 100 : 100;
      // The last bytes sit in the network's buffers until the server confirms: say so rather than stall at 100%.
      const waiting = sentBytes >= totalBytes ? ', waiting for the server to confirm' : '';
      progress.show(`  ${progressBar(sentBytes / totalBytes)} ${pct.toFixed(0).padStart(3)}%  ${formatSize(sentBytes)} of ${formatSize(totalBytes)}${waiting}`);
    } else if (event.type === 'note') {
      clearProgress();
      if (!globals.quiet) process.stderr.write(`note: ${event.text}\n`);
    } else {
      clearProgress();
      if (!globals.quiet) process.stderr.write(`${STAGE_TEXT[event.stage] ?? event.stage}${'detail' in event && event.detail ? ` ${event.detail}` : ''}...\n`);
    }
  };

  try {
    const outcome = await draftAppeal({
      dir,
      ...(options.imap !== undefined ? { imap: options.imap } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.mailbox !== undefined ? { mailbox: options.mailbox } : {}),
      password: passwordSource(globals),
      timeoutSec,
      signal: interrupt.signal,
      onEvent,
    });
    clearProgress();
    if (outcome.kind === 'preflight-failed') {
      const { report } = outcome;
      process.stdout.write(formatStylish(report, chalk, { quiet: true }));
      process.stderr.write(
        `appeal: the built email failed its preflight check (${report.errorCount} error${report.errorCount === 1 ? '' : 's'} above); nothing was uploaded. Fix them, run \`appeal build\`, then \`appeal draft\` again.\n`,
      );
      return 1;
    }
    if (outcome.kind === 'manual') {
      process.stderr.write(`appeal: ${outcome.provider.reason}\n`);
      process.stdout.write(`${outcome.steps.join('\n')}\n`);
      return 2;
    }
    const { result } = outcome;
    const replaced =
      result.replaced > 0
        ? ` It replaces the draft appeal put there before.`
        : result.markedOnly > 0
          ? ' The earlier draft is marked deleted; your mail program removes it when it cleans up the folder.'
          : '';
    const late = result.cancelledTooLate ? ' (The upload had already finished when you pressed Ctrl-C.)' : '';
    process.stdout.write(`Draft saved in ${result.mailbox} on ${outcome.server} for ${outcome.user}.${replaced}${late}\n`);
    say(globals, `Next: open your mail, check the draft to ${outcome.email.to.join(', ')}, and press Send.`);
    return 0;
  } catch (error) {
    clearProgress();
    if (error instanceof DraftCancelled) {
      process.stderr.write(`appeal: cancelled; ${CANCELLED[error.outcome]}\n`);
      return interrupt.exitCode();
    }
    if ((interrupt.caught && isCancelled(error)) || isPromptAbort(error)) {
      process.stderr.write(`appeal: cancelled; ${CANCELLED.untouched}\n`);
      return interrupt.exitCode();
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}
