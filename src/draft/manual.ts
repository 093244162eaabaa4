import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DOCX_NAME } from '../package/content.js';
import type { BuiltEmail } from './message.js';
import type { ManualProvider } from './providers.js';

/**
 * The steps to send the built email by hand, for a provider appeal cannot log in to: who to
 * send it to, the subject, which files to attach and where they are. Short on purpose; the
 * README has the steps for each mail program.
 */

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/**
 * Where an attachment of the email lies: the video in out/media/; the Word file is always
 * out/appeal.docx on disk, whatever name the email gives it.
 */
function fileOf(outDir: string, name: string): string {
  const candidates = [join(outDir, name), join(outDir, 'media', name)];
  if (name.toLowerCase().endsWith('.docx')) candidates.push(join(outDir, DOCX_NAME));
  for (const candidate of candidates) {
    if (existsSync(candidate)) return shown(candidate);
  }
  return name;
}

export function manualSteps(provider: ManualProvider, email: BuiltEmail, outDir: string): string[] {
  const eml = shown(join(outDir, 'appeal.eml'));
  const lines = ['Send the email by hand instead:'];
  if (provider.name.startsWith('Microsoft')) {
    lines.push(`  Classic Outlook for Windows: double-click ${eml}; it opens as a draft. Check it and press Send.`);
    lines.push('  Outlook on the web, new Outlook or Outlook for Mac: write a new email with');
  } else {
    lines.push(`  In ${provider.name}, write a new email with`);
  }
  lines.push(`    To:      ${email.to.join(', ') || '(the address in the notice)'}`);
  if (email.subject) lines.push(`    Subject: ${email.subject}`);
  if (email.attachments.length > 0) lines.push(`    Attach:  ${email.attachments.map((name) => fileOf(outDir, name)).join(', ')}`);
  lines.push(`    Text:    the text of ${eml} (open it in your mail program and copy it), then Send.`);
  lines.push('  Everything goes in this one email. The README has the steps for each mail program.');
  return lines;
}
