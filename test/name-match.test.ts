import { describe, expect, it } from 'vitest';
import {
  allowedDistance,
  groupLines,
  largestText,
  matchBusinessName,
  nameVariants,
  normalizeText,
  ocrDistance,
  type OcrWord,
} from '../src/media/name-match.js';

/** Words laid out left to right on one line (24 px tall), as OCR would report them. */
function line(text: string, top = 100, left = 10): OcrWord[] {
  let x = left;
  return text.split(/\s+/).filter(Boolean).map((word) => {
    const w: OcrWord = { text: word, box: [x, top, x + word.length * 14, top + 24], confidence: 90 };
    x += word.length * 14 + 12;
    return w;
  });
}

const found = (name: string, text: string) => matchBusinessName(name, line(text)) !== null;

describe('normalising what OCR read', () => {
  it('ignores case, spacing and punctuation, spells & as AND', () => {
    expect(normalizeText('  Salt & Pine, Co. ')).toBe('SALT AND PINE CO');
    expect(normalizeText("Mike's Café")).toBe('MIKES CAFE');
    expect(normalizeText('|ittle')).toBe('IITTLE');
  });

  it('lists the spellings of a name with "&": with and, without it, and & read as 8', () => {
    expect(nameVariants('Salt & Pine').sort()).toEqual(['SALT8PINE', 'SALTANDPINE', 'SALTPINE']);
    expect(nameVariants('Cactus Hands')).toEqual(['CACTUSHANDS']);
    expect(nameVariants('  !! ')).toEqual([]);
  });

  it('allows more errors for longer names and none for very short ones', () => {
    expect(allowedDistance(3)).toBe(0);
    expect(allowedDistance(5)).toBeLessThan(1);
    expect(allowedDistance(8)).toBe(1);
    expect(allowedDistance(11)).toBeGreaterThan(1);
    expect(allowedDistance(11)).toBeLessThan(2);
    expect(allowedDistance(20)).toBeGreaterThanOrEqual(2);
  });

  it('charges less for the usual OCR confusions than for other errors', () => {
    expect(ocrDistance('CACTUS', 'CACTUS')).toBe(0);
    expect(ocrDistance('BOLT', 'B0LT')).toBeCloseTo(0.4);
    expect(ocrDistance('HANDS', 'HAND5')).toBeCloseTo(0.4);
    expect(ocrDistance('MOSSY', 'RNOSSY')).toBeCloseTo(0.4);
    expect(ocrDistance('HANDS', 'HANKS')).toBe(1);
    expect(ocrDistance('HANDS', 'HNADS')).toBe(1);
  });
});

describe('finding the business name among OCR words', () => {
  it('finds the name whatever the case, spacing and punctuation', () => {
    expect(found('Cactus Hands', 'CACTUS HANDS')).toBe(true);
    expect(found('Cactus Hands', 'cactus hands')).toBe(true);
    expect(found('Cactus Hands', 'CactusHands')).toBe(true);
    expect(found('Cactus Hands', 'Cactus-Hands!')).toBe(true);
    expect(found('Cactus Hands', 'C A C T U S HANDS')).toBe(true);
  });

  it('finds it among other words on the line and reports only the matched words', () => {
    const words = line('welcome to Cactus Hands studio');
    const match = matchBusinessName('Cactus Hands', words);
    expect(match?.text).toBe('Cactus Hands');
    expect(match?.box).toEqual([words[2]!.box[0], 100, words[3]!.box[2], 124]);
  });

  it('treats "&", "and", a dropped "&" and an "&" read as 8 alike', () => {
    for (const text of ['SALT & PINE', 'Salt and Pine', 'SALT PINE', 'SALT 8 PINE', 'Salt&Pine']) {
      expect(found('Salt & Pine', text), text).toBe(true);
    }
    expect(found('Salt and Pine', 'SALT & PINE')).toBe(true);
  });

  it('tolerates one or two OCR character errors in a long name', () => {
    expect(found('Cactus Hands', 'CACTU5 HAND5')).toBe(true);
    expect(found('Cactus Hands', 'Cactus Hanas')).toBe(true);
    expect(found('Cactus Hands', 'Cactus Hand')).toBe(true);
    expect(found('Little Loom Co', 'Littie L00m Co')).toBe(true);
    expect(found('Mossy Kiln', 'Mossy Ki1n')).toBe(true);
    expect(found('Birch Lane Studio', 'Birch Lanc Stndio')).toBe(true);
    expect(found('Wren Pottery', 'VVren Pottery')).toBe(true);
  });

  it('finds a name whose first letter a thumb hides and whose next letter is read as a stray mark', () => {
    // Two letters fewer than the name, within its budget: the hidden first letter costs half.
    expect(found('Tin Roof Pottery', '(.n Roof Pottery')).toBe(true);
    expect(found('Tin Roof Pottery', 'n Roof Pottery')).toBe(true);
    // Read as two letters, "m" for "rn" costs less than a letter lost: lengths differ by more than the errors.
    expect(found('Fern Barn Mill', 'Fem Bam Mill')).toBe(true);
    // Two letters fewer is not enough for a short name, nor a different first word.
    expect(found('Cactus Hands', 'otus Hands')).toBe(false);
    expect(found('Tin Roof Pottery', 'Roof Pottery')).toBe(false);
  });

  it('does not take another shop or a generic word for the name', () => {
    expect(found('Cactus Hands', 'Cactus Flowers')).toBe(false);
    expect(found('Cactus Hands', 'Hands')).toBe(false);
    expect(found('Cactus Hands', 'Cactus')).toBe(false);
    expect(found('Cactus Hands', 'HANDMADE')).toBe(false);
    expect(found('Cactus Hands', 'Contact Us')).toBe(false);
    expect(found('Cactus Hands', 'Cactus Brands')).toBe(false);
    expect(found('Juniper Forge', 'Juniper Farms')).toBe(false);
    expect(found('Quiet Needle', 'Quick Needles')).toBe(false);
    expect(found('Little Loom Co', 'Little Lamb Co')).toBe(false);
    expect(found('Mossy Kiln', 'Mossy Oak')).toBe(false);
    expect(found('Hands', 'HANDSOME')).toBe(false);
  });

  it('takes a word with another first letter for another shop, even within a long name\'s budget', () => {
    expect(found('Ember Glassworks', 'Amber Glassworks')).toBe(false);
    expect(found('Copper Kettle Crafts', 'Copper Settle Crafts')).toBe(false);
    expect(found('Pine Needle Press', 'Pine Needle Dress')).toBe(false);
    // OCR's own slips at a word's start still count: a confusable letter, "W" read as "VV", the first letter hidden.
    expect(found('Ember Glassworks', 'Ember G1assworks')).toBe(true);
    expect(found('Wildwood Leather', 'VVildwood Leather')).toBe(true);
    expect(found('Ember Glassworks', 'mber Glassworks')).toBe(true);
    expect(found('Fern & Feather Co.', 'RN & FEATHER CO.')).toBe(true);
    expect(found('Wildwood Leather', 'Wildwood eather')).toBe(true);
    expect(found('Pine Needle Press', 'Eine Needle Press')).toBe(false);
    expect(found('Ember Glassworks', '3mber Glassworks')).toBe(false);
  });

  it('needs whole words: the name inside a longer word does not count', () => {
    expect(found('Hands', 'handsfree')).toBe(false);
    expect(found('Oak', 'OAKLAND')).toBe(false);
  });

  it('requires very short names to match exactly', () => {
    expect(found('Oak', 'OAK')).toBe(true);
    expect(found('Oak', '0AK')).toBe(false);
    expect(found('Oak', 'OAR')).toBe(false);
    expect(found('Kiln', 'KILN')).toBe(true);
    expect(found('Kiln', 'KIRN')).toBe(false);
  });

  it('does not join words from different lines or far apart', () => {
    const words = [...line('CACTUS', 100), ...line('HANDS', 300)];
    expect(matchBusinessName('Cactus Hands', words)).toBeNull();
    const far = [...line('CACTUS', 100, 0), ...line('HANDS', 100, 2000)];
    expect(matchBusinessName('Cactus Hands', far)).toBeNull();
  });

  it('reads a name wrapped onto two stacked lines of a sign, but not lines side by side or apart', () => {
    const wrapped = [...line('CACTUS', 100, 40), ...line('HANDS', 130, 50)];
    expect(matchBusinessName('Cactus Hands', wrapped)?.text).toBe('CACTUS HANDS');
    expect(matchBusinessName('Cactus Hands', wrapped)?.box).toEqual([40, 100, 124, 154]);
    // The lower line first, or the upper line's start: not the name read in order.
    expect(matchBusinessName('Hands Cactus', wrapped)).toBeNull();
    const farBelow = [...line('CACTUS', 100, 40), ...line('HANDS', 200, 50)];
    expect(matchBusinessName('Cactus Hands', farBelow)).toBeNull();
    const sideways = [...line('CACTUS', 100, 40), ...line('HANDS', 130, 600)];
    expect(matchBusinessName('Cactus Hands', sideways)).toBeNull();
    const wrappedLong = [...line('THE LITTLE WALNUT BOWL', 100, 10), ...line('COMPANY OF VERMONT', 128, 40)];
    expect(matchBusinessName('The Little Walnut Bowl Company of Vermont', wrappedLong)).not.toBeNull();
  });

  it('joins words of one line that OCR reported out of order', () => {
    const [a, b] = line('CACTUS HANDS');
    expect(matchBusinessName('Cactus Hands', [b!, a!])?.text).toBe('CACTUS HANDS');
    expect(groupLines([b!, a!]).map((l) => l.map((w) => w.text))).toEqual([['CACTUS', 'HANDS']]);
  });

  it('never matches an empty or punctuation-only name', () => {
    expect(matchBusinessName('  ', line('anything at all'))).toBeNull();
  });
});

describe('describing what a photo shows instead', () => {
  it('names the tallest confident line', () => {
    const words = [...line('small print here', 50), ...line('CACTUS FLOWERS', 200).map((w) => ({ ...w, box: [w.box[0], 200, w.box[2], 260] as OcrWord['box'] }))];
    expect(largestText(words)?.text).toBe('CACTUS FLOWERS');
  });

  it('ignores low-confidence fragments', () => {
    expect(largestText(line('x7 ~~ Qz').map((w) => ({ ...w, confidence: 20 })))).toBeNull();
  });
});
