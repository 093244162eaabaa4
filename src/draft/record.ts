import { stat, utimes } from 'node:fs/promises';
import { z } from 'zod';
import type { Appeal } from '../appeal/schema.js';
import { appealPath, readAppeal, saveAppeal } from '../appeal/store.js';

/**
 * What `appeal draft` remembers in appeal.json (`draft`): the Message-IDs of the copies it
 * uploaded, so the next run (after a rebuild, which gives the email a new Message-ID) finds
 * and replaces them; where the last one went. Never the password.
 *
 * The ID is written before the upload starts: a run killed after the server stored the
 * message but before it deleted the older copy still leaves a trail the next run follows.
 */

const KEEP = 20;

const DraftRecordSchema = z.looseObject({
  messageIds: z.array(z.string()).default([]),
  server: z.string().optional(),
  mailbox: z.string().optional(),
  uploadedAt: z.string().optional(),
});

export type DraftRecord = z.infer<typeof DraftRecordSchema>;

export function draftRecord(appeal: Appeal | null): DraftRecord {
  const parsed = DraftRecordSchema.safeParse((appeal as { draft?: unknown } | null)?.draft ?? {});
  return parsed.success ? parsed.data : { messageIds: [] };
}

/**
 * Saves `change` into dir/appeal.json, keeping the file's modification time: `appeal status`
 * compares it with out/appeal.eml to tell whether the build is current, and where the draft
 * went is not something a build depends on.
 */
async function updateRecord(dir: string, change: (record: DraftRecord) => DraftRecord): Promise<void> {
  const appeal = await readAppeal(dir);
  if (!appeal) return;
  const before = await stat(appealPath(dir));
  const next = change(draftRecord(appeal));
  await saveAppeal(dir, { ...appeal, draft: next });
  await utimes(appealPath(dir), before.atime, before.mtime);
}

export async function rememberUploadStarted(dir: string, messageId: string): Promise<void> {
  await updateRecord(dir, (record) => {
    if (record.messageIds.includes(messageId)) return record;
    return { ...record, messageIds: [...record.messageIds, messageId].slice(-KEEP) };
  });
}

export async function rememberUploaded(dir: string, where: { server: string; mailbox: string }, at: Date): Promise<void> {
  await updateRecord(dir, (record) => ({ ...record, server: where.server, mailbox: where.mailbox, uploadedAt: at.toISOString() }));
}
