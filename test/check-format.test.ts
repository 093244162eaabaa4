import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { formatJson } from '../src/check/format-json.js';
import { formatStylish } from '../src/check/format-stylish.js';
import { checkLevels, sortMessages, type CheckReportJson } from '../src/check/run.js';
import { estimateEmail } from '../src/check/collect.js';
import { base64BodyBytes } from '../src/appeal/size.js';
import type { Message } from '../src/rules/types.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

function message(overrides: Partial<Message>): Message {
  return {
    ruleId: 'photo-count',
    severity: 'error',
    message: 'Only 2 photos or videos; Amazon asks for 3 to 5.',
    file: null,
    fixable: false,
    hint: 'Add another photo of your process.',
    ...overrides,
  };
}

function report(messages: Message[]): CheckReportJson {
  const errorCount = messages.filter((m) => m.severity === 'error').length;
  return {
    path: 'photos',
    ok: errorCount === 0,
    errorCount,
    warningCount: messages.length - errorCount,
    files: [
      {
        file: 'photos/a.jpg',
        kind: 'image',
        format: 'jpeg',
        bytes: 4_123_456,
        width: 4032,
        height: 3024,
        durationSec: null,
        asins: ['B0CACTUS01'],
        businessName: { found: true, text: 'CACTUS HANDS', box: [120, 300, 900, 420] },
      },
    ],
    messages,
    email: { estimatedBytes: 5_700_000, limitBytes: 18_000_000 },
  };
}

describe('stylish output', () => {
  const messages = [
    message({}),
    message({
      ruleId: 'media-format',
      severity: 'warning',
      message: 'HEIC photo; Amazon accepts JPEG or PNG.',
      file: 'photos/a.jpg',
      fixable: true,
      hint: '`appeal build` converts it to JPEG.',
    }),
    message({ ruleId: 'caption', severity: 'warning', message: 'No sentence says what you do here.', file: 'photos/a.jpg' }),
  ];

  it('groups problems under each file with severity, message, rule id and hint', () => {
    const text = formatStylish(report(messages), plain);
    const lines = text.split('\n');
    const header = lines.indexOf('photos/a.jpg');
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^ {2}warning {2}HEIC photo; Amazon accepts JPEG or PNG\.\s+media-format$/);
    expect(lines[header + 2]).toBe('           `appeal build` converts it to JPEG.');
    // Messages about the appeal as a whole sit under the checked path.
    expect(lines[0]).toBe('photos');
    expect(lines[1]).toMatch(/^ {2}error {4}Only 2 photos.*\s{2}photo-count$/);
    // Rule ids line up in one column.
    const ruleColumns = lines.filter((l) => /^ {2}(error|warning)/.test(l)).map((l) => l.search(/\S+$/));
    expect(new Set(ruleColumns).size).toBe(1);
  });

  it('ends with a summary of counts, what build can fix and the email size', () => {
    const text = formatStylish(report(messages), plain);
    expect(text).toContain('✖ 3 problems (1 error, 2 warnings)');
    expect(text).toContain('1 fixable: `appeal build` repairs it by itself, so it does not fail this check');
    expect(text).toContain('Email size: about 5.70 MB of the 18.0 MB limit');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('says so when there is nothing to fix', () => {
    expect(formatStylish(report([]), plain)).toContain('✔ no problems in 1 file');
  });

  it('prints only errors with --quiet', () => {
    const text = formatStylish(report(messages), plain, { quiet: true });
    expect(text).toContain('Only 2 photos');
    expect(text).not.toContain('HEIC');
    expect(text).toContain('✖ 1 problem (1 error, 0 warnings)');
    expect(formatStylish(report([messages[1]!]), plain, { quiet: true })).toBe('');
  });

  it('uses colour only when asked', () => {
    expect(formatStylish(report(messages), plain)).not.toMatch(/\x1b\[/);
    expect(formatStylish(report(messages), coloured)).toMatch(/\x1b\[31merror/);
  });
});

describe('JSON output', () => {
  it('prints exactly the documented fields, two-space indented', () => {
    const extra = Object.assign(report([message({})]), { secret: 1 });
    const text = formatJson(extra);
    expect(text).toMatch(/^\{\n {2}"path": "photos",\n {2}"ok": false,/);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['path', 'ok', 'errorCount', 'warningCount', 'files', 'messages', 'email']);
    const file = (parsed.files as Record<string, unknown>[])[0]!;
    expect(Object.keys(file)).toEqual(['file', 'kind', 'format', 'bytes', 'width', 'height', 'durationSec', 'asins', 'businessName']);
    const first = (parsed.messages as Record<string, unknown>[])[0]!;
    expect(Object.keys(first)).toEqual(['ruleId', 'severity', 'message', 'file', 'fixable', 'hint']);
    expect(parsed.email).toEqual({ estimatedBytes: 5_700_000, limitBytes: 18_000_000 });
  });
});

describe('ordering and configuration of messages', () => {
  it('puts appeal-wide messages first, then files in order shown, errors before warnings', () => {
    const sorted = sortMessages(
      [
        message({ file: 'b.jpg', severity: 'warning', ruleId: 'w1' }),
        message({ file: 'a.jpg', severity: 'warning', ruleId: 'w2' }),
        message({ file: 'b.jpg', severity: 'error', ruleId: 'e1' }),
        message({ file: null, severity: 'warning', ruleId: 'g1' }),
      ],
      ['a.jpg', 'b.jpg'],
    );
    expect(sorted.map((m) => m.ruleId)).toEqual(['g1', 'w2', 'e1', 'w1']);
  });

  it('warns about an unknown rule id in appeal.json and suggests the closest', () => {
    const { levels, messages } = checkLevels(
      { 'photo-count': 'warn', 'photo-cuont': 'off', nonsense: 'error' },
      ['photo-count', 'media-format'],
      'shop/appeal.json',
    );
    expect(levels).toEqual({ 'photo-count': 'warn' });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ ruleId: 'config', severity: 'warning', file: 'shop/appeal.json' });
    expect(messages[0]!.message).toContain('photo-cuont');
    expect(messages[0]!.hint).toContain('"photo-count"');
    expect(messages[1]!.hint).not.toContain('Did you mean');
  });
});

describe('email size estimate for files sent as they are', () => {
  it('counts photos inside the Word file and the video as an attachment, base64 encoded', () => {
    const photo = { kind: 'image' as const, bytes: 3_000_000 };
    const video = { kind: 'video' as const, bytes: 9_000_000 };
    const estimate = estimateEmail([photo, photo, video], null, 18_000_000);
    const floor = base64BodyBytes(6_000_000) + base64BodyBytes(9_000_000);
    expect(estimate.estimatedBytes).toBeGreaterThan(floor);
    expect(estimate.estimatedBytes).toBeLessThan(floor + 100_000);
    expect(estimate.estimatedBytes).toBeGreaterThan(18_000_000); // 15 MB of files do not fit in 18 MB of email
    expect(estimate.limitBytes).toBe(18_000_000);
    expect(estimate.compressible).toBe(true);
  });

  it('leaves out what would never be sent: an empty file does not make the photos unfittable', () => {
    const photo = { kind: 'image' as const, bytes: 7_000_000 };
    const empty = { kind: 'other' as const, bytes: 0, error: 'the file is empty' };
    const archive = { kind: 'archive' as const, bytes: 5_000_000 };
    const withEmpty = estimateEmail([photo, photo, photo, empty, archive], null, 18_000_000);
    expect(withEmpty.estimatedBytes).toBe(estimateEmail([photo, photo, photo], null, 18_000_000).estimatedBytes);
    expect(withEmpty.estimatedBytes).toBeGreaterThan(18_000_000);
    // Three photos shrink to well under the limit: build can fit them, so no "remove a photo".
    expect(withEmpty.compressible).toBe(true);
  });

});
