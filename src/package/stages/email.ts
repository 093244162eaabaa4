import { join } from 'node:path';
import { throwIfCancelled } from '../../common/cancel.js';
import { encodedEmailBytes } from '../budget.js';
import { emailText } from '../content.js';
import { measureEmailOverhead, writeEml, type EmailDraft } from '../eml.js';
import type { DocumentOutcome } from './document.js';
import type { Gate } from './gate.js';
import type { Plan } from './plan.js';
import { since, type BuildSettings } from './settings.js';

/**
 * Stage 6, the email: composed around the Word file and the video, its size predicted to
 * the byte before it is written and measured after. Over the limit is a bug (every size
 * before was exact), so it stops the build rather than publishing an email that bounces.
 */

export interface EmailOutcome {
  draft: EmailDraft;
  emailBytes: number;
  predictedBytes: number;
  overheadBytes: number;
  ms: number;
}

export async function writeEmail(
  settings: BuildSettings,
  gate: Gate,
  plan: Plan,
  document: DocumentOutcome,
  videoBytes: number | null,
  temp: string,
): Promise<EmailOutcome> {
  const { signal, limitBytes } = settings;
  await settings.enter('email');
  const start = performance.now();
  const draft: EmailDraft = { ...plan.draft, text: await emailText(document.content, gate.appeal) };
  const overheadBytes = draft.text === plan.draft.text ? plan.overheadBytes : await measureEmailOverhead(draft);
  const predictedBytes = encodedEmailBytes(overheadBytes, [document.docxBytes, ...(videoBytes === null ? [] : [videoBytes])]);
  if (predictedBytes > limitBytes) {
    throw new Error(`the email would be ${predictedBytes} bytes, over the ${limitBytes} limit`);
  }
  throwIfCancelled(signal);
  const emailBytes = await writeEml(draft, join(temp, 'appeal.eml'), signal);
  if (emailBytes > limitBytes) {
    throw new Error(`the written email is ${emailBytes} bytes, over the ${limitBytes} limit (${predictedBytes} were predicted)`);
  }
  return { draft, emailBytes, predictedBytes, overheadBytes, ms: since(start) };
}
