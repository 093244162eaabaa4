import { describe, expect, it } from 'vitest';
import { allRules, applyRules, ruleById } from '../src/rules/index.js';
import { makeContext, messagesOf, photo } from './helpers/context.js';

describe('rule registry', () => {
  it('gives every rule a unique kebab-case id, a description, a hint and a default severity', () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.hint.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(rule.defaultSeverity);
      expect(typeof rule.fixable).toBe('boolean');
    }
  });

  it('lists the rules the requirements ask for, including the business name rule', () => {
    for (const id of [
      'photo-count', 'media-format', 'archive', 'corrupt-file', 'cloud-link', 'business-name-visible',
      'asin-label', 'asin-format', 'asin-notified', 'caption', 'video-count', 'video-duration', 'email-size',
      'image-resolution', 'image-dark', 'image-blur', 'duplicate-photo', 'collage', 'exif-gps',
      'answers-complete', 'policy', 'deadline-passed', 'eml-recipient', 'eml-attachments',
      // One meaning per id: the advice that shared an id with a blocking problem has its own.
      'photo-spare', 'deadline-soon', 'policy-wording', 'video-link', 'video-codec', 'unfinished-text',
    ]) {
      expect(ruleById(id)?.id, id).toBe(id);
    }
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  it('gives every message of a rule the same severity: severity belongs to the rule and to appeal.json', () => {
    // A context that makes many rules speak, errors and advice alike.
    const appeal = makeContext().appeal!;
    const noisy = makeContext({
      now: new Date('2026-12-30T00:00:00Z'),
      appeal: { ...appeal, answers: { ...appeal.answers, team: 'A contractor does 10% and a factory does the rest. https://youtu.be/x [todo]' } },
      files: [photo('a.jpg', { hasGps: true, asins: [] }), photo('b.jpg')],
    });
    const messages = applyRules(noisy);
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) expect(message.severity, message.ruleId).toBe(ruleById(message.ruleId)!.defaultSeverity);
  });

  it('says nothing about a complete, compliant appeal', () => {
    expect(applyRules(makeContext())).toEqual([]);
  });

  it('fills every message field from the rule and the finding', () => {
    const [message] = messagesOf('exif-gps', makeContext({ files: [photo('a.jpg', { hasGps: true }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] }));
    expect(message).toEqual({
      ruleId: 'exif-gps',
      severity: 'warning',
      message: expect.stringContaining('photos/a.jpg'),
      file: 'photos/a.jpg',
      fixable: true,
      hint: ruleById('exif-gps')!.hint,
    });
  });

  it('silences a rule set to "off"', () => {
    const context = makeContext({ files: [photo('a.jpg', { hasGps: true }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] });
    expect(messagesOf('exif-gps', context)).toHaveLength(1);
    expect(messagesOf('exif-gps', context, { 'exif-gps': 'off' })).toEqual([]);
  });

  it('upgrades a warning to an error with "error" and downgrades with "warn"', () => {
    const gps = makeContext({ files: [photo('a.jpg', { hasGps: true }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] });
    expect(messagesOf('exif-gps', gps, { 'exif-gps': 'error' })[0]?.severity).toBe('error');
    const few = makeContext({ files: [photo('a.jpg'), photo('b.jpg')] });
    expect(messagesOf('photo-count', few)[0]?.severity).toBe('error');
    expect(messagesOf('photo-count', few, { 'photo-count': 'warn' })[0]?.severity).toBe('warning');
  });

  it('uses the appeal\'s own "rules" when no levels are passed', () => {
    const context = makeContext({ files: [photo('a.jpg', { hasGps: true }), photo('b.jpg'), photo('c.jpg'), photo('d.jpg')] });
    context.appeal = { ...context.appeal!, rules: { 'exif-gps': 'off' } };
    expect(messagesOf('exif-gps', context)).toEqual([]);
    // Explicit levels (already validated by the runner) win over the file.
    expect(messagesOf('exif-gps', context, {})).toHaveLength(1);
  });

  it('ignores unknown rule ids in levels', () => {
    expect(applyRules(makeContext(), { 'no-such-rule': 'error' })).toEqual([]);
  });

  it('runs a rule only on the targets it names', () => {
    const folder = makeContext({ target: 'folder', appeal: null, files: [photo('a.jpg', { caption: null }), photo('b.jpg', { caption: null }), photo('c.jpg', { caption: null }), photo('d.jpg', { caption: null })] });
    expect(messagesOf('caption', folder)).toEqual([]);
    expect(messagesOf('answers-complete', folder)).toEqual([]);
    expect(messagesOf('eml-recipient', makeContext())).toEqual([]);
  });

  it('ignores a malformed perceptual hash instead of crashing', () => {
    const bad = { brightness: 120, sharpness: 300, phash: 'not-hex', collage: 0 };
    const context = makeContext({ files: [photo('a.jpg', { pixels: bad }), photo('b.jpg', { pixels: bad }), photo('c.jpg'), photo('d.jpg')] });
    expect(applyRules(context)).toEqual([]);
  });
});
