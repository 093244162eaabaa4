import { isAbsolute, relative } from 'node:path';

/** Is `child` inside `parent` (or the same folder)? path.relative, so it holds for Windows paths too. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
