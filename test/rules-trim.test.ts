import { describe, expect, it } from 'vitest';
import { AppealSchema } from '../src/appeal/schema.js';
import { formatTimecode, parseTimecode, resolveTrim } from '../src/appeal/trim.js';
import { ruleById } from '../src/rules/index.js';
import { makeContext, messagesOf, photo, video } from './helpers/context.js';

const four = () => [photo('a.jpg'), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')];
const long = (trim?: { start?: string | number; end?: string | number }) => video('long.mp4', { durationSec: 75.2, ...(trim ? { trim } : {}) });
const check = (id: string, ...files: ReturnType<typeof video>[]) => messagesOf(id, makeContext({ files: [...four(), ...files] }));

describe('trim times', () => {
  it('reads seconds and minutes:seconds', () => {
    expect(parseTimecode('0:05')).toBe(5);
    expect(parseTimecode('1:15')).toBe(75);
    expect(parseTimecode(' 58 ')).toBe(58);
    expect(parseTimecode('12.5')).toBe(12.5);
    expect(parseTimecode('0:58.5')).toBe(58.5);
    expect(parseTimecode('1:02:03')).toBe(3723);
    expect(parseTimecode(42)).toBe(42);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['1:5', '1:75', 'abc', '-3', '1.5:00', '', '0:05 to 0:58']) expect(parseTimecode(bad), bad).toBeNull();
    expect(parseTimecode(-1)).toBeNull();
  });

  it('writes times as a seller reads them', () => {
    expect(formatTimecode(5)).toBe('0:05');
    expect(formatTimecode(75.2)).toBe('1:15.2');
    expect(formatTimecode(59.96)).toBe('1:00');
    expect(formatTimecode(3723)).toBe('1:02:03');
  });

  it('is part of appeal.json, with a clear message for a bad time', () => {
    const ok = AppealSchema.safeParse({ version: 1, media: [{ file: 'a.mp4', trim: { start: '0:05', end: 58 } }] });
    expect(ok.success).toBe(true);
    const bad = AppealSchema.safeParse({ version: 1, media: [{ file: 'a.mp4', trim: { start: '5 seconds' } }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('minutes:seconds');
  });

  it('keeps the part between start and end, either of which may be left out', () => {
    expect(resolveTrim({ start: '0:05', end: '0:58' }, 75.2)).toEqual({ ok: true, window: { startSec: 5, endSec: 58 } });
    expect(resolveTrim({ start: '0:20' }, 75.2)).toEqual({ ok: true, window: { startSec: 20, endSec: 75.2 } });
    expect(resolveTrim({ end: 30 }, 75.2)).toEqual({ ok: true, window: { startSec: 0, endSec: 30 } });
    // A phone's 1:15.2 clip trimmed "to 1:15.5": the end of the clip.
    expect(resolveTrim({ start: 20, end: '1:15.5' }, 75.2)).toEqual({ ok: true, window: { startSec: 20, endSec: 75.2 } });
  });
});

describe('video-trim', () => {
  it('says nothing about a trim that keeps under a minute of the clip', () => {
    expect(check('video-trim', long({ start: '0:05', end: '0:58' }))).toEqual([]);
    expect(check('video-trim', long())).toEqual([]);
  });

  it('rejects a trim past the end of the clip, naming the file and both times', () => {
    const [m] = check('video-trim', long({ start: '0:30', end: '1:30' }));
    expect(m).toMatchObject({ ruleId: 'video-trim', severity: 'error', file: 'photos/long.mp4', fixable: false });
    expect(m?.message).toBe("This video's trim ends at 1:30, but the clip is only 1:15.2 long.");
    const [late] = check('video-trim', long({ start: '1:20' }));
    expect(late?.message).toContain('starts at 1:20, but the clip is only 1:15.2 long');
  });

  it('rejects a reversed or empty trim', () => {
    expect(check('video-trim', long({ start: '0:58', end: '0:05' }))[0]?.message).toContain('reversed: it starts at 0:58 and ends earlier, at 0:05');
    expect(check('video-trim', long({ start: 10, end: 10.5 }))[0]?.message).toContain('keeps less than a second');
  });

  it('rejects a trim that still keeps over a minute', () => {
    const [m] = check('video-trim', long({ start: '0:02', end: '1:10' }));
    expect(m?.message).toBe("This video's trim keeps 68 s (0:02 to 1:10), still over 1 minute.");
    expect(m?.hint).toMatch(/appeal init/);
  });

  it('rejects a trim on a photo', () => {
    const [m] = messagesOf('video-trim', makeContext({ files: [photo('a.jpg', { trim: { start: 1 } }), ...four().slice(1)] }));
    expect(m?.message).toContain('not a video');
  });

  it('applies to appeal folders only (a built email carries the cut video)', () => {
    expect(ruleById('video-trim')?.targets).toEqual(['appeal']);
  });
});

describe('video-duration with a trim', () => {
  it('judges the part that is kept, not the whole clip', () => {
    expect(check('video-duration', long({ start: '0:05', end: '0:58' }))).toEqual([]);
    expect(check('video-duration', long())).toHaveLength(1);
  });

  it('leaves a trim that cannot be applied or is still too long to video-trim (one message, one rule)', () => {
    for (const trim of [{ start: '0:58', end: '0:05' }, { start: 0, end: '1:10' }]) {
      expect(check('video-duration', long(trim))).toEqual([]);
      expect(check('video-trim', long(trim))).toHaveLength(1);
    }
  });
});
