import { describe, expect, it } from 'vitest';
import { letterCosts, ocrDistance, type OcrWord } from '../src/media/name-match.js';
import { joinReadings, nameReadings } from '../src/media/name-pieces.js';

/** Words laid out left to right on one line (24 px tall), as OCR would report them. */
function line(text: string, left = 10, top = 100): OcrWord[] {
  let x = left;
  return text.split(/\s+/).filter(Boolean).map((word) => {
    const w: OcrWord = { text: word, box: [x, top, x + word.length * 14, top + 24], confidence: 80 };
    x += word.length * 14 + 12;
    return w;
  });
}

/** The readings of the name in several views, each view one line of text (same place unless moved). */
function views(name: string, ...reads: (string | [string, number, number])[]) {
  return reads.flatMap((read, view) => {
    const [text, left, top] = typeof read === 'string' ? [read, 10, 100] : read;
    return nameReadings(name, line(text, left, top)).map((reading) => ({ view, reading }));
  });
}

describe('what each letter of the name cost in a reading', () => {
  it('adds up to the edit distance, whatever went wrong', () => {
    const pairs: [string, string][] = [
      ['TINROOFPOTTERY', 'OINROOFPOTT'],
      ['TINROOFPOTTERY', 'IROOFPOTTERY'],
      ['BLUEBIRDBINDERY', 'BRVEDIRDBINDERY'],
      ['CAMERA', 'CARNERA'],
      ['CLAYFOX', 'CLAYFXO'],
      ['LITTLEBEARCANDLES', 'LITTHEBOSSCONDE'],
      ['SALTPINE', 'XXSALTPINEXX'],
      ['MOSSYKILN', ''],
    ];
    for (const [name, read] of pairs) {
      const costs = letterCosts(name, read);
      expect(costs).toHaveLength(name.length);
      expect(costs.reduce((a, b) => a + b, 0)).toBeCloseTo(ocrDistance(name, read), 9);
    }
  });

  it('charges the letters that were misread, not the ones read right', () => {
    expect(letterCosts('TINROOFPOTTERY', 'TINROOFPOTT')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    // A covered first letter costs half an error; "m" for "rn" a confusion.
    expect(letterCosts('TINROOF', 'INROOF')).toEqual([0.5, 0, 0, 0, 0, 0, 0]);
    expect(letterCosts('CAMERA', 'CARNERA')).toEqual([0, 0, 0.4, 0, 0, 0]);
  });
});

describe('a name put together from several readings of the same place', () => {
  it('joins a view cut after "Pott" and one cut before "n Roof" into "Tin Roof Pottery"', () => {
    const joined = joinReadings(views('Tin Roof Pottery', 'Tin Roof Pott', ['n Roof Pottery thank you', 36, 100]));
    expect(joined).not.toBeNull();
    expect(joined!.texts).toEqual(['Tin Roof Pott', 'n Roof Pottery']);
    expect(joined!.distance).toBe(0);
    expect(joined!.box[0]).toBe(10);
  });

  it('never joins two readings of one view', () => {
    const name = 'Tin Roof Pottery';
    const one = [...nameReadings(name, line('Oin Roof Pott')), ...nameReadings(name, line('Tin Roof Pxxxxxx', 10, 130))];
    expect(joinReadings(one.map((reading) => ({ view: 0, reading })))).toBeNull();
  });

  it('does not make another shop\'s name ours however often it is read', () => {
    expect(joinReadings(views('Tin Roof Pottery', 'Tin Roof Studio', 'Tin Roof Stvdio', 'Tn Roof Studio', 'Tin Rocf Studio'))).toBeNull();
    expect(joinReadings(views('Bluebird Bindery', 'Bluebird Bakery', 'Bluebird Bakcry', 'Blucbird Bakery'))).toBeNull();
  });

  it('needs every letter seen by some reading: a stray letter beside another name does not pay for a wrong one', () => {
    // "Lotus Hands" read three ways, once beside a lone "A": the "C" of "Cactus" is read by none.
    expect(joinReadings(views('Cactus Hands', 'Lotus Hands', '-otue Hands', 'A -otue Hands'))).toBeNull();
  });

  it('does not take a first letter read as another for a covered one ("Pillow" is not "Willow")', () => {
    // One view lost the first letter; the others read a P there: it is another shop, not a thumb.
    expect(joinReadings(views('Willow Weavers', 'Pillow Weavers', 'illow Weavers', 'Pillow Weavcrs'))).toBeNull();
    // Where no view read anything in its place, it may be covered, as for a single reading.
    expect(joinReadings(views('Willow Weavers', 'illow Weav', ['llow Weavers', 38, 100]))).not.toBeNull();
  });

  it('keeps a changed first letter of a later word a different word ("Copper Settle")', () => {
    expect(joinReadings(views('Copper Kettle', 'Copper Settle', 'Coppcr Settle', 'Copper Sett1e'))).toBeNull();
  });

  it('does not join readings from different places in the photo', () => {
    expect(joinReadings(views('Tin Roof Pottery', 'Tin Roof Pott', ['n Roof Pottery', 36, 400]))).toBeNull();
    expect(joinReadings(views('Tin Roof Pottery', 'Tin Roof Pott', ['n Roof Pottery', 900, 100]))).toBeNull();
  });

  it('leaves a reading with less than half the name out', () => {
    expect(nameReadings('Little Bear Candles', line('Lit Bxx Cxxxxxx'))).toEqual([]);
    expect(joinReadings(views('Little Bear Candles', 'Little Bus Condi', 'Litthe Boss Conde', 'Little Bown Candley'))).toBeNull();
  });

  it('never puts a short name together: it must be read whole', () => {
    expect(nameReadings('Mossy', line('Moss'))).toEqual([]);
    expect(joinReadings(views('Clay Fox', 'Clay Fo', 'lay Fox'))).toBeNull();
  });
});
