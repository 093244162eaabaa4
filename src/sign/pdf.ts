import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { SignFont } from './font.js';
import type { Logo } from './logo.js';
import type { SignLayout } from './layout.js';
import { SIGN_CREATOR } from './own.js';

/**
 * Draws a sign layout as a one-page PDF with pdfkit: the name as real text in the embedded
 * font (a subset of it), the logo as an image, the cut lines and the printing note.
 */


export async function writeSignPdf(
  layout: SignLayout,
  options: { file: string; font: SignFont; logo: Logo | null; title: string },
): Promise<void> {
  const doc = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    autoFirstPage: false,
    info: { Title: options.title, Creator: SIGN_CREATOR },
  });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(options.file);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
  });
  doc.addPage({ size: [layout.width, layout.height], margin: 0 });
  doc.registerFont('sign', options.font.path);

  for (const [x1, y1, x2, y2] of layout.cutLines) {
    doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(0.75).dash(6, { space: 4 }).strokeColor('#777777').stroke().restore();
  }
  for (const card of layout.cards) {
    if (card.logo && options.logo) {
      doc.image(options.logo.png, card.logo.x, card.logo.y, { width: card.logo.width, height: card.logo.height });
    }
    doc.font('sign').fontSize(card.fontSize).fillColor('#000000');
    for (const line of card.lines) {
      doc.text(line.text, line.x, line.baseline, { lineBreak: false, baseline: 'alphabetic' });
    }
  }
  const { footer } = layout;
  doc.font('sign').fontSize(footer.fontSize).fillColor('#333333');
  doc.text(footer.text, footer.x, footer.baseline, { lineBreak: false, baseline: 'alphabetic' });
  doc.end();
  await done;
}
