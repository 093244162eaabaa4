import { missingItems } from '../appeal/progress.js';
import { commandFor, shownPath } from '../appeal/shown.js';
import { appealPath } from '../appeal/store.js';
import { askMissingAnswers } from './answers.js';
import { askBusiness } from './business.js';
import { askMedia } from './media.js';
import { askReceived } from './received.js';
import { askResume, hasProgress, reviseAnswers } from './resume.js';
import type { Session } from './session.js';
import { offerSign } from './sign.js';
import { askTrims, type InspectClip } from './trim.js';

/**
 * The whole interview: (resume menu) → business → every question of the notice → photos.
 * Each step saves after every answer, so stopping anywhere loses nothing and the next
 * run asks only what is still missing.
 */
export async function runInterview(session: Session, options: { now?: Date; inspectClip?: InspectClip } = {}): Promise<boolean> {
  const { c } = session;
  const deadline = missingItems(session.appeal, options.now).deadline;
  session.print(
    c.bold('Amazon Handmade appeal') +
      (session.appeal.notice ? c.dim(` (${session.appeal.notice.kind} notice)`) : '') +
      (deadline ? `\n${deadline.overdue ? c.red(deadline.text) : c.dim(deadline.text)}` : '') +
      (session.appeal.notice
        ? ''
        : c.dim('\nNo notice read: asking the usual questions. `appeal init --notice <file>` uses the exact questions and deadline of your email.')) +
      c.dim(`\nEvery answer is saved as you go: Ctrl-C stops, \`${commandFor('appeal init', session.dir)}\` again continues.`),
  );

  await askReceived(session, options.now);

  let startOverMedia = false;
  if (hasProgress(session)) {
    const choice = await askResume(session);
    if (choice === 'revise') await reviseAnswers(session);
    if (choice === 'media') startOverMedia = true;
  }

  if (startOverMedia) {
    await askMedia(session, { startOver: true });
    await askTrims(session, options.inspectClip);
    await askBusiness(session);
    await askMissingAnswers(session);
  } else {
    await askBusiness(session);
    await askMissingAnswers(session);
    if (session.appeal.notice?.kind !== 'acceptance') {
      await offerSign(session);
      await askMedia(session);
      await askTrims(session, options.inspectClip);
    }
  }

  const progress = missingItems(session.appeal, options.now);
  // Commands on lines of their own: a full stop after a path ("appeal build ..") changes its meaning.
  if (progress.complete) {
    session.print(
      `\n${c.green('Everything is answered')}, saved in ${c.bold(shownPath(appealPath(session.dir)))}\n` +
        `Next, check it, then build the email:\n  ${c.bold(commandFor('appeal check', session.dir))}\n  ${c.bold(commandFor('appeal build', session.dir))}`,
    );
  } else {
    session.print(
      `\nSaved in ${shownPath(appealPath(session.dir))}\n${c.yellow('Still missing:')} ${progress.items.map((item) => item.label).join(', ')}\n` +
        `When you have them, run again:\n  ${c.bold(commandFor('appeal init', session.dir))}`,
    );
  }
  return progress.complete;
}
