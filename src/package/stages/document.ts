import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { docxRoomBeside } from '../budget.js';
import { DOCX_NAME, contentOf, type AppealContent, type PhotoItem } from '../content.js';
import { docxBuffer } from '../docx.js';
import type { Gate } from './gate.js';
import type { PhotoOutcome } from './photos.js';
import type { Plan } from './plan.js';
import { since, type BuildSettings } from './settings.js';

/**
 * Stage 5, the document: the Word file around the photos as they were written. Its size
 * is known before it is made (the base measured in the plan, the photos' bytes, and a bound
 * on what the zip adds), so it always fits; a Word file over its room is a bug, not a retry.
 */

export interface DocumentOutcome {
  content: AppealContent;
  docxBytes: number;
  ms: number;
}

export async function writeDocument(
  settings: BuildSettings,
  gate: Gate,
  plan: Plan,
  photos: PhotoOutcome,
  videoBytes: number,
  temp: string,
): Promise<DocumentOutcome> {
  await settings.enter('docx');
  const start = performance.now();
  const items: PhotoItem[] = plan.photoItems.map((item, i) => {
    const written = photos.results[i]!;
    return { ...item, path: written.file, format: written.format === 'png' ? 'png' : 'jpg', width: written.width, height: written.height };
  });
  const content = contentOf(gate.appeal, plan.questions, items, plan.videoItem);
  const docx = await docxBuffer(content);
  const room = docxRoomBeside(settings.limitBytes, plan.overheadBytes, videoBytes);
  if (docx.length > room) {
    throw new Error(`the Word file came out at ${docx.length} bytes, over its computed room of ${room}`);
  }
  await writeFile(join(temp, DOCX_NAME), docx);
  return { content, docxBytes: docx.length, ms: since(start) };
}
