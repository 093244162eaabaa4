import { describe, expect, it } from 'vitest';
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
