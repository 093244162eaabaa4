import { isAsin } from '../appeal/asin.js';
import type { Finding, Rule } from './types.js';
import { capitalize, sellerTexts } from './util.js';

/**
 * Tokens that look like an ASIN but are not one: "B0" + the wrong number of characters, or the
 * letter O typed for the zero ("BOEXAMPLE1"). Case-insensitive for B0 (findAsins accepts any case);
 * the letter-O form must be capitals and carry a digit so words like "bookmarks" never match.
 */
const NEAR_B0 = /(?<![0-9A-Za-z])B0[0-9A-Z]{5,12}(?![0-9A-Za-z])/gi;
const LETTER_O = /(?<![0-9A-Za-z])BO(?=[A-Z]*[0-9])[0-9A-Z]{8}(?![0-9A-Za-z])/g;

export function malformedAsins(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(NEAR_B0)) if (!isAsin(m[0])) found.push(m[0]);
  for (const m of text.matchAll(LETTER_O)) found.push(m[0]);
  return [...new Set(found)];
}

function why(token: string): string {
  if (/^BO/.test(token)) return 'it starts with the letter O; ASINs start with B and the digit zero';
  return `an ASIN is B0 followed by 8 letters or digits (this has ${token.length - 2})`;
}

export const asinFormat: Rule = {
  id: 'asin-format',
  defaultSeverity: 'error',
  description: 'ASINs are written correctly: B0 followed by 8 letters or digits.',
  hint: 'Copy the ASIN from Seller Central (Manage Inventory) or from the notice; it is 10 characters, starting with B0.',
  fixable: false,
  check(context) {
    const findings: Finding[] = [];
    for (const asin of context.notifiedAsins) {
      if (!isAsin(asin)) {
        findings.push({ message: `The notice ASIN "${asin}" is not an ASIN: ${why(asin.toUpperCase())}.` });
      }
    }
    // File names label photos in a plain folder: a mistyped ASIN there leaves the photo unlabelled.
    if (context.target !== 'eml') {
      for (const file of context.files) {
        const name = file.file.split(/[\\/]/).pop() ?? file.file;
        for (const token of malformedAsins(name.replace(/\.[^.]*$/, ''))) {
          findings.push({ file: file.file, message: `${file.file}: "${token}" in the file name is not an ASIN: ${why(token.toUpperCase())}.` });
        }
      }
    }
    for (const source of sellerTexts(context)) {
      for (const token of malformedAsins(source.text)) {
        findings.push({
          file: source.file,
          message: `${capitalize(source.label)} mentions "${token}", which is not an ASIN: ${why(token.toUpperCase())}.`,
        });
      }
    }
    if (context.eml?.docxPhotos) {
      for (const [position, photo] of context.eml.docxPhotos.entries()) {
        for (const token of malformedAsins(photo.asinLine ?? '')) {
          findings.push({ file: context.path, message: `The line above photo ${position + 1} in the Word file has "${token}", which is not an ASIN: ${why(token.toUpperCase())}.` });
        }
      }
    }
    return findings;
  },
};
