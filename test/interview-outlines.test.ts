import { describe, expect, it } from 'vitest';
import { answerSlots, defaultQuestions } from '../src/appeal/questions.js';
import { listOutlines, loadOutline, parseOutline } from '../src/interview/outlines.js';
import { wrap } from '../src/interview/session.js';

const textSlots = answerSlots(defaultQuestions()).filter((slot) => slot.kind === 'text');

describe('craft outlines', () => {
  it('ships the seven crafts sellers asked for', async () => {
    const crafts = (await listOutlines()).map((outline) => outline.craft).sort();
    expect(crafts).toEqual(['art-prints', 'candles-soap', 'ceramics', 'jewelry', 'leather', 'textiles', 'woodwork']);
  });

  it('gives every craft a starting text for every written question', async () => {
    for (const outline of await listOutlines()) {
      for (const slot of textSlots) {
        const text = outline.sections.get(slot.id);
        expect(text, `${outline.craft}: ${slot.id}`).toBeTruthy();
        expect(text, `${outline.craft}: ${slot.id} is one paragraph`).not.toContain('\n\n');
      }
      expect(outline.title).not.toBe(outline.craft);
    }
  });

  it('leaves [placeholders] where only the seller knows the answer', async () => {
    for (const outline of await listOutlines()) {
      expect(outline.sections.get('location'), outline.craft).toMatch(/\[[^\]]+\]/);
      expect(outline.sections.get('timePerItem'), outline.craft).toMatch(/\[number\]/);
    }
  });

  it('never claims outside production or a large team', async () => {
    for (const outline of await listOutlines()) {
      const all = [...outline.sections.values()].join(' ').toLowerCase();
      for (const risky of ['dropship', 'my supplier makes', 'wholesale', 'mass produced by']) expect(all).not.toContain(risky);
    }
  });

  it('parses headings and ignores comments', () => {
    const outline = parseOutline('x', '# Title\n<!-- note -->\n## process\nLine one\nline two\n\n## design\nD\n');
    expect(outline.title).toBe('Title');
    expect(outline.sections.get('process')).toBe('Line one\nline two');
    expect(outline.sections.get('design')).toBe('D');
  });

  it('refuses craft names that could leave the templates folder', async () => {
    expect(await loadOutline('../package')).toBeNull();
    expect(await loadOutline('jewelry')).not.toBeNull();
  });
});

describe('wrapping explanations for the terminal', () => {
  it('breaks between words and indents every line', () => {
    const text = wrap('The business name must be readable in every photo you send to Amazon.', 30, '  ');
    for (const line of text.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(30);
      expect(line.startsWith('  ')).toBe(true);
    }
    expect(text.replace(/\s+/g, ' ').trim()).toBe('The business name must be readable in every photo you send to Amazon.');
  });
});
