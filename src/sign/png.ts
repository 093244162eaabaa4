import sharp from 'sharp';
import type { SignFont } from './font.js';
import type { Logo } from './logo.js';
import type { Box, SignLayout } from './layout.js';
import { SIGN_XMP } from './own.js';

/**
 * Draws the same layout as the PDF into a PNG: the name from the font's own glyph outlines
 * (fontkit shapes the text exactly as pdfkit does), rasterised by sharp (librsvg), the logo
 * composited on top. No system font and no PDF renderer are needed on the seller's machine.
 */

/** Pixels per inch of the PNG: a full page at 150 ppi fills a tablet; a card at 300 ppi, a phone. */
export const PAGE_PPI = 150;
export const CARD_PPI = 300;

function num(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** SVG paths of one line of text, in page points. */
function linePaths(text: string, x: number, baseline: number, fontSize: number, font: SignFont, fill: string): string {
  const run = font.font.layout(text);
  const k = fontSize / font.unitsPerEm;
  const parts: string[] = [];
  let cursor = 0;
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i]!;
    const d = glyph.path.toSVG();
    if (d) {
      const gx = x + (cursor + pos.xOffset) * k;
      const gy = baseline - pos.yOffset * k;
      parts.push(`<path transform="translate(${num(gx)} ${num(gy)}) scale(${num(k)} ${num(-k)})" d="${d}"/>`);
    }
    cursor += pos.xAdvance;
  });
  return `<g fill="${fill}">${parts.join('')}</g>`;
}

/** The page (size "page") or one card (size "card") as a PNG buffer. */
export async function renderSignPng(layout: SignLayout, options: { font: SignFont; logo: Logo | null }): Promise<Buffer> {
  const card = layout.size === 'card';
  const area: Box = card ? layout.cards[0]!.box : { x: 0, y: 0, width: layout.width, height: layout.height };
  const ppi = card ? CARD_PPI : PAGE_PPI;
  const k = ppi / 72;
  const width = Math.round(area.width * k);
  const height = Math.round(area.height * k);
  const shown = card ? [layout.cards[0]!] : layout.cards;
  const body: string[] = [`<rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.width)}" height="${num(area.height)}" fill="#ffffff"/>`];
  for (const c of shown) {
    for (const line of c.lines) body.push(linePaths(line.text, line.x, line.baseline, c.fontSize, options.font, '#000000'));
  }
  if (!card) {
    const f = layout.footer;
    body.push(linePaths(f.text, f.x, f.baseline, f.fontSize, options.font, '#333333'));
    for (const [x1, y1, x2, y2] of layout.cutLines) {
      body.push(`<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="#777777" stroke-width="0.75" stroke-dasharray="6 4"/>`);
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="${num(area.x)} ${num(area.y)} ${num(area.width)} ${num(area.height)}">${body.join('')}</svg>`;
  const overlays: sharp.OverlayOptions[] = [];
  if (options.logo) {
    for (const c of shown) {
      if (!c.logo) continue;
      const w = Math.max(1, Math.round(c.logo.width * k));
      const h = Math.max(1, Math.round(c.logo.height * k));
      const input = await sharp(options.logo.png).resize(w, h, { fit: 'fill' }).png().toBuffer();
      overlays.push({ input, left: Math.round((c.logo.x - area.x) * k), top: Math.round((c.logo.y - area.y) * k) });
    }
  }
  return sharp(Buffer.from(svg))
    .composite(overlays)
    .flatten({ background: '#ffffff' })
    .withXmp(SIGN_XMP)
    .png({ compressionLevel: 9 })
    .toBuffer();
}
