/**
 * Is a text the seller wrote finished, fit to be read by the person at Amazon who decides?
 * Leftover template text of any kind is not: [bracketed] gaps, {{placeholders}}, "TODO",
 * appeal's own example ASINs, and the choices a craft outline offers ("home / address in city,
 * country") kept as they were. One pure function, used by the interview when an answer or
 * caption is typed and by the `unfinished-text` rule of `appeal check`. An outline's starting
 * text kept word for word is not finished either: it is our sentence, not the seller's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { findAsins, isExampleAsin } from './asin.js';

export type UnfinishedKind = 'bracket' | 'placeholder' | 'todo' | 'example-asin' | 'outline' | 'outline-text';

export interface Unfinished {
  kind: UnfinishedKind;
  /** The leftover text as it stands in the answer. */
  text: string;
}

const BRACKET = /\[[^\]\n]{0,200}\]?|\]/;
const PLACEHOLDER = /\{\{[^}\n]{0,80}\}\}|<\s*(?:your|insert|add|enter|type|name of|asin|city|number)\b[^>\n]{0,60}>/i;
const TODO = /\b(?:TODO|TBD|FIXME|to be (?:written|completed|filled in))\b|\bXXX+\b|\blorem ipsum\b/i;

/** templates/outlines sits at the package root: two levels up from src/appeal and dist/appeal. */
const OUTLINE_DIR = new URL('../../templates/outlines/', import.meta.url);

interface OutlineWords {
  /** The inside of every [bracket] that offers choices or instructions. */
  choices: string[];
  /** Whole starting texts without brackets, which read like an answer but are ours, not the seller's. */
  texts: string[];
}

let outlineWords: OutlineWords | undefined;

function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * What the shipped craft outlines offer: the choices and instructions inside their brackets
 * ("throw it on the wheel / build it by hand", "Optional: someone helps me ..."), which a seller
 * might un-bracket but keep, and their bracket-free starting texts, which a seller might keep
 * word for word although the outline says it is a starting point.
 */
function outlines(): OutlineWords {
  if (outlineWords) return outlineWords;
  const choices = new Set<string>();
  const texts = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(OUTLINE_DIR).filter((name) => name.endsWith('.md'));
  } catch {
    // No outlines shipped: nothing to compare with.
  }
  for (const name of names) {
    const text = readFileSync(new URL(name, OUTLINE_DIR), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const match of text.matchAll(/\[([^\]\n]+)\]/g)) {
      const inside = match[1]!.trim();
      if (/\s\/\s|^(?:optional|or|if)\b|:/i.test(inside) && inside.length >= 12) choices.add(inside.toLowerCase());
    }
    for (const section of text.split(/^## .*$/m).slice(1)) {
      const body = flat(section.replace(/^#.*$/gm, ''));
      if (body.length >= 40 && !body.includes('[')) texts.add(body.toLowerCase());
    }
  }
  outlineWords = { choices: [...choices], texts: [...texts] };
  return outlineWords;
}

/** The outline choices a finished answer no longer holds (for tests and messages). */
export function outlinePhrases(): string[] {
  return outlines().choices;
}

/** Every leftover part of template text in `text`, in the order of the checks; [] when finished. */
export function unfinishedParts(text: string): Unfinished[] {
  const found: Unfinished[] = [];
  const add = (kind: UnfinishedKind, match: RegExpExecArray | null) => {
    if (match) found.push({ kind, text: match[0].trim() });
  };
  add('bracket', BRACKET.exec(text));
  add('placeholder', PLACEHOLDER.exec(text));
  add('todo', TODO.exec(text));
  for (const asin of findAsins(text).filter(isExampleAsin)) found.push({ kind: 'example-asin', text: asin });
  const lower = flat(text).toLowerCase();
  const { choices, texts } = outlines();
  for (const phrase of choices) {
    if (lower.includes(phrase)) found.push({ kind: 'outline', text: phrase });
  }
  for (const starting of texts) {
    if (lower.includes(starting)) found.push({ kind: 'outline-text', text: flat(text).slice(lower.indexOf(starting), lower.indexOf(starting) + 60) });
  }
  return found;
}

export function isFinished(text: string): boolean {
  return unfinishedParts(text).length === 0;
}

/** One short phrase for messages: 'the [bracketed] part "[your material]"'. */
export function describeUnfinished(part: Unfinished): string {
  switch (part.kind) {
    case 'bracket':
      return `the [bracketed] part "${part.text}"`;
    case 'placeholder':
      return `the placeholder "${part.text}"`;
    case 'todo':
      return `the note "${part.text}"`;
    case 'example-asin':
      return `the example ASIN ${part.text} (no listing has it)`;
    case 'outline':
      return `the outline's choice "${part.text}" as it was offered`;
    case 'outline-text':
      return `the outline's starting text ("${part.text}...") word for word`;
  }
}

/** What to do about it, in one sentence. */
export function fixUnfinished(part: Unfinished): string {
  switch (part.kind) {
    case 'example-asin':
      return 'Write the ASIN of your own listing (Seller Central shows it on each product).';
    case 'outline':
      return "Keep only the words that are true for you and remove the outline's other choices.";
    case 'outline-text':
      return 'Change it so it says how you really work: the outline is a starting point, not your answer.';
    default:
      return 'Replace it with your own words; Amazon would read it exactly as it stands.';
  }
}

/**
 * For prompt validation: true when finished, else one line saying what is left and how to
 * fix it (the interview shows it under the answer being typed).
 */
export function finishedOrWhy(text: string): true | string {
  const [first] = unfinishedParts(text);
  if (!first) return true;
  return `Not finished: ${describeUnfinished(first)} is still there. ${fixUnfinished(first)}`;
}
