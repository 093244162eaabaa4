import { readdir, readFile } from 'node:fs/promises';

/**
 * Craft outlines: a starting text per question for common crafts, in plain words,
 * with [placeholders] the seller replaces. Stored as templates/outlines/<craft>.md:
 *   # Title
 *   ## <question id>
 *   paragraph...
 */

const OUTLINE_DIR = new URL('../../templates/outlines/', import.meta.url);

export interface Outline {
  craft: string;
  title: string;
  sections: Map<string, string>;
}

export function parseOutline(craft: string, text: string): Outline {
  let title = craft;
  const sections = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current) sections.set(current, lines.join('\n').trim());
    lines = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = /^(#{1,2})\s+(.+?)\s*$/.exec(line);
    if (heading?.[1] === '#') {
      title = heading[2] ?? craft;
    } else if (heading?.[1] === '##') {
      flush();
      current = heading[2] ?? null;
    } else if (current && !/^<!--.*-->$/.test(line.trim())) {
      lines.push(line);
    }
  }
  flush();
  return { craft, title, sections };
}

/** Every shipped outline, sorted by title. */
export async function listOutlines(dir: URL = OUTLINE_DIR): Promise<Outline[]> {
  // The outlines ship with appeal: a missing folder is a broken install, reported as such.
  const names = await readdir(dir);
  const outlines: Outline[] = [];
  for (const name of names.filter((n) => n.endsWith('.md')).sort()) {
    const craft = name.slice(0, -3);
    outlines.push(parseOutline(craft, await readFile(new URL(name, dir), 'utf8')));
  }
  return outlines.sort((a, b) => a.title.localeCompare(b.title));
}

export async function loadOutline(craft: string, dir: URL = OUTLINE_DIR): Promise<Outline | null> {
  if (!/^[a-z0-9-]+$/.test(craft)) return null;
  try {
    return parseOutline(craft, await readFile(new URL(`${craft}.md`, dir), 'utf8'));
  } catch (error) {
    // A craft saved by an older version whose outline is gone: no outline is offered.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
