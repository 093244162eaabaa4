import { describe, expect, it } from 'vitest';
import { applyRules } from '../src/rules/index.js';
import type { EmlFacts } from '../src/rules/types.js';
import { ASIN, makeAppeal, makeContext, messagesOf, otherFile, photo, video } from './helpers/context.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function facts(over: Partial<EmlFacts> = {}): EmlFacts {
  return {
    to: ['handmade-store-appeal-review@amazon.com'],
    from: 'me@example.com',
    subject: 'Handmade appeal: Cactus Hands',
    bytes: 15_000_000,
    attachments: [
      { filename: 'appeal.docx', contentType: DOCX, bytes: 6_000_000 },
      { filename: 'sanding.mp4', contentType: 'video/mp4', bytes: 5_000_000 },
    ],
    docxPhotos: [1, 2, 3, 4].map((index) => ({ index, asinLine: `The photo below shows ASIN ${ASIN}.`, asins: [ASIN] })),
    text: 'Answers to your questions.',
    ...over,
  };
}

/** What the check runner gives for a built email: the Word file's photos and the attachments, probed. */
function emlContext(eml: EmlFacts, files = [1, 2, 3, 4].map((i) => photo(`photo ${i}`, { file: `out/appeal.eml > appeal.docx > photo ${i}` }))) {
  return makeContext({
    target: 'eml',
    path: 'out/appeal.eml',
    eml,
    files,
    email: { estimatedBytes: eml.bytes, limitBytes: 18_000_000, compressible: true },
  });
}

describe('eml-recipient', () => {
  it("accepts the notice's reply address", () => {
    expect(messagesOf('eml-recipient', emlContext(facts({ to: ['Amazon Handmade <Handmade-Store-Appeal-Review@amazon.com>'] })))).toEqual([]);
  });

  it("rejects an email not addressed to the notice's reply address", () => {
    const [m] = messagesOf('eml-recipient', emlContext(facts({ to: ['seller-support@amazon.com'] })));
    expect(m).toMatchObject({ severity: 'error', file: 'out/appeal.eml' });
    expect(m?.message).toContain('handmade-store-appeal-review@amazon.com');
  });

  it('rejects an email without a recipient', () => {
    const [m] = messagesOf('eml-recipient', emlContext(facts({ to: [] })));
    expect(m?.message).toContain('no recipient');
  });

  it("without a reply address in the notice's text, wants Amazon's Handmade appeal address and no other Amazon inbox", () => {
    const noAppeal = (to: string[]) => ({ ...emlContext(facts({ to })), appeal: null });
    expect(messagesOf('eml-recipient', noAppeal(['handmade-store-appeal-review@amazon.com']))).toEqual([]);
    expect(messagesOf('eml-recipient', noAppeal(['me@gmail.com']))).toHaveLength(1);
    // The From or Reply-To of Amazon's email is not where appeals are read.
    expect(messagesOf('eml-recipient', noAppeal(['handmade-integrity@amazon.com']))).toHaveLength(1);
    const noAddress = makeAppeal();
    delete noAddress.notice!.replyTo;
    const context = { ...emlContext(facts({ to: ['seller-notifications@amazon.com'] })), appeal: noAddress };
    expect(messagesOf('eml-recipient', context)[0]?.message).toContain('handmade-store-appeal-review@amazon.com');
  });

  it('does not run on an appeal folder', () => {
    const appeal = makeAppeal();
    expect(messagesOf('eml-recipient', makeContext({ appeal }))).toEqual([]);
  });
});

describe('eml-attachments', () => {
  it('accepts a Word file, an MP4 and JPEG/PNG photos', () => {
    const eml = facts({
      attachments: [
        { filename: 'appeal.docx', contentType: DOCX, bytes: 1 },
        { filename: 'clip.mp4', contentType: 'video/mp4', bytes: 1 },
        { filename: 'extra.jpeg', contentType: 'image/jpeg', bytes: 1 },
        { filename: 'sign.png', contentType: 'image/png', bytes: 1 },
      ],
    });
    expect(messagesOf('eml-attachments', emlContext(eml))).toEqual([]);
  });

  it('rejects an attachment that is not docx, mp4, jpeg or png', () => {
    const eml = facts({ attachments: [...facts().attachments, { filename: 'notes.pdf', contentType: 'application/pdf', bytes: 1 }] });
    const files = [...emlContext(eml).files, otherFile('notes.pdf', 'other', 'pdf', { file: 'out/appeal.eml > notes.pdf' })];
    const [m] = messagesOf('eml-attachments', emlContext(eml, files));
    expect(m?.severity).toBe('error');
    expect(m?.message).toContain('notes.pdf');
    // media-format leaves non-media attachments of an email to this rule
    expect(messagesOf('media-format', emlContext(eml, files))).toEqual([]);
  });

  it('rejects an MP4 sent under a .mov name (Amazon goes by the extension)', () => {
    const eml = facts({ attachments: [{ filename: 'appeal.docx', contentType: DOCX, bytes: 1 }, { filename: 'clip.mov', contentType: 'video/quicktime', bytes: 1 }] });
    const files = [...emlContext(eml).files, video('clip.mov', { file: 'out/appeal.eml > clip.mov', format: 'mp4' })];
    expect(messagesOf('eml-attachments', emlContext(eml, files))).toHaveLength(1);
  });

  it('leaves a real MOV video and archives to media-format and archive (one message each)', () => {
    const eml = facts({
      attachments: [
        { filename: 'appeal.docx', contentType: DOCX, bytes: 1 },
        { filename: 'clip.mov', contentType: 'video/quicktime', bytes: 1 },
        { filename: 'photos.zip', contentType: 'application/zip', bytes: 1 },
      ],
    });
    const files = [
      ...emlContext(eml).files,
      video('clip.mov', { file: 'out/appeal.eml > clip.mov', format: 'mov' }),
      otherFile('photos.zip', 'archive', 'zip', { file: 'out/appeal.eml > photos.zip' }),
    ];
    const context = emlContext(eml, files);
    expect(messagesOf('eml-attachments', context)).toEqual([]);
    expect(messagesOf('media-format', context)).toHaveLength(1);
    expect(messagesOf('archive', context)).toHaveLength(1);
  });

  it('rejects a Word file that cannot be opened', () => {
    const [m] = messagesOf('eml-attachments', emlContext(facts({ docxPhotos: null }), []));
    expect(m?.message).toContain('cannot be opened as a Word file');
  });
});

describe('rules on a built email', () => {
  it('says nothing about a good built email', () => {
    const files = [
      ...[1, 2, 3, 4].map((i) => photo(`photo ${i}`, { file: `out/appeal.eml > appeal.docx > photo ${i}` })),
      video('sanding.mp4', { file: 'out/appeal.eml > sanding.mp4' }),
    ];
    expect(applyRules(emlContext(facts(), files))).toEqual([]);
  });

  it('rejects a photo in the Word file without an ASIN line above it', () => {
    const files = [1, 2, 3, 4].map((i) => photo(`photo ${i}`, { file: `out/appeal.eml > appeal.docx > photo ${i}`, asins: i === 2 ? [] : [ASIN] }));
    const [m] = messagesOf('asin-label', emlContext(facts(), files));
    expect(m).toMatchObject({ severity: 'error', file: 'out/appeal.eml > appeal.docx > photo 2' });
    expect(m?.hint).toContain('Word file');
  });

  it('counts the photos in the Word file plus the attached video', () => {
    const two = [1, 2].map((i) => photo(`photo ${i}`, { file: `out/appeal.eml > appeal.docx > photo ${i}` }));
    expect(messagesOf('photo-count', emlContext(facts(), two))[0]?.severity).toBe('error');
    const six = [1, 2, 3, 4, 5, 6].map((i) => photo(`photo ${i}`, { file: `out/appeal.eml > appeal.docx > photo ${i}` }));
    expect(messagesOf('photo-count', emlContext(facts(), six))[0]?.message).toMatch(/at most 5/);
  });

  it('rejects a built email over the limit, telling the seller to build again', () => {
    const context = emlContext(facts({ bytes: 21_000_000 }));
    const [m] = messagesOf('email-size', context);
    expect(m?.message).toContain('This email is 21.0 MB');
    expect(m?.fixable).toBe(false);
  });
});
