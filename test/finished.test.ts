/**
 * Only finished words reach Amazon: the one test of "is this text finished?" that the
 * interview (as the seller types) and `appeal check` (the unfinished-text rule) share.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ASIN, isExampleAsin } from '../src/appeal/asin.js';
import { finishedOrWhy, isFinished, outlinePhrases, unfinishedParts } from '../src/appeal/finished.js';
import { missingItems } from '../src/appeal/progress.js';
import { listOutlines } from '../src/interview/outlines.js';
import { makeAppeal, makeContext, messagesOf, photo } from './helpers/context.js';

describe('a finished text', () => {
  it.each([
    ['an outline placeholder', 'I make everything myself. [Optional: someone helps me load the kiln or pack orders.]', 'bracket'],
    ['a lone bracket', 'About [number hours per bowl.', 'bracket'],
    ['a template placeholder', 'Kind regards, {{name}}', 'placeholder'],
    ['a note to self', 'TODO: say how long the glaze firing takes.', 'todo'],
    ['a blanked-out ASIN', 'The photo shows B0xxxxxxxx.', 'example-asin'],
    ["appeal's own example ASIN", `The wallet is ${EXAMPLE_ASIN}.`, 'example-asin'],
    ["an outline's choices with the brackets taken off", 'In my own pottery studio at home / address in city, country.', 'outline'],
    [
      "an outline's starting text kept word for word",
      'I design every form and glaze myself. I sketch shapes, test glazes on tiles, and make a few samples before a design becomes a listing.',
      'outline-text',
    ],
  ])('refuses %s', (_what, text, kind) => {
    expect(unfinishedParts(text).map((p) => p.kind)).toContain(kind);
    expect(isFinished(text)).toBe(false);
    expect(finishedOrWhy(text)).toMatch(/^Not finished: /);
  });

  it.each([
    'I throw every mug on the wheel in my garage studio and glaze it by hand.',
    'About 3 hours per wallet, 90 minutes per card holder.',
    'None: I work alone, 40 hours a week.',
    'The photo shows ASIN B0CACTUS01 on the bench, next to my sign.',
    'I use a 1/4 inch chisel and a 3/8 gouge.',
    // An outline's starting text that the seller made their own.
    'I design every form and glaze myself. I sketch shapes and test glazes on tiles before a design becomes a listing.',
  ])('accepts a real answer: "%s"', (text) => {
    expect(unfinishedParts(text)).toEqual([]);
    expect(finishedOrWhy(text)).toBe(true);
  });

  it("knows every choice the shipped outlines offer, so none can slip through un-bracketed", async () => {
    const phrases = outlinePhrases();
    expect(phrases.length).toBeGreaterThan(10);
    for (const outline of await listOutlines()) {
      for (const [id, text] of outline.sections) {
        // Every outline's starting text is unfinished as shipped.
        expect(isFinished(text), `${outline.craft}/${id}`).toBe(false);
        // Taking the brackets off leaves the choices, which are still refused where there were any.
        const unbracketed = text.replace(/[[\]]/g, '');
        if (/\[[^\]]*\s\/\s[^\]]*\]/.test(text)) expect(isFinished(unbracketed), `${outline.craft}/${id}`).toBe(false);
      }
    }
  });

  it('tells example ASINs from real-looking ones', () => {
    expect(isExampleAsin('B0EXAMPLE1')).toBe(true);
    expect(isExampleAsin('b0xxxxxxxx')).toBe(true);
    expect(isExampleAsin('B0CACTUS01')).toBe(false);
  });
});

describe('the unfinished-text rule', () => {
  it('rejects an answer, a caption and a business name holding template text, naming where', () => {
    const appeal = makeAppeal({ business: { name: '[Your Business Name]' } });
    appeal.answers.team = 'I make everything myself. TODO add helpers.';
    const context = makeContext({ appeal, files: [photo('a.jpg', { caption: 'Cutting [material] by hand.' }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] });
    const messages = messagesOf('unfinished-text', context);
    expect(messages.map((m) => m.severity)).toEqual(['error', 'error', 'error']);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/who makes the items \(team\) is not finished: the note "TODO"/);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/caption of photos\/a.jpg is not finished/);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/business name is not finished/);
  });

  it("rejects a photo labelled with the hint's example ASIN", () => {
    const context = makeContext({ files: [photo('a.jpg', { asins: [EXAMPLE_ASIN] }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] });
    const [m] = messagesOf('unfinished-text', context);
    expect(m).toMatchObject({ file: 'photos/a.jpg', severity: 'error' });
    expect(m?.message).toContain('belongs to no listing');
  });

  it('is silent on a finished appeal', () => {
    expect(messagesOf('unfinished-text', makeContext())).toEqual([]);
  });

  it('keeps status and init --yes from calling an unfinished appeal complete', () => {
    const appeal = makeAppeal();
    appeal.answers.location = 'In my studio at home / address in city, country.';
    appeal.media = [{ file: 'photos/a.jpg', asins: ['B0CACTUS01'], caption: 'TBD' }];
    const labels = missingItems(appeal, new Date('2026-11-21T00:00:00Z')).items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^answers.location \(not finished/), expect.stringMatching(/^media\[0\].caption \(not finished/)]));
  });
});
