/**
 * What `appeal build` repairs by itself is shown by `appeal check`, but does not fail a check
 * of sources; in a built email nothing is repairable, and an oversized email is an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import { failing, runChecks } from '../src/check/run.js';
import type { Message } from '../src/rules/types.js';
import { appeal } from './helpers/cli.js';
import { makePhoto, makeWorkDir, type WorkDir } from './helpers/media.js';

let work: WorkDir;
let phone: string;

beforeAll(async () => {
  work = await makeWorkDir('appeal-check-fixable-');
  phone = work.path('phone');
  // Three untouched phone photos of about 6 MB each: together well over the 18 MB email budget.
  for (const i of [1, 2, 3]) {
    await makePhoto(join(phone, `B0CACTUS0${i % 2 ? 1 : 2}-step-${i}.jpg`), { width: 4000, height: 3000, quality: 98, seed: i });
  }
}, 120_000);

afterAll(async () => {
  await work?.cleanup();
});

const message = (over: Partial<Message>): Message => ({
  ruleId: 'x', severity: 'error', message: 'm', file: null, fixable: false, hint: 'h', ...over,
});

describe('a finding build fixes by itself', () => {
  it('does not fail a check of sources, strict or not; an error build cannot fix does', () => {
    const fixable = message({ ruleId: 'email-size', fixable: true });
    const warning = message({ ruleId: 'photo-spare', severity: 'warning' });
    expect(failing([fixable], { strict: false })).toEqual([]);
    expect(failing([fixable], { strict: true })).toEqual([]);
    expect(failing([fixable, warning], { strict: true })).toEqual([warning]);
    expect(failing([message({})], { strict: false })).toHaveLength(1);
  });

  it('lets a folder of untouched phone photos pass: their size is what build shrinks', () => {
    const run = appeal(['check', phone, '--no-ocr', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { ok: boolean; errorCount: number; messages: Message[]; email: { estimatedBytes: number; limitBytes: number } };
    expect(report.email.estimatedBytes).toBeGreaterThan(report.email.limitBytes);
    const size = report.messages.find((m) => m.ruleId === 'email-size');
    expect(size).toMatchObject({ severity: 'error', fixable: true });
    expect(report.ok).toBe(true);
    expect(run.status).toBe(0);
  });

  it('is shown with its count, as ESLint shows fixable problems', () => {
    const run = appeal(['check', phone, '--no-ocr']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/email-size/);
    expect(run.stdout).toMatch(/\d+ fixable: `appeal build` repairs (it|them) by itself/);
  });

  it('is an error in a built email over the limit: nothing is left to repair there', async () => {
    const file = work.path('big.eml');
    const message = new MailComposer({
      from: 'me@example.com',
      to: 'handmade-store-appeal-review@amazon.com',
      subject: 'Handmade review',
      text: 'Answers.',
      attachments: [{ filename: 'step.jpg', path: join(phone, 'B0CACTUS01-step-1.jpg'), contentType: 'image/jpeg' }],
    });
    await writeFile(file, await message.compile().build());
    const report = await runChecks(file, { ocr: false, limitBytes: 1_000_000 });
    try {
      const size = report.messages.find((m) => m.ruleId === 'email-size');
      expect(size).toMatchObject({ severity: 'error', fixable: false });
      expect(report.messages.every((m) => !m.fixable)).toBe(true);
      expect(report.ok).toBe(false);
    } finally {
      await report.dispose();
    }
  });
});
