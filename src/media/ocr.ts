import type { BusinessNameResult, ProbedFile } from './types.js';

export interface OcrOptions {
  /** Called after each file is done (for a progress line). */
  onProgress?: (done: number, total: number, file: ProbedFile) => void;
  signal?: AbortSignal;
}

/**
 * Reads the business name in each photo (and a few frames of each video).
 * Keyed by ProbedFile.absPath. Owned by the OCR work (issue 4); this signature is the contract.
 */
export async function findBusinessNames(
  _files: readonly ProbedFile[],
  _name: string,
  _options: OcrOptions = {},
): Promise<Map<string, BusinessNameResult>> {
  throw new Error('OCR is not wired yet');
}
