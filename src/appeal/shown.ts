import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Paths and commands as the seller would type them in the folder they are in: relative to the
 * current folder when inside it, quoted when the shell would split them, and never glued to a
 * full stop ("appeal build .." means the parent folder).
 */

const SAFE = /^[\w@%+=:,./~-]+$/;

function quote(text: string): string {
  if (SAFE.test(text)) return text;
  if (process.platform === 'win32') return `"${text}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** "photos/a.jpg", "../other", "/abs/path", "." for the current folder; quoted when needed. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  const inside = !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  return quote(inside ? rel.split(sep).join('/') : abs);
}

/** "appeal check" in the appeal folder itself, else "appeal check my-appeal". */
export function commandFor(command: string, dir: string, cwd: string = process.cwd()): string {
  const shown = shownPath(dir, cwd);
  return shown === '.' ? command : `${command} ${shown}`;
}

/** For sentences: "this folder" for the current folder, else the path. */
export function folderWords(dir: string, cwd: string = process.cwd()): string {
  const shown = shownPath(dir, cwd);
  return shown === '.' ? 'this folder' : shown;
}
