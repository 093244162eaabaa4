import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import { AppealError } from '../common/errors.js';
import { exists } from '../common/files.js';
import { printableName, shapeLine, signFont } from './font.js';
import { layoutSign, type SignLayout, type SignSize } from './layout.js';
import { loadLogo } from './logo.js';
import { isOurPdf, isOurPng } from './own.js';
import { PAPERS, type Paper } from './paper.js';
import { writeSignPdf } from './pdf.js';
import { renderSignPng } from './png.js';

/**
 * `appeal sign`: the business name on a printable page (or four cards), as a PDF to print
 * and a PNG of the same sign to show on a screen or preview. Both are written beside each
 * other atomically; a file already there is replaced only when an earlier run made it.
 */

export interface MakeSignOptions {
  name: string;
  /** The PDF to write; the PNG goes beside it with the same name. */
  pdf: string;
  paper: Paper;
  size: SignSize;
  /** A PNG, JPG or SVG logo printed above the name. */
  logo?: string;
}

export interface MadeSign {
  pdf: string;
  png: string;
  name: string;
  paper: Paper;
  size: SignSize;
  /** The name as set, line by line. */
  lines: string[];
  /** Height of a capital letter on paper, millimetres. */
  capHeightMm: number;
  layout: SignLayout;
}

export function pngBeside(pdf: string): string {
  return join(dirname(pdf), `${basename(pdf, extname(pdf))}.png`);
}

/** Refuses to replace a file that `appeal sign` did not make. */
async function guard(pdf: string, png: string): Promise<void> {
  const hint = 'Move or rename it, or pass --out with another file name.';
  if ((await exists(pdf)) && !(await isOurPdf(pdf).catch(() => false))) {
    throw new AppealError('already exists and was not made by `appeal sign`; it was left as it is.', { file: pdf, hint });
  }
  if ((await exists(png)) && !(await isOurPng(png))) {
    throw new AppealError('already exists and was not made by `appeal sign`; it was left as it is.', { file: png, hint });
  }
}

function temp(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(3).toString('hex')}.partial`);
}

export async function makeSign(options: MakeSignOptions): Promise<MadeSign> {
  if (extname(options.pdf).toLowerCase() !== '.pdf') {
    throw new AppealError(`--out must name a .pdf file (got "${options.pdf}").`, { hint: 'For example: --out my-sign.pdf' });
  }
  const font = signFont();
  const name = printableName(options.name, font);
  const logo = options.logo ? await loadLogo(options.logo) : null;
  const paper = PAPERS[options.paper];
  const layout = layoutSign({
    width: paper.width,
    height: paper.height,
    size: options.size,
    name,
    shape: (text) => shapeLine(text, font),
    logoAspect: logo ? logo.width / logo.height : null,
  });
  const png = pngBeside(options.pdf);
  await mkdir(dirname(options.pdf), { recursive: true });
  await guard(options.pdf, png);

  const pdfTemp = temp(options.pdf);
  const pngTemp = temp(png);
  try {
    const title = `${name}: business name sign`;
    await writeSignPdf(layout, { file: pdfTemp, font, logo, title });
    await writeFile(pngTemp, await renderSignPng(layout, { font, logo }));
    await rename(pdfTemp, options.pdf);
    await rename(pngTemp, png);
  } finally {
    await rm(pdfTemp, { force: true });
    await rm(pngTemp, { force: true });
  }
  const card = layout.cards[0]!;
  return {
    pdf: options.pdf,
    png,
    name,
    paper: options.paper,
    size: options.size,
    lines: card.lines.map((l) => l.text),
    capHeightMm: (card.fontSize * font.capHeight * 25.4) / 72,
    layout,
  };
}
