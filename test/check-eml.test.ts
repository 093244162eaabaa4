import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { isEmlFile, readEml } from '../src/check/eml.js';
import { captionOfIntro, docxDrawings } from '../src/check/eml-docx.js';
import { looksLikeEml } from '../src/appeal/mail-head.js';
import { makeClip, makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';
import { makeDocx, makeEml } from './helpers/check.js';

let work: WorkDir;
let eml: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-check-eml-');
  const a = await makePhoto(work.path('a.jpg'), { width: 320, height: 240, seed: 1 });
  const b = await makePhoto(work.path('b.png'), { width: 300, height: 200, seed: 2 });
  const c = await makePhoto(work.path('c.jpg'), { width: 240, height: 320, seed: 3 });
  const docx = await makeDocx(work.path('appeal.docx'), {
    answers: [['Describe your production process.', 'I cut, stitch and finish every wallet by hand (B0NOTPHOTO1 is not here).']],
    photos: [
      { file: a, asinLine: 'The photo below shows ASIN B0CACTUS01', sentence: 'I am cutting the leather blank at my bench.' },
      { file: b, asinLine: 'The photo below shows ASINs B0CACTUS02 and B0D7654321', sentence: null },
      { file: c, asinLine: null, sentence: 'Stitching the edge with two needles.' },
    ],
    videoLine: 'The attached video clip.mp4 shows ASIN B0CACTUS01 being stitched.',
  });
  const clip = await makeClip(work.path('clip.mp4'), { seconds: 1, width: 160, height: 120, audio: true });
  eml = await makeEml(work.path('appeal.eml'), {
    to: 'handmade-store-appeal-review@amazon.com',
    from: 'Cactus Hands <me@example.com>',
    subject: 'Handmade verification B0CACTUS01',
    text: 'Hello, my answers are in the attached document.',
    attachments: [docx, clip],
  });
});

afterAll(async () => {
  await work?.cleanup();
});

describe('recognising a built email', () => {
  it('recognises RFC 822 headers by content, whatever the extension', async () => {
    const renamed = work.path('message.txt');
    await writeFile(renamed, 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\r\n');
    expect(await isEmlFile(renamed)).toBe(true);
    expect(await isEmlFile(eml)).toBe(true);
  });

  it('does not mistake a text note or a JPEG for an email', async () => {
    expect(looksLikeEml('These are my notes.\nSecond line: with a colon\n')).toBe(false);
    expect(looksLikeEml(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).toString('latin1'))).toBe(false);
    // A pasted notice that starts with its headers is read as the email it was.
    expect(looksLikeEml('From: Amazon <seller@amazon.example>\nDate: Sun, 29 Nov 2026 09:14:00 -0800\nSubject: Handmade\n\nHello')).toBe(true);
  });
});

describe('reading the photos inside the Word file', () => {
  it('takes the ASIN line written above each picture, in document order', () => {
    const xml =
      '<w:document><w:body>' +
      '<w:p><w:r><w:t>Photo of ASIN B0CACTUS01</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t xml:space="preserve">Me sanding the </w:t></w:r><w:r><w:t>edges &amp; corners.</w:t></w:r></w:p>' +
      '<w:p><w:r><w:drawing><a:blip r:embed="rId7"/></w:drawing></w:r></w:p>' +
      '<w:p><w:r><w:drawing><a:blip r:embed="rId8"/></w:drawing></w:r></w:p>' +
      '</w:body></w:document>';
    const drawings = docxDrawings(xml);
    expect(drawings).toHaveLength(2);
    expect(drawings[0]).toEqual({
      relId: 'rId7',
      asinLine: 'Photo of ASIN B0CACTUS01',
      asins: ['B0CACTUS01'],
      caption: 'Me sanding the edges & corners.',
    });
    // Nothing written between the two pictures: the second one is unlabelled.
    expect(drawings[1]).toMatchObject({ relId: 'rId8', asinLine: null, asins: [], caption: null });
  });

  it('keeps a caption that names an ASIN itself as the caption, under the label line', () => {
    const xml =
      '<w:document><w:body>' +
      '<w:p><w:r><w:t>The photo below shows ASIN B0CACTUS01.</w:t></w:r></w:p>' +
      '<w:p><w:r><w:t>I trace my own template for the wallet (ASIN B0CACTUS01) onto the hide.</w:t></w:r></w:p>' +
      '<w:p><w:r><w:drawing><a:blip r:embed="rId9"/></w:drawing></w:r></w:p>' +
      '</w:body></w:document>';
    expect(docxDrawings(xml)).toEqual([
      {
        relId: 'rId9',
        asinLine: 'The photo below shows ASIN B0CACTUS01.',
        asins: ['B0CACTUS01'],
        caption: 'I trace my own template for the wallet (ASIN B0CACTUS01) onto the hide.',
      },
    ]);
  });

  it('reads headers, attachments and the labels of a real email', async () => {
    const reading = await readEml(eml, 'out/appeal.eml');
    try {
      const { facts } = reading;
      expect(facts.to).toEqual(['handmade-store-appeal-review@amazon.com']);
      expect(facts.from).toBe('me@example.com');
      expect(facts.subject).toBe('Handmade verification B0CACTUS01');
      expect(facts.bytes).toBe((await stat(eml)).size);
      expect(facts.text).toContain('my answers are in the attached document');
      expect(facts.attachments.map((a) => a.filename)).toEqual(['appeal.docx', 'clip.mp4']);
      expect(facts.attachments[1]!.bytes).toBe((await stat(work.path('clip.mp4'))).size);
      expect(facts.docxPhotos).toEqual([
        { index: 1, asinLine: 'The photo below shows ASIN B0CACTUS01', asins: ['B0CACTUS01'] },
        { index: 2, asinLine: 'The photo below shows ASINs B0CACTUS02 and B0D7654321', asins: ['B0CACTUS02', 'B0D7654321'] },
        { index: 3, asinLine: 'Stitching the edge with two needles.', asins: [] },
      ]);
      // Every picture and the video are extracted so the probe sees the bytes that will be sent.
      expect(reading.media.map((m) => m.shownAs)).toEqual([
        'out/appeal.eml > appeal.docx > photo 1',
        'out/appeal.eml > appeal.docx > photo 2',
        'out/appeal.eml > appeal.docx > photo 3',
        'out/appeal.eml > clip.mp4',
      ]);
      expect(reading.media[0]!.caption).toBe('I am cutting the leather blank at my bench.');
      expect(reading.media[1]!.caption).toBeNull();
      expect(reading.media[3]!.asins).toEqual(['B0CACTUS01']);
      for (const m of reading.media) expect(existsSync(m.absPath)).toBe(true);
      await reading.dispose();
      for (const m of reading.media) expect(existsSync(m.absPath)).toBe(false);
    } finally {
      await reading.dispose();
    }
  });

  it('rejects a file that only claims to be an email, in one line', async () => {
    const fake = work.path('fake.eml');
    await writeFile(fake, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    await expect(readEml(fake, 'fake.eml')).rejects.toThrow(/fake\.eml|not look like an email|not a readable email/);
  });
});

describe('the caption of a video in a built email', () => {
  it('is the sentence after the line naming its ASINs, not the whole line', () => {
    expect(
      captionOfIntro('The attached video clip.mp4 shows ASIN B0CACTUS01. Stitching a wallet by hand at my bench.'),
    ).toBe('Stitching a wallet by hand at my bench.');
  });
});
