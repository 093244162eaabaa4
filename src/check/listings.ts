import { readFile } from 'node:fs/promises';
import { AppealError } from '../appeal/errors.js';
import { findAsins } from '../appeal/asin.js';

/**
 * The seller's own listings report from Seller Central: the All Listings report (tab-separated
 * text) or the Category Listings report (a spreadsheet, .xlsx/.xlsm). Only its ASINs matter
 * here: they are the items the seller lists now, which photos must show.
 */
export async function readListingsReport(file: string, shownAs: string = file): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new AppealError(`cannot read the listings report (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      exitCode: 2,
      file: shownAs,
      hint: 'Download the All Listings or Category Listings report from Seller Central and pass its path.',
    });
  }
  let text: string;
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    // A spreadsheet is a zip of XML parts: the ASINs sit in the shared strings or the sheets.
    const { default: JSZip } = await import('jszip');
    try {
      const zip = await JSZip.loadAsync(bytes);
      const parts = Object.values(zip.files).filter((f) => !f.dir && f.name.endsWith('.xml'));
      text = (await Promise.all(parts.map((f) => f.async('string')))).join('\n');
    } catch {
      throw new AppealError('is not a readable spreadsheet.', {
        exitCode: 2,
        file: shownAs,
        hint: 'Save the report as .xlsx or as tab-separated text, or download the All Listings report (.txt).',
      });
    }
  } else {
    text = bytes.toString(bytes.includes(0) ? 'utf16le' : 'utf8');
  }
  const asins = findAsins(text);
  if (asins.length === 0) {
    throw new AppealError('has no ASINs, so it is not a listings report.', {
      exitCode: 2,
      file: shownAs,
      hint: 'Pass the All Listings report (.txt) or the Category Listings report (.xlsx) from Seller Central.',
    });
  }
  return asins;
}
