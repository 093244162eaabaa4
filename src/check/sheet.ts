import type { CheckedFile } from '../rules/types.js';

/** Writes a contact sheet PNG: one thumbnail per photo, green/red frame, name box, ASIN labels. */
export async function writeContactSheet(_files: readonly CheckedFile[], _outFile: string): Promise<void> {
  throw new Error('contact sheet is not wired yet');
}
