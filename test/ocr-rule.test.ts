import { describe, expect, it } from 'vitest';
import { businessNameConfirmed } from '../src/rules/business-name-confirmed.js';
import { businessNameOverlay } from '../src/rules/business-name-overlay.js';
import { businessNameUnsure } from '../src/rules/business-name-unsure.js';
import { businessNameVisible } from '../src/rules/business-name-visible.js';
import type { CheckContext, CheckedFile } from '../src/rules/types.js';
import type { BusinessNameResult } from '../src/media/types.js';

const found: BusinessNameResult = { found: true, text: 'CACTUS HANDS', box: [10, 10, 200, 60] };
const missing: BusinessNameResult = {
  found: false,
  text: null,
  box: null,
  reason: 'no text resembling CACTUS HANDS in the photo; the largest text read was "Cactus Flowers"',
};

function media(name: string, businessName: BusinessNameResult | null, over: Partial<CheckedFile> = {}): CheckedFile {
  return {
    file: `photos/${name}`,
    absPath: `/x/photos/${name}`,
    kind: 'image',
    format: 'jpeg',
    bytes: 1,
    width: 4000,
    height: 3000,
    durationSec: null,
    asins: ['B0CACTUS01'],
    caption: null,
    businessName,
    ...over,
  };
}

function context(files: CheckedFile[], over: Partial<CheckContext> = {}): CheckContext {
  return {
    target: 'folder',
    path: 'photos',
    appeal: null,
    files,
    businessName: 'Cactus Hands',
    notifiedAsins: [],
    now: new Date('2026-11-22T12:00:00Z'),
    email: null,
    eml: null,
    ocr: true,
    ...over,
  };
}

describe('rule business-name-visible', () => {
  it('reports each photo where the name was not read, with why and how to fix it', () => {
    const findings = businessNameVisible.check(context([media('a.jpg', found), media('b.jpg', missing), media('c.jpg', missing)]));
    expect(findings.map((f) => f.file)).toEqual(['photos/b.jpg', 'photos/c.jpg']);
    expect(findings[0]!.message).toContain('"Cactus Hands"');
    expect(findings[0]!.message).toContain('Cactus Flowers');
    expect(findings[0]!.hint).toMatch(/print your business name large/i);
    expect(findings[0]!.hint).toMatch(/close to the camera/);
    expect(findings[0]!.hint).toMatch(/focus/);
  });

  it('gives a video its own advice', () => {
    const [finding] = businessNameVisible.check(context([media('clip.mp4', missing, { kind: 'video', format: 'mp4', durationSec: 30 })]));
    expect(finding!.message).toMatch(/^photos\/clip\.mp4 does not show/);
    expect(finding!.hint).toMatch(/film/i);
  });

  it('says nothing when OCR did not run or no business name is known', () => {
    expect(businessNameVisible.check(context([media('b.jpg', missing)], { ocr: false }))).toEqual([]);
    expect(businessNameVisible.check(context([media('b.jpg', missing)], { businessName: null }))).toEqual([]);
    expect(businessNameVisible.check(context([media('b.jpg', missing)], { businessName: '  ' }))).toEqual([]);
  });

  it('does not judge files OCR did not look at, unreadable files or other files', () => {
    const files = [
      media('skipped.jpg', null),
      media('broken.jpg', missing, { error: 'truncated' }),
      media('notes.txt', missing, { kind: 'other', format: 'text' }),
    ];
    expect(businessNameVisible.check(context(files))).toEqual([]);
  });

  it('is an error by default (the most common reason a first appeal fails)', () => {
    expect(businessNameVisible.defaultSeverity).toBe('error');
    expect(businessNameVisible.fixable).toBe(false);
  });
});

describe('doubtful misses, overlays and the seller\'s word', () => {
  const partial: BusinessNameResult = { found: false, text: null, box: null, partial: 'Clay Fox', reason: 'only "Clay Fox" of CLAY FOX STUDIO could be read in the photo' };
  const unreadable: BusinessNameResult = { found: false, text: null, box: null, unreadable: true, reason: 'the text reader could not process this file (bad data)' };
  const overlay: BusinessNameResult = { found: false, text: 'CACTUS HANDS', box: [1, 2, 3, 4], overlay: true, overlayReason: 'its letters are exactly level and one flat colour' };

  it('warns, and does not block, when only part of the name was read or the file could not be processed', () => {
    const files = [media('a.jpg', partial), media('b.jpg', unreadable)];
    expect(businessNameVisible.check(context(files))).toEqual([]);
    const warnings = businessNameUnsure.check(context(files));
    expect(warnings.map((w) => w.file)).toEqual(['photos/a.jpg', 'photos/b.jpg']);
    expect(warnings[0]!.message).toContain('only "Clay Fox"');
    expect(warnings[0]!.hint).toMatch(/nameConfirmed/);
    expect(businessNameUnsure.defaultSeverity).toBe('warning');
  });

  it('warns that a name added onto the photo does not count, and does not also report it missing', () => {
    const files = [media('a.jpg', overlay)];
    expect(businessNameVisible.check(context(files))).toEqual([]);
    expect(businessNameUnsure.check(context(files))).toEqual([]);
    const [warning] = businessNameOverlay.check(context(files));
    expect(warning!.message).toMatch(/looks added onto the photo afterwards/);
    expect(warning!.message).toMatch(/does not count/);
    expect(businessNameOverlay.defaultSeverity).toBe('warning');
  });

  it('turns a confirmed photo from an error into a note naming what the seller confirmed', () => {
    const files = [media('a.jpg', missing, { nameConfirmed: true }), media('b.jpg', partial, { nameConfirmed: true }), media('c.jpg', found, { nameConfirmed: true })];
    expect(businessNameVisible.check(context(files))).toEqual([]);
    expect(businessNameUnsure.check(context(files))).toEqual([]);
    const notes = businessNameConfirmed.check(context(files));
    expect(notes.map((n) => n.file)).toEqual(['photos/a.jpg', 'photos/b.jpg']);
    expect(notes[0]!.message).toMatch(/you confirmed that "Cactus Hands" can be read in it/);
    expect(notes[0]!.message).toMatch(/largest text read was "Cactus Flowers"/);
  });

  it('offers the way out in the error itself: look, then confirm', () => {
    const [finding] = businessNameVisible.check(context([media('b.jpg', missing)]));
    expect(finding!.hint).toMatch(/appeal init/);
    expect(finding!.hint).toMatch(/"nameConfirmed": true/);
  });
});
