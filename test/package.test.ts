import { describe, expect, it } from 'vitest';
import { AppealSchema } from '../src/appeal/schema.js';
import { questionsOf } from '../src/appeal/questions.js';
import {
  asinList,
  contentOf,
  coverNote,
  docxAttachmentName,
  emailText,
  fillCover,
  oneLine,
  parseCover,
  photoAsinLine,
  subjectOf,
  videoLine,
  type PhotoItem,
  type VideoItem,
} from '../src/package/content.js';
import { readFileSync } from 'node:fs';
import { safeStem, uniqueStems } from '../src/package/stages/settings.js';
import { copyableVideo, videoTier } from '../src/package/video-choice.js';
import type { CheckedFile } from '../src/rules/types.js';

const appeal = AppealSchema.parse({
  version: 1,
  business: { name: 'Cactus Hands', email: 'me@example.com', person: 'Rosa' },
  notice: { kind: 'initial', asins: ['B0CACTUS01', 'B0CACTUS02'] },
  answers: { process: 'By hand, start to end.', design: 'Paper sketches.', weeklyCapacity: 12 },
});

const photo = (asins: string[], caption: string | null): PhotoItem => ({
  source: 'p.jpg', path: '/tmp/p.jpg', format: 'jpg', width: 100, height: 80, asins, caption,
});
const video: VideoItem = {
  source: 'clip.mov', path: '/tmp/clip.mp4', fileName: 'clip.mp4', asins: ['B0CACTUS01'], caption: 'Stitching a wallet',
};

function checked(over: Partial<CheckedFile>): CheckedFile {
  return {
    file: 'clip.mp4', absPath: '/x/clip.mp4', kind: 'video', format: 'mp4', bytes: 1000, width: 1280, height: 720,
    durationSec: 10, asins: [], caption: null, businessName: null,
    video: { container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', pixelFormat: 'yuv420p', fps: 30, rotation: 0, bitRate: 4_000_000 },
    ...over,
  };
}

const cover = parseCover(readFileSync(new URL('../templates/cover-note.md', import.meta.url), 'utf8'));

describe('the words of the package', () => {
  it('names the ASINs in the line above each photo, and writes no line for a photo without one', () => {
    expect(photoAsinLine(['B0CACTUS01'])).toBe('The photo below shows ASIN B0CACTUS01.');
    expect(photoAsinLine(['B0CACTUS01', 'B0CACTUS02', 'B0D2345678'])).toBe(
      'The photo below shows ASINs B0CACTUS01, B0CACTUS02 and B0D2345678.',
    );
    expect(photoAsinLine([])).toBeNull();
    expect(asinList([])).toBe('');
  });

  it('introduces the video by file name, ASIN and caption on one line', () => {
    expect(videoLine(video)).toBe('The attached video clip.mp4 shows ASIN B0CACTUS01. Stitching a wallet.');
    expect(videoLine({ ...video, asins: [], caption: null })).toBe('The attached video is clip.mp4.');
  });

  it('puts the business name and the notice ASINs in a one-line subject', () => {
    const content = contentOf(appeal, questionsOf(appeal), [photo(['B0CACTUS01'], null)], null);
    expect(subjectOf(content)).toBe('Handmade review: Cactus Hands (ASINs B0CACTUS01, B0CACTUS02)');
    const evil = contentOf(
      AppealSchema.parse({ ...appeal, business: { name: 'Evil\r\nBcc: x@y.z' } }),
      questionsOf(appeal),
      [],
      null,
    );
    expect(subjectOf(evil)).not.toMatch(/[\r\n]/);
    const unnamed = AppealSchema.parse({ ...appeal, business: {} });
    const plain = contentOf(unnamed, questionsOf(unnamed), [], null);
    expect(subjectOf(plain)).toBe('Handmade review (ASINs B0CACTUS01, B0CACTUS02)');
    expect(plain.title).toBe('How the items are made');
    expect(oneLine('a\r\n\tb\u2028c')).toBe('a b c');
  });

  it('names the Word attachment after the business, never after the tool', () => {
    const content = contentOf(appeal, questionsOf(appeal), [], null);
    expect(docxAttachmentName(content)).toBe('Cactus Hands - Handmade review.docx');
    expect(docxAttachmentName({ hasName: true, businessName: 'Saltmarsh Soap Co.' })).toBe('Saltmarsh Soap Co. - Handmade review.docx');
    expect(docxAttachmentName({ hasName: false, businessName: 'my shop' })).toBe('Handmade review.docx');
  });

  it('drops a cover-note line whose slots are all empty and keeps the rest', () => {
    const template = '<!-- note -->\nHello {{business}},\n{{videoSentence}}\nBye {{signature}}\n';
    expect(fillCover(template, { business: 'Cactus Hands', videoSentence: '', signature: 'Rosa' })).toBe(
      'Hello Cactus Hands,\nBye Rosa',
    );
  });

  it('writes every answered question with its answer in the text body, and leaves out what has no answer', async () => {
    const questions = questionsOf(appeal);
    const content = contentOf(appeal, questions, [photo(['B0CACTUS01'], 'Cutting leather')], video);
    const text = await emailText(content, appeal);
    expect(text).toContain('Hello');
    expect(text).toContain('Rosa');
    expect(text.indexOf(questions[0]!.text)).toBeLessThan(text.indexOf('By hand, start to end.'));
    expect(text).toContain('Paper sketches.');
    expect(text).toContain('12');
    // location was not answered: its question is not printed at all, and the seller is told.
    const location = questions.flatMap((q) => q.sub ?? []).find((s) => s.id === 'location')!;
    expect(text).not.toContain(location.text);
    expect(content.notes.join('\n')).toMatch(/Left out: the answer to "[^"]+" has no answer/);
    expect(text).toContain('Photo 1: ASIN B0CACTUS01. Cutting leather.');
    expect(text).toContain('The attached video clip.mp4 shows ASIN B0CACTUS01.');
    const without = await emailText(contentOf(appeal, questions, [photo(['B0CACTUS01'], null)], null), appeal);
    expect(without).not.toContain('clip.mp4');
    expect(without).not.toMatch(/video|mp4/i);
  });

  it('leaves out an empty "anything else" without a word to the seller, and template text with one', () => {
    const questions = questionsOf(appeal);
    const unfinished = AppealSchema.parse({ ...appeal, answers: { ...appeal.answers, team: 'Only me. [Optional: who helps.]' } });
    const content = contentOf(unfinished, questions, [photo(['B0CACTUS01'], 'Cutting leather')], null);
    expect(content.sections.map((s) => s.id)).not.toContain('additional');
    expect(content.sections.flatMap((s) => s.sub.map((p) => p.id))).not.toContain('team');
    expect(content.notes.some((n) => /additional|anything else/i.test(n))).toBe(false);
    expect(content.notes.some((n) => /still holds template text/.test(n))).toBe(true);
  });

  it('tells the seller when an answer still mentions a video the package leaves out', () => {
    const mentions = AppealSchema.parse({ ...appeal, answers: { ...appeal.answers, additional: 'The attached video shows the whole process.' } });
    const without = contentOf(mentions, questionsOf(mentions), [photo(['B0CACTUS01'], 'Cutting')], null);
    expect(without.notes).toContain('answers.additional mentions a video, but this package has none: reword it (appeal init) before sending.');
    const withVideo = contentOf(mentions, questionsOf(mentions), [photo(['B0CACTUS01'], 'Cutting')], video);
    expect(withVideo.notes.join('\n')).not.toMatch(/mentions a video/);
  });

  it('claims the business name in every photo only when each was read or confirmed', () => {
    const named = (flags: Array<boolean | undefined>) =>
      coverNote(contentOf(appeal, questionsOf(appeal), flags.map((nameShown) => ({ ...photo(['B0CACTUS01'], 'Cutting'), nameShown })), null), appeal, cover);
    expect(named([true, true, true])).toContain('My business name can be read in every photo.');
    expect(named([true, false, true])).not.toMatch(/business name/i);
    // OCR did not run and nobody confirmed: no claim.
    expect(named([undefined, undefined, undefined])).not.toMatch(/business name/i);
  });

  it('says "you asked about" only for the ASINs the notice named', () => {
    const noNotice = AppealSchema.parse({ ...appeal, notice: undefined });
    const text = coverNote(contentOf(noNotice, questionsOf(noNotice), [photo(['B0CACTUS01'], 'Cutting')], null), noNotice, cover);
    expect(text).not.toMatch(/You asked about/);
    expect(coverNote(contentOf(appeal, questionsOf(appeal), [photo(['B0CACTUS01'], 'Cutting')], null), appeal, cover)).toContain(
      'You asked about ASINs B0CACTUS01 and B0CACTUS02',
    );
  });

  it('says the ASIN line stands above each photo only when every photo has one', () => {
    const all = coverNote(contentOf(appeal, questionsOf(appeal), [photo(['B0CACTUS01'], 'A'), photo(['B0CACTUS02'], 'B')], null), appeal, cover);
    expect(all).toContain('The line above each photo names the ASIN');
    const one = contentOf(appeal, questionsOf(appeal), [photo(['B0CACTUS01'], 'A'), photo([], 'B')], null);
    expect(coverNote(one, appeal, cover)).not.toContain('The line above each photo');
    expect(one.notes.join('\n')).toMatch(/has no ASIN/);
  });
});

describe('build helpers', () => {
  it('makes safe, unique output names that keep any script', () => {
    expect(safeStem('photos/01 Cutting (final).JPG')).toBe('01-Cutting-final');
    expect(safeStem('фото/шов.jpg')).toBe('шов');
    expect(safeStem('../.hidden.jpg')).toBe('hidden');
    expect(uniqueStems(['a/step.jpg', 'b/step.jpg', 'step.mov'])).toEqual(['step', 'step-2', 'step-3']);
  });

  it('copies only clips that are already H.264/AAC, upright and at most 30 fps', () => {
    expect(copyableVideo(checked({}))).toBe(true);
    expect(copyableVideo(checked({ video: { ...checked({}).video!, videoCodec: 'hevc' } }))).toBe(false);
    expect(copyableVideo(checked({ video: { ...checked({}).video!, fps: 60 } }))).toBe(false);
    expect(copyableVideo(checked({ video: { ...checked({}).video!, rotation: 90 } }))).toBe(false);
    expect(copyableVideo(checked({ format: 'webm' }))).toBe(false);
  });

  it('shrinks the picture as the bitrate drops', () => {
    expect(videoTier(3000)).toMatchObject({ maxWidth: 1280, maxHeight: 720 });
    expect(videoTier(1200)).toMatchObject({ maxWidth: 960 });
    expect(videoTier(300)).toMatchObject({ maxWidth: 640, maxHeight: 360 });
  });
});
