import { readFile } from 'node:fs/promises';
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import {
  asinList,
  captionSentence,
  photoAsinLine,
  videoLine,
  type AppealContent,
  type PhotoItem,
} from './content.js';

/**
 * The Word file in the layout a seller got accepted with: each question, its answer
 * under it; under the photos question, for every photo a line naming its ASIN(s),
 * one sentence of what is happening, then the photo alone, as wide as the page, one
 * photo to a page.
 */

/** A4 with 1-inch margins: 6.27 in of text width at 96 px per inch. */
export const PAGE_TEXT_WIDTH_PX = 600;
/** Leaves room on the page for the ASIN line and the caption above the photo. */
export const PHOTO_MAX_HEIGHT_PX = 720;

/** Display size in the document (pixels at 96 DPI): as wide as the text, never taller than the page allows. */
export function photoDisplaySize(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: PAGE_TEXT_WIDTH_PX, height: PAGE_TEXT_WIDTH_PX };
  const scale = Math.min(PAGE_TEXT_WIDTH_PX / width, PHOTO_MAX_HEIGHT_PX / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The answer as written, one paragraph per line (sections without an answer are never built). */
function answerParagraphs(answer: string): Paragraph[] {
  return answer
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => new Paragraph({ children: [new TextRun(line)], spacing: { after: 120 } }));
}

function photoParagraphs(photo: PhotoItem, data: Buffer, index: number): Paragraph[] {
  const size = photoDisplaySize(photo.width, photo.height);
  const caption = captionSentence(photo.caption);
  const label = photoAsinLine(photo.asins);
  const out: Paragraph[] = [];
  // Each photo starts a page: its label and sentence can never be left behind on the page
  // before (LibreOffice does not honour keep-with-next before a picture taller than the space left).
  if (label) {
    out.push(
      new Paragraph({ pageBreakBefore: true, keepNext: true, spacing: { after: 60 }, children: [new TextRun({ text: label, bold: true })] }),
    );
  }
  if (caption) {
    out.push(new Paragraph({ pageBreakBefore: !label, keepNext: true, spacing: { after: 60 }, children: [new TextRun(caption)] }));
  }
  out.push(
    new Paragraph({
      pageBreakBefore: out.length === 0,
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new ImageRun({
          type: photo.format,
          data,
          transformation: size,
          altText: {
            name: `Photo ${index + 1}`,
            title: photo.asins.length > 0 ? `Photo ${index + 1}: ${asinList(photo.asins)}` : `Photo ${index + 1}`,
            description: caption ?? (asinList(photo.asins) || `Photo ${index + 1}`),
          },
        }),
      ],
    }),
  );
  return out;
}

/** Builds the document; photos are read from their recompressed copies. */
export async function docxDocument(content: AppealContent, photoData?: readonly Buffer[]): Promise<Document> {
  const data = photoData ?? (await Promise.all(content.photos.map((photo) => readFile(photo.path))));
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(content.title)] }),
  ];
  // "About ASIN ...": the listings Amazon's notice named (the reviewer's own reference).
  if (content.asinsFromNotice && content.asins.length > 0) {
    children.push(
      new Paragraph({
        spacing: { after: 240 },
        children: [new TextRun({ text: `About ${asinList(content.asins)}.`, bold: true })],
      }),
    );
  }
  content.sections.forEach((section, i) => {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${i + 1}. ${section.text}`)] }));
    if (section.kind === 'media') {
      for (const sub of section.sub) {
        children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: sub.text, italics: true })] }));
      }
      content.photos.forEach((photo, n) => children.push(...photoParagraphs(photo, data[n]!, n)));
      if (content.video) {
        children.push(
          new Paragraph({ spacing: { before: 240, after: 240 }, children: [new TextRun({ text: videoLine(content.video), bold: true })] }),
        );
      }
      return;
    }
    if (section.answer !== null) children.push(...answerParagraphs(section.answer));
    for (const sub of section.sub) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(sub.text)] }));
      if (sub.answer !== null) children.push(...answerParagraphs(sub.answer));
    }
  });
  return new Document({
    // The file's properties are read too: the seller's name, never the tool's.
    creator: content.hasName ? content.businessName : '',
    title: content.title,
    description: 'Answers and photos for the Amazon Handmade review',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
}

/**
 * The Word file as bytes. docx deflates every part in JavaScript, photos included, though a JPEG
 * or PNG is already compressed (deflate takes ~1% off): for 2 MB of photos that was ~0.3 s of a
 * build, and as much again for the preflight to inflate them. So the document is made around
 * small stand-ins, one per photo, and each photo is then stored (not deflated) in its stand-in's
 * place; the XML parts stay as docx deflated them.
 */
export async function docxBuffer(content: AppealContent, photoData?: readonly Buffer[]): Promise<Buffer> {
  const data = photoData ?? (await Promise.all(content.photos.map((photo) => readFile(photo.path))));
  // Different bytes for each photo: docx files identical pictures once.
  const standIns = data.map((_, i) => Buffer.from(`appeal: photo ${i + 1} goes here`.padEnd(64, '.')));
  const zip = await JSZip.loadAsync(await Packer.toBuffer(await docxDocument(content, standIns)));
  const placed = new Set<number>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !entry.name.startsWith('word/media/')) continue;
    const bytes = await entry.async('nodebuffer');
    const index = standIns.findIndex((standIn) => standIn.equals(bytes));
    if (index < 0) continue;
    zip.file(entry.name, data[index]!, { compression: 'STORE', createFolders: false });
    placed.add(index);
  }
  if (placed.size !== data.length) throw new Error(`docx stored ${placed.size} of the ${data.length} photos in word/media`);
  // Parts not replaced keep their compressed bytes (JSZip copies them as they are).
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/**
 * Size of the Word file without its photos, for planning before anything is encoded:
 * the same document built around tiny placeholders.
 */
export async function docxBaseBytes(content: AppealContent): Promise<number> {
  const placeholders = content.photos.map((_, i) => Buffer.alloc(64, i));
  const buffer = await docxBuffer(content, placeholders);
  // Zip entry headers are counted in the measured size, and the placeholders' 64 bytes each.
  return buffer.length;
}
