import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppealError } from '../src/appeal/errors.js';
import { missingCharacters, printableName, shapeLine, signFont } from '../src/sign/font.js';
import { chooseLines, layoutSign, twoLineSplits, type SignLayout } from '../src/sign/layout.js';
import { makeSign } from '../src/sign/make.js';
import { defaultPaper, PAPERS, regionOf } from '../src/sign/paper.js';
import { appeal } from './helpers/cli.js';
import { makeWorkDir, type WorkDir } from './helpers/media.js';
import { hasPoppler } from './helpers/poppler.js';

const poppler = hasPoppler('sign');

let work: WorkDir;
beforeAll(async () => {
  work = await makeWorkDir('appeal-sign-');
});
afterAll(async () => {
  await work?.cleanup();
});

const shape = (text: string) => shapeLine(text);
const layoutOf = (name: string, options: Partial<Parameters<typeof layoutSign>[0]> = {}): SignLayout =>
  layoutSign({ width: PAPERS.letter.width, height: PAPERS.letter.height, size: 'page', name, shape, logoAspect: null, ...options });

/** Every drawn thing inside the page, with the half-inch margin kept at the sides. */
function expectInsidePage(layout: SignLayout) {
  for (const card of layout.cards) {
    for (const line of card.lines) {
      expect(line.x).toBeGreaterThanOrEqual(card.box.x + 20);
      expect(line.x + line.width).toBeLessThanOrEqual(card.box.x + card.box.width - 20 + 0.01);
    }
  }
  expect(layout.footer.x).toBeGreaterThan(0);
  expect(layout.footer.baseline).toBeLessThan(layout.height - 18);
}

describe('sign layout', () => {
  it('sets a short name on one line, as large as the page allows', () => {
    const layout = layoutOf('Ivy');
    const card = layout.cards[0]!;
    expect(card.lines.map((l) => l.text)).toEqual(['Ivy']);
    // Height-bound: the letters take most of the page's height (Letter is 612 pt tall).
    expect(card.fontSize).toBeGreaterThan(300);
    expectInsidePage(layout);
  });

  it('wraps a long name onto two lines, splitting where the letters come out biggest', () => {
    const name = 'The Little Walnut Bowl Company of Vermont';
    const card = layoutOf(name).cards[0]!;
    expect(card.lines).toHaveLength(2);
    expect(card.lines.map((l) => l.text).join(' ')).toBe(name);
    const widths = card.lines.map((l) => l.width);
    // Balanced: neither line is more than twice the other.
    expect(Math.max(...widths) / Math.min(...widths)).toBeLessThan(2);
    // Two lines beat the one-line setting clearly.
    expect(card.fontSize).toBeGreaterThan(chooseLines(name.replace(/ /g, '\u00a0'), shape, 720, 520).fontSize * 1.15);
    expectInsidePage(layoutOf(name));
  });

  it('keeps a single long word on one line and breaks hyphenated names after the hyphen', () => {
    expect(layoutOf('Schmuckwerkstatt').cards[0]!.lines).toHaveLength(1);
    expect(twoLineSplits('Hand-Dyed Threads')).toContainEqual(['Hand-', 'Dyed Threads']);
    expect(twoLineSplits('Hand-Dyed Threads')).toContainEqual(['Hand-Dyed', 'Threads']);
  });

  it('puts the logo above the name, within the width, without overlapping it', () => {
    const card = layoutOf('Cactus Hands', { logoAspect: 2 }).cards[0]!;
    const logo = card.logo!;
    expect(logo.width / logo.height).toBeCloseTo(2, 5);
    const firstTop = card.lines[0]!.baseline - card.fontSize * shape(card.lines[0]!.text).top;
    expect(logo.y + logo.height).toBeLessThan(firstTop);
  });

  it('lays four cards with cut lines for --size card', () => {
    const layout = layoutOf('Cactus Hands', { size: 'card' });
    expect(layout.cards).toHaveLength(4);
    expect(layout.cutLines.length).toBeGreaterThanOrEqual(2);
    const page = layoutOf('Cactus Hands').cards[0]!.fontSize;
    expect(layout.cards[0]!.fontSize).toBeLessThan(page);
    expectInsidePage(layout);
  });
});

describe('sign font', () => {
  it('draws accents, apostrophes, ampersands and plus signs', () => {
    expect(missingCharacters("Café Ñandú & Zoë’s + O'Brien Łódź Ærø Ševčík")).toEqual([]);
  });

  it('names each character it cannot draw, with its code point', () => {
    expect(missingCharacters('Kiln 窯 & 窯')).toEqual(['窯']);
    let message = '';
    try {
      printableName('Kiln 窯');
    } catch (error) {
      expect(isAppealError(error)).toBe(true);
      message = (error as Error).message;
    }
    expect(message).toContain('"窯" (U+7AAF)');
  });

  it('prints the name composed (NFC) with single spaces', () => {
    expect(printableName('  Cafe\u0301   Hands ')).toBe('Café Hands');
    expect(signFont().capHeight).toBeGreaterThan(0.6);
  });
});

describe('paper from the locale', () => {
  it('uses US Letter in the US, Canada and Mexico, A4 elsewhere', () => {
    expect(defaultPaper({ LANG: 'en_US.UTF-8' })).toBe('letter');
    expect(defaultPaper({ LANG: 'fr_CA.UTF-8' })).toBe('letter');
    expect(defaultPaper({ LANG: 'es_MX' })).toBe('letter');
    expect(defaultPaper({ LANG: 'en_GB.UTF-8' })).toBe('a4');
    expect(defaultPaper({ LANG: 'de_DE.UTF-8' })).toBe('a4');
  });

  it('lets LC_ALL and LC_PAPER win over LANG, and falls back to the system locale', () => {
    expect(defaultPaper({ LANG: 'en_US.UTF-8', LC_PAPER: 'de_DE.UTF-8' })).toBe('a4');
    expect(defaultPaper({ LANG: 'de_DE.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('letter');
    expect(defaultPaper({ LANG: 'C.UTF-8' }, 'en-GB')).toBe('a4');
    expect(defaultPaper({}, 'en-US')).toBe('letter');
    expect(regionOf('zh_Hant_TW.UTF-8')).toBe('TW');
    expect(regionOf('POSIX')).toBeNull();
  });
});

describe('makeSign', () => {
  it('writes the PDF and a PNG of the same page', async () => {
    const made = await makeSign({ name: "Zoë's Soap & Co + Friends", pdf: work.path('one', 'sign.pdf'), paper: 'letter', size: 'page' });
    expect(made.png).toBe(work.path('one', 'sign.png'));
    const png = await sharp(made.png).metadata();
    // 11 x 8.5 inches at 150 ppi.
    expect([png.width, png.height]).toEqual([1650, 1275]);
    expect((await stat(made.pdf)).size).toBeGreaterThan(1000);
  });

  it.skipIf(!poppler)('puts the name in the PDF as text, in an embedded font, on a landscape page', async () => {
    const pdf = work.path('two', 'sign.pdf');
    await makeSign({ name: 'Åsa’s Ceramics & Glass', pdf, paper: 'a4', size: 'page' });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, ' ')).toContain('Åsa’s Ceramics & Glass');
    expect(text).toContain('Print at 100%');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans-Bold.*yes\s+yes/);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
  });

  it.skipIf(!poppler)('draws the PNG like poppler renders the PDF', async () => {
    const pdf = work.path('three', 'sign.pdf');
    const logo = work.path('three', 'logo.svg');
    await mkdir(work.path('three'), { recursive: true });
    await writeFile(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" rx="20" fill="#1565c0"/></svg>');
    await makeSign({ name: 'Cactus Hands', pdf, paper: 'letter', size: 'page', logo });
    // Our PNG is 150 ppi: poppler renders the PDF at the same resolution, pixel for pixel.
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, work.path('three', 'render')]);
    const size = { width: 1650, height: 1275 };
    const [ours, theirs] = await Promise.all(
      [work.path('three', 'sign.png'), work.path('three', 'render.png')].map((f) =>
        sharp(f).resize(size.width, size.height, { fit: 'fill' }).greyscale().raw().toBuffer(),
      ),
    );
    let differing = 0;
    let ink = 0;
    for (let i = 0; i < ours!.length; i++) {
      if (ours![i]! < 128) ink++;
      if (Math.abs(ours![i]! - theirs![i]!) > 96) differing++;
    }
    // Anti-aliased edges differ a little (measured 0.56%); the same page shifted by 2 px differs on 1.03%.
    expect(ink / ours!.length).toBeGreaterThan(0.08);
    expect(differing / ours!.length).toBeLessThan(0.008);
    // The logo is there in both, blue, above the name.
    const pixel = async (file: string) => {
      const { data } = await sharp(file).resize(size.width, size.height, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const at = (Math.round(size.height * 0.17) * size.width + Math.round(size.width / 2)) * 3;
      return [data[at]!, data[at + 1]!, data[at + 2]!];
    };
    for (const file of [work.path('three', 'sign.png'), work.path('three', 'render.png')]) {
      const [r, , b] = await pixel(file);
      expect(b).toBeGreaterThan(150);
      expect(r).toBeLessThan(80);
    }
  });

  it('shows one card in the PNG of --size card', async () => {
    const made = await makeSign({ name: 'Kiln & Co.', pdf: work.path('four', 'cards.pdf'), paper: 'a4', size: 'card' });
    const png = await sharp(made.png).metadata();
    expect(png.width / png.height).toBeGreaterThan(1.3);
    expect(png.width).toBeGreaterThan(1500);
  });

  it('replaces its own earlier sign but never a file it did not make', async () => {
    const pdf = work.path('five', 'sign.pdf');
    await makeSign({ name: 'First Name', pdf, paper: 'letter', size: 'page' });
    await makeSign({ name: 'Second Name', pdf, paper: 'letter', size: 'page' });
    const mine = work.path('five', 'mine.pdf');
    await writeFile(mine, '%PDF-1.4 my own design');
    await expect(makeSign({ name: 'X', pdf: mine, paper: 'letter', size: 'page' })).rejects.toThrow(/was not made by `appeal sign`/);
    expect(await readFile(mine, 'utf8')).toBe('%PDF-1.4 my own design');
    // A photo of the seller's own sign beside it is just as safe.
    await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).png().toFile(work.path('five', 'photo.png'));
    await expect(makeSign({ name: 'X', pdf: work.path('five', 'photo.pdf'), paper: 'letter', size: 'page' })).rejects.toThrow(/photo\.png|not made/);
  });

  it('refuses a logo that is not an image', async () => {
    const bad = work.path('six', 'logo.png');
    await mkdir(work.path('six'), { recursive: true });
    await writeFile(bad, 'not an image');
    await expect(makeSign({ name: 'X', pdf: work.path('six', 'sign.pdf'), paper: 'letter', size: 'page', logo: bad })).rejects.toThrow(/--logo: the file is not an image/);
  });
});

describe('appeal sign (command line)', () => {
  it('makes the sign from appeal.json and says where it went', async () => {
    const dir = work.path('cli');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'appeal.json'), JSON.stringify({ version: 1, business: { name: 'Wood + Wool' } }));
    const result = appeal(['sign', dir, '--paper', 'a4']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('"Wood + Wool"');
    expect(result.stdout).toContain('A4');
    expect((await stat(join(dir, 'sign.pdf'))).size).toBeGreaterThan(0);
    expect((await stat(join(dir, 'sign.png'))).size).toBeGreaterThan(0);
  });

  it('leaves the sign out when a plain folder of photos is checked', async () => {
    const dir = work.path('plain');
    await mkdir(dir, { recursive: true });
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a6a4a' } }).jpeg().toFile(join(dir, 'B0SIGNTEST-bench.jpg'));
    expect(appeal(['sign', dir, '--name', 'Cactus Hands']).status).toBe(0);
    const checked = appeal(['check', dir, '--no-ocr', '--format', 'json']);
    const files = (JSON.parse(checked.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    expect(files).toEqual([join(dir, 'B0SIGNTEST-bench.jpg')]);
  });

  it('explains in one line what is missing, with exit code 2', () => {
    const empty = appeal(['sign', work.dir]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^appeal: no business name to print .*--name/);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    const cjk = appeal(['sign', work.dir, '--name', 'Kiln 窯']);
    expect(cjk.status).toBe(2);
    expect(cjk.stderr).toContain('U+7AAF');
    const txt = appeal(['sign', work.dir, '--name', 'Kiln', '--out', work.path('sign.txt')]);
    expect(txt.status).toBe(2);
    expect(txt.stderr).toContain('--out must name a .pdf file');
  });
});
