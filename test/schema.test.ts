import { describe, expect, it } from 'vitest';
import { AppealError } from '../src/appeal/errors.js';
import { parseAppealText, validateAppeal } from '../src/appeal/store.js';

function problemOf(data: unknown): string {
  try {
    validateAppeal(data, 'appeal.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AppealError);
    return (error as AppealError).toLine();
  }
  throw new Error('expected the appeal to be refused');
}

describe('appeal.json schema errors', () => {
  it('names the field of a deadline that is not a date', () => {
    const line = problemOf({ version: 1, notice: { kind: 'initial', deadline: 'next tuesday' } });
    expect(line).toContain('notice.deadline: expected a date');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('names the photo whose ASIN is malformed, with its position', () => {
    const line = problemOf({ version: 1, media: [{ file: 'a.jpg', asins: ['B0GOOD1234'] }, { file: 'b.jpg', asins: ['12345'] }] });
    expect(line).toContain('media[1].asins[0]');
    // The hint's example ASIN is a made-up one, not a real seller's listing.
    expect(line).toContain('B0EXAMPLE1');
  });

  it('explains a version it cannot read', () => {
    expect(problemOf({ version: 3 })).toContain('version: must be 1 or 2');
  });

  it('lists every bad field in one line', () => {
    const line = problemOf({ version: 1, business: { email: 'not-an-email' }, answers: { weeklyCapacity: -3 } });
    expect(line).toContain('business.email');
    expect(line).toContain('answers.weeklyCapacity');
  });

  it('keeps fields it does not know about, so a rewrite never drops them', () => {
    const appeal = validateAppeal({ version: 1, myNotes: 'call Bob', media: [{ file: 'a.jpg', takenOn: 'Tuesday' }] });
    expect((appeal as Record<string, unknown>).myNotes).toBe('call Bob');
    expect((appeal.media[0] as Record<string, unknown>).takenOn).toBe('Tuesday');
  });

  it('reports broken JSON with the file name and how to recover', () => {
    let line = '';
    try {
      parseAppealText('{"version": 1,', 'x/appeal.json');
    } catch (error) {
      line = (error as AppealError).toLine();
    }
    expect(line).toMatch(/^x\/appeal.json: is not valid JSON .* run `appeal init` again/);
  });
});
