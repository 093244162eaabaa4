import { describe, expect, it } from 'vitest';
import { findAsins, isAsin, parseAsinList } from '../src/appeal/asin.js';
import { base64BodyBytes, maxRawForEncoded, parseSize } from '../src/appeal/size.js';
import { AppealError } from '../src/appeal/errors.js';

describe('ASINs', () => {
  it('finds ASINs in a file name in any case and returns them upper-cased once', () => {
    expect(findAsins('b0cactus01-sanding_B0CACTUS02 (B0CACTUS01).jpg')).toEqual(['B0CACTUS01', 'B0CACTUS02']);
  });

  it('does not take a longer product code for an ASIN', () => {
    expect(findAsins('B0CACTUS01X.jpg')).toEqual([]);
    expect(isAsin('B0CACTUS0')).toBe(false);
  });

  it('separates valid ASINs from typos in a typed list', () => {
    expect(parseAsinList('B0CACTUS01, b0cactus02;B0TYPO')).toEqual({
      asins: ['B0CACTUS01', 'B0CACTUS02'],
      invalid: ['B0TYPO'],
    });
  });
});

describe('email sizes', () => {
  it('reads MB as a million bytes and MiB as 2^20', () => {
    expect(parseSize('18MB')).toBe(18_000_000);
    expect(parseSize('17.5 mb')).toBe(17_500_000);
    expect(parseSize('16MiB')).toBe(16_777_216);
    expect(parseSize('20000KB')).toBe(20_000_000);
  });

  it('rejects a size it cannot read with a hint', () => {
    expect(() => parseSize('eighteen')).toThrow(AppealError);
    expect(() => parseSize('10KB')).toThrow(/too small/);
  });

  it('refuses sizes over 20 MB, saying why: such an email bounces at Amazon', () => {
    expect(parseSize('20MB')).toBe(20_000_000);
    for (const size of ['25MB', '20GB', '19.1MiB', '20000001']) {
      expect(() => parseSize(size), size).toThrow(/over 20MB: an email that big bounces at Amazon/);
    }
  });

  it('counts base64 in 76-column lines with CRLF', () => {
    // 57 raw bytes make exactly one full 76-character line.
    expect(base64BodyBytes(57)).toBe(78);
    expect(base64BodyBytes(58)).toBe(76 + 2 + 4 + 2);
    expect(base64BodyBytes(0)).toBe(0);
    // 15 MB of files grow to about 20.5 MB of email.
    expect(base64BodyBytes(15_000_000) / 1_000_000).toBeCloseTo(20.53, 1);
  });

  it('inverts the encoded size exactly', () => {
    for (const encoded of [78, 1000, 123_457, 18_000_000]) {
      const raw = maxRawForEncoded(encoded);
      expect(base64BodyBytes(raw)).toBeLessThanOrEqual(encoded);
      expect(base64BodyBytes(raw + 1)).toBeGreaterThan(encoded);
    }
  });
});
