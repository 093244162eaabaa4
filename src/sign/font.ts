import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { AppealError } from '../appeal/errors.js';

/**
 * The sign's typeface: DejaVu Sans Bold, a heavy sans-serif whose glyphs cover Latin with
 * every accent, Greek, Cyrillic and the usual punctuation (’ & + …). It ships inside the
 * dejavu-fonts-ttf npm package, so nothing is downloaded when a sign is made; the PDF embeds
 * the subset it uses, and the PNG is drawn from the same glyph outlines.
 */

export interface SignFont {
  /** The TTF file (pdfkit embeds it). */
  path: string;
  font: fontkit.Font;
  unitsPerEm: number;
  /** Height of a capital letter, in em (from the outline of "H"). */
  capHeight: number;
}

export interface ShapedLine {
  text: string;
  /** Advance width in em. */
  width: number;
  /** Ink above and below the baseline in em (accents and descenders included). */
  top: number;
  bottom: number;
}

let loaded: SignFont | undefined;

export function signFont(): SignFont {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const path = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
  const opened = fontkit.openSync(path);
  if (!('layout' in opened)) throw new Error(`${path} is a font collection, expected one font`);
  const capHeight = opened.glyphForCodePoint(0x48).bbox.maxY / opened.unitsPerEm;
  loaded = { path, font: opened, unitsPerEm: opened.unitsPerEm, capHeight };
  return loaded;
}

/** Width and ink extent of one line of text, in em, as the font shapes it (kerning included). */
export function shapeLine(text: string, sign: SignFont = signFont()): ShapedLine {
  const run = sign.font.layout(text);
  const upm = sign.unitsPerEm;
  const box = run.bbox;
  const finite = Number.isFinite(box.maxY) && Number.isFinite(box.minY);
  return {
    text,
    width: run.advanceWidth / upm,
    top: finite ? Math.max(0, box.maxY) / upm : 0,
    bottom: finite ? Math.max(0, -box.minY) / upm : 0,
  };
}

/**
 * Characters of `text` the font has no glyph for (each once, in order). Spaces and the
 * invisible joiners that a keyboard may slip in are not counted.
 */
export function missingCharacters(text: string, sign: SignFont = signFont()): string[] {
  const missing: string[] = [];
  for (const char of text) {
    if (/\s/u.test(char) || /\p{Cf}/u.test(char)) continue;
    if (!sign.font.hasGlyphForCodePoint(char.codePointAt(0)!) && !missing.includes(char)) missing.push(char);
  }
  return missing;
}

function describe(char: string): string {
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `"${char}" (U+${code})`;
}

/** The name as it will be printed: NFC, single spaces; an AppealError when a character cannot be drawn. */
export function printableName(name: string, sign: SignFont = signFont()): string {
  const text = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!text) {
    throw new AppealError('the business name is empty, so there is nothing to print.', {
      hint: 'Pass the name with --name "Your Shop", or add it with `appeal init`.',
    });
  }
  const missing = missingCharacters(text, sign);
  if (missing.length > 0) {
    throw new AppealError(
      `the sign's font (DejaVu Sans Bold) cannot draw ${missing.map(describe).join(', ')} in "${text}"; the sign would show an empty box there.`,
      { hint: 'Pass the name with --name, written without those characters (Latin, Greek and Cyrillic letters, digits and common punctuation all print).' },
    );
  }
  return text;
}
