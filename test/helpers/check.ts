/**
 * Builds the kind of package `appeal build` sends, independently of the package code:
 * a Word file (docx) with a labelled line and a sentence before each photo, and an email
 * (nodemailer MailComposer) carrying the Word file and a video. Used by the preflight tests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Document, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import sharp from 'sharp';

export interface DocxPhoto {
  file: string;
  /** The line written right above the photo, e.g. "The photo below shows ASIN B0CACTUS01". Null: none. */
  asinLine: string | null;
  /** The sentence describing it, written between the ASIN line and the photo. Null: none. */
  sentence: string | null;
}

export async function makeDocx(
  file: string,
  opts: { answers: [string, string][]; photos: DocxPhoto[]; videoLine?: string },
): Promise<string> {
  const children: Paragraph[] = [];
  for (const [question, answer] of opts.answers) {
    children.push(new Paragraph({ children: [new TextRun({ text: question, bold: true })] }));
    children.push(new Paragraph(answer));
  }
  for (const photo of opts.photos) {
    if (photo.asinLine) children.push(new Paragraph(photo.asinLine));
    if (photo.sentence) children.push(new Paragraph(photo.sentence));
    const data = await readFile(photo.file);
    const meta = await sharp(data).metadata();
    const scale = Math.min(1, 500 / (meta.width ?? 500));
    children.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: meta.format === 'png' ? 'png' : 'jpg',
            data,
            transformation: {
              width: Math.round((meta.width ?? 500) * scale),
              height: Math.round((meta.height ?? 400) * scale),
            },
          }),
        ],
      }),
    );
  }
  if (opts.videoLine) children.push(new Paragraph(opts.videoLine));
  const doc = new Document({ sections: [{ children }] });
  await writeFile(file, await Packer.toBuffer(doc));
  return file;
}

export async function makeEml(
  file: string,
  opts: { to: string; from: string; subject: string; text: string; attachments: string[] },
): Promise<string> {
  const attachments = await Promise.all(
    opts.attachments.map(async (path) => ({ filename: basename(path), content: await readFile(path) })),
  );
  const message = await new MailComposer({
    to: opts.to,
    from: opts.from,
    subject: opts.subject,
    text: opts.text,
    headers: { 'X-Unsent': '1' },
    attachments,
  })
    .compile()
    .build();
  await writeFile(file, message);
  return file;
}
