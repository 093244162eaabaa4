import { askBusinessEmail, askBusinessName } from './business.js';
import { askSlot, slotDone, slotLabel, slotsOf } from './answers.js';
import { preview, type Session } from './session.js';

export type ResumeChoice = 'continue' | 'revise' | 'media';

/** True when an earlier run already saved something the seller would not want to retype. */
export function hasProgress(session: Session): boolean {
  const { appeal } = session;
  return Boolean(appeal.business.name) || Object.keys(appeal.answers).length > 0 || appeal.media.length > 0;
}

export async function askResume(session: Session): Promise<ResumeChoice> {
  const slots = slotsOf(session);
  const answered = slots.filter((slot) => slotDone(session, slot)).length;
  const media = session.appeal.media.length;
  return session.prompts.select<ResumeChoice>({
    message: 'You have started this appeal before. What would you like to do?',
    choices: [
      {
        value: 'continue',
        name: `Continue where you stopped (${answered} of ${slots.length} answers, ${media} photo${media === 1 ? '' : 's'} picked)`,
      },
      { value: 'revise', name: 'Revise an answer' },
      { value: 'media', name: 'Start over the media step (pick photos/videos again)' },
    ],
  });
}

const DONE = '\u0000done';

/** Lets the seller pick any answered question and edit it (the old answer is the default). */
export async function reviseAnswers(session: Session): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const business = session.appeal.business;
    const slots = slotsOf(session).filter((slot) => slotDone(session, slot));
    const choices = [
      ...(business.name
        ? [
            { value: 'business.name', name: `${'Business name'.padEnd(48)}  ${session.c.dim(preview(business.name, 40))}` },
            { value: 'business.email', name: `${'Email'.padEnd(48)}  ${session.c.dim(business.email ? preview(business.email, 40) : '(none)')}` },
          ]
        : []),
      ...slots.map((slot) => ({ value: slot.id, name: slotLabel(session, slot) })),
      { value: DONE, name: 'Done revising: go on' },
    ];
    const picked = await session.prompts.select<string>({
      message: 'Which answer do you want to change?',
      choices,
      default: last,
      pageSize: 14,
    });
    if (picked === DONE) return;
    if (picked === 'business.name') await askBusinessName(session);
    else if (picked === 'business.email') await askBusinessEmail(session);
    else {
      const slot = slots.find((s) => s.id === picked);
      if (slot) await askSlot(session, slot);
    }
    // Next time the menu opens on the item after the one just edited.
    const index = choices.findIndex((choice) => choice.value === picked);
    last = choices[index + 1]?.value ?? DONE;
  }
}
