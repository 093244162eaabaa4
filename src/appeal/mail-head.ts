/**
 * Whether text starts like a saved email: RFC 822 header lines ("Name: value", folded lines
 * allowed, an mbox "From " line first) up to the first blank line, naming the headers mail
 * carries. One test for the notice reader (.eml or pasted .txt) and for `appeal check` (a
 * built .eml without its extension).
 */

const STRONG = ['mime-version', 'content-type', 'received', 'message-id', 'return-path', 'x-unsent'];
const MAIL = new Set([...STRONG, 'from', 'to', 'cc', 'subject', 'date', 'reply-to']);

export function looksLikeEml(text: string): boolean {
  if (text.includes('\0')) return false;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const names = new Set<string>();
  for (let i = /^From \S+/.test(lines[0] ?? '') ? 1 : 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    if (/^[ \t]/.test(line) && names.size > 0) continue; // a folded header goes on
    const name = /^([A-Za-z][A-Za-z0-9-]*):/.exec(line)?.[1]?.toLowerCase();
    if (name === undefined) return false;
    names.add(name);
  }
  const known = [...names].filter((name) => MAIL.has(name)).length;
  return STRONG.some((name) => names.has(name)) || known >= 2;
}
