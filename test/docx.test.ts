import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { AppealSchema, type Appeal } from '../src/appeal/schema.js';
import { docxDrawings } from '../src/check/eml-docx.js';
import { contentOf, type PhotoItem } from '../src/package/content.js';
import { questionsOf } from '../src/appeal/questions.js';
import { PAGE_TEXT_WIDTH_PX, PHOTO_MAX_HEIGHT_PX, docxBuffer, photoDisplaySize } from '../src/package/docx.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
let photos: PhotoItem[];

const appeal: Appeal = AppealSchema.parse({
  version: 1,
  business: { name: 'Cactus Hands', email: 'me@example.com' },
  notice: { kind: 'initial', asins: ['B0CACTUS01', 'B0CACTUS02'] },
  answers: {
    process: 'I cut every wallet from a whole hide, stitch it by hand with waxed thread\nand finish the edges with beeswax.',
    design: 'I sketch each design on paper.',
    location: 'In my garage studio in Tucson.',
    team: 'Only me.',
    timePerItem: 'About three hours.',
    finalProduct: 'Leather wallets and card holders.',
    employees: 'None.',
    weeklyCapacity: 12,
    additional: 'I have sold at the Tucson craft fair since 2019.',
  },
});

async function sized(file: string, width: number, height: number, sign: string): Promise<PhotoItem> {
  await makePhoto(file, { width, height, sign: { text: sign }, seed: width });
  const meta = await sharp(file).metadata();
  return { source: file, path: file, format: 'jpg', width: meta.width, height: meta.height, asins: [], caption: null };
}

beforeAll(async () => {
  work = await makeWorkDir('appeal-docx-');
  photos = [
    { ...(await sized(work.path('wide.jpg'), 1200, 800, 'CACTUS HANDS')), asins: ['B0CACTUS01'], caption: 'Cutting the leather blank by hand at my bench' },
    { ...(await sized(work.path('tall.jpg'), 600, 1400, 'CACTUS HANDS')), asins: ['B0CACTUS01', 'B0CACTUS02'], caption: 'Stitching the card holder with waxed thread.' },
    { ...(await sized(work.path('small.jpg'), 300, 200, 'CH')), asins: ['B0CACTUS02'], caption: 'Burnishing the edges.' },
  ];
});
afterAll(async () => {
  await work?.cleanup();
});

describe('the Word document', () => {
  it('scales every photo to the text width and never taller than a page allows', () => {
    expect(photoDisplaySize(4032, 3024)).toEqual({ width: PAGE_TEXT_WIDTH_PX, height: 450 });
    const tall = photoDisplaySize(3024, 4032);
    expect(tall.height).toBe(PHOTO_MAX_HEIGHT_PX);
    expect(tall.width).toBe(540);
    expect(photoDisplaySize(300, 200).width).toBe(PAGE_TEXT_WIDTH_PX);
  });

  it('puts the ASIN line and the caption right above each photo, in order', async () => {
        const content = contentOf(appeal, questionsOf(appeal), photos, null);
    const buffer = await docxBuffer(content);
    const zip = await JSZip.loadAsync(buffer);
    const xml = (await zip.file('word/document.xml')!.async('string'));
    const drawings = docxDrawings(xml);
    expect(drawings.map((d) => d.asins)).toEqual([['B0CACTUS01'], ['B0CACTUS01', 'B0CACTUS02'], ['B0CACTUS02']]);
    expect(drawings[0]!.asinLine).toBe('The photo below shows ASIN B0CACTUS01.');
    expect(drawings[1]!.asinLine).toBe('The photo below shows ASINs B0CACTUS01 and B0CACTUS02.');
    expect(drawings.map((d) => d.caption)).toEqual([
      'Cutting the leather blank by hand at my bench.',
      'Stitching the card holder with waxed thread.',
      'Burnishing the edges.',
    ]);
    // Images are stored as JPEG with the right content type (a "jpeg" type makes Word call the file corrupt).
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(3);
    const types = (await zip.file('[Content_Types].xml')!.async('string'));
    expect(media.every((name) => name.endsWith('.jpg'))).toBe(true);
    expect(types).toMatch(/<Default ContentType="image\/jpeg" Extension="jpg"\/>/);
    // Title names the business and the notice's ASINs; every answer is there.
    expect(xml).toContain('Cactus Hands');
    expect(xml).toContain('B0CACTUS02');
    expect(xml).toContain('About three hours.');
    expect(xml).toContain('>12<');
    expect(xml).not.toContain('The attached video');
    expect(xml).not.toContain('.mp4');
  });

  it('answers every question again in full for a follow-up notice', async () => {
    const followUp = AppealSchema.parse({ ...appeal, notice: { kind: 'follow-up', asins: ['B0CACTUS01'] } });
        const content = contentOf(followUp, questionsOf(followUp), photos.slice(0, 1), null);
    expect(content.sections.map((s) => s.id)).toEqual(['process', 'methods', 'weeklyCapacity', 'media', 'additional']);
    const xml = (await (await JSZip.loadAsync(await docxBuffer(content))).file('word/document.xml')!.async('string'));
    expect(xml).toContain('About three hours.');
    expect(xml).toContain('craft fair since 2019');
  });

  it('opens in LibreOffice and renders the photos on the pages', async (context) => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.error) {
      context.skip('LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui');
      return;
    }
        const content = contentOf(appeal, questionsOf(appeal), photos, {
      source: 'clip.mov',
      path: work.path('clip.mp4'),
      fileName: 'workshop.mp4',
      asins: ['B0CACTUS01'],
      caption: 'Me stitching a wallet from start to finish',
    });
    const out = work.path('render');
    await mkdir(out, { recursive: true });
    const docx = join(out, 'appeal.docx');
    await writeFile(docx, await docxBuffer(content));
    const profile = `-env:UserInstallation=file://${work.path('lo-profile')}`;
    const convert = spawnSync('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(convert.status, convert.stderr).toBe(0);
    const pdf = join(out, 'appeal.pdf');
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? 0);
    expect(pages).toBeGreaterThanOrEqual(3);
    const png = spawnSync('pdftoppm', ['-png', '-r', '50', pdf, join(out, 'page')], { encoding: 'utf8' });
    expect(png.status, png.stderr).toBe(0);
    const rendered = (await readdir(out)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(rendered).toHaveLength(pages);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('The photo below shows ASIN B0CACTUS01.');
    expect(text).toContain('workshop.mp4');
    if (process.env.APPEAL_KEEP_RENDER) spawnSync('cp', ['-r', out, process.env.APPEAL_KEEP_RENDER]);
    // A page holding a photo is far from blank: count the pages where a fifth of the pixels are not paper.
    const inked = await Promise.all(
      rendered.map(async (f) => {
        const { data } = await sharp(join(out, f)).greyscale().raw().toBuffer({ resolveWithObject: true });
        let dark = 0;
        for (const value of data) if (value < 200) dark++;
        return dark / data.length;
      }),
    );
    expect(inked.filter((share) => share > 0.2).length).toBe(photos.length);
  }, 180_000);
});
