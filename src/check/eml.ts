import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { AppealError } from '../common/errors.js';
import { throwIfCancelled } from '../common/cancel.js';
import { findAsins } from '../appeal/asin.js';
import { attribute, captionOfIntro, docxDrawings, docxParagraphs, unpacker } from './eml-docx.js';

import { looksLikeEml } from '../appeal/mail-head.js';
import { isVideoFile, isWordFile } from '../common/media-types.js';
import type { EmlFacts } from '../rules/types.js';

/**
 * Preflight of a built .eml: what the message really carries once it leaves the seller's
 * outbox. mailparser buffers the whole message, which is fine for one 18 MB file read once.
 */


/** A photo or video found inside the email, extracted to a temp file so the probe can read it. */
export interface EmlMedia {
  absPath: string;
  shownAs: string;
  asins: string[];
  caption: string | null;
}

export interface EmlReading {
  facts: EmlFacts;
  media: EmlMedia[];
  /** Removes the extracted files. Safe to call twice. */
  dispose: () => Promise<void>;
}

export async function isEmlFile(file: string): Promise<boolean> {
  if (extname(file).toLowerCase() === '.eml') return true;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead > 0 && looksLikeEml(head.subarray(0, bytesRead).toString('latin1'));
  } finally {
    await handle.close();
  }
}

function safeName(name: string, index: number): string {
  const cleaned = basename(name).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-80);
  return `${index}-${cleaned || 'attachment'}`;
}

function addresses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  for (const group of list as { value?: { address?: string; group?: { address?: string }[] }[] }[]) {
    for (const entry of group.value ?? []) {
      if (entry.address) out.push(entry.address);
      for (const member of entry.group ?? []) if (member.address) out.push(member.address);
    }
  }
  return out;
}


/**
 * Loads the email reader's libraries ahead of use: `build` does it while the video encodes (its
 * JavaScript thread waits on ffmpeg then), so its preflight starts reading at once.
 */
export async function preloadEmlReader(): Promise<void> {
  await Promise.all([import('mailparser'), import('jszip')]);
}

/** A built email is under 20 MB; one ten times that is not an appeal email, and is not read into memory. */
const MAX_EML_BYTES = 200_000_000;
/**
 * Reads a built .eml: headers, text, attachments (decoded sizes), the pictures inside the
 * attached Word file with the ASIN line written above each, and every photo/video extracted
 * to a temp folder so the same rules as `appeal check` can look at the real bytes.
 */
export async function readEml(file: string, shownAs: string = file, signal?: AbortSignal): Promise<EmlReading> {
  const info = await stat(file);
  if (info.size > MAX_EML_BYTES) {
    throw new AppealError(`is ${Math.round(info.size / 1_000_000)} MB; an appeal email must stay under 20 MB, so it was not read.`, {
      file: shownAs,
      hint: 'Check the .eml that `appeal build` wrote (out/appeal.eml).',
    });
  }
  const { simpleParser } = await import('mailparser');
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    // Streamed: a built email is ~18 MB, and holding it whole beside its decoded attachments
    // is what set the build's peak memory.
    parsed = await simpleParser(createReadStream(file));
  } catch (error) {
    throw new AppealError(`is not a readable email (${(error as Error).message}).`, {
      file: shownAs,
      hint: 'Pass the .eml that `appeal build` wrote (out/appeal.eml), a folder of photos, or an appeal folder.',
      cause: error,
    });
  }
  if (!parsed.headers.size || (!parsed.from && !parsed.to && !parsed.subject && parsed.attachments.length === 0)) {
    throw new AppealError('does not look like an email (no From, To, Subject or attachments).', {
      file: shownAs,
      hint: 'Pass the .eml that `appeal build` wrote (out/appeal.eml).',
    });
  }

  throwIfCancelled(signal);
  const tempDir = await mkdtemp(join(tmpdir(), 'appeal-eml-'));
  let disposed = false;
  // A crash between reading and disposing must not leave copies of the seller's photos. (A
  // Ctrl-C reaches here as an aborted signal: the caller's finally disposes.)
  const removeSync = () => {
    if (!disposed) rmSync(tempDir, { recursive: true, force: true });
  };
  process.once('exit', removeSync);
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    process.removeListener('exit', removeSync);
    await rm(tempDir, { recursive: true, force: true });
  };

  try {
    const attachments = parsed.attachments.map((a, i) => ({
      filename: a.filename ?? `attachment-${i + 1}`,
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      bytes: a.content.length,
      content: a.content,
    }));
    const text = parsed.text ?? '';
    const media: EmlMedia[] = [];
    let docxPhotos: { index: number; asinLine: string | null; asins: string[] }[] | null = null;
    let docxText: string[] = [];
    let written = 0;

    for (const attachment of attachments) {
      throwIfCancelled(signal);
      if (!isWordFile(attachment.filename, attachment.contentType)) continue;
      const { default: JSZip } = await import('jszip');
      let zip: InstanceType<typeof JSZip>;
      try {
        zip = await JSZip.loadAsync(attachment.content);
      } catch {
        // An unreadable Word file: the rules see docxPhotos = null and report it.
        continue;
      }
      const unpack = unpacker(zip, `${shownAs} > ${attachment.filename}`);
      const documentXml = (await unpack('word/document.xml'))?.toString('utf8');
      if (documentXml === undefined) continue;
      const relsXml = (await unpack('word/_rels/document.xml.rels'))?.toString('utf8') ?? '';
      const targets = new Map<string, string>();
      for (const rel of relsXml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
        const id = attribute(rel[1]!, 'Id');
        const target = attribute(rel[1]!, 'Target');
        if (id && target) targets.set(id, target);
      }
      const drawings = docxDrawings(documentXml);
      docxText = docxParagraphs(documentXml);
      const before: number = docxPhotos?.length ?? 0;
      docxPhotos = [
        ...(docxPhotos ?? []),
        ...drawings.map((d, i) => ({ index: before + i + 1, asinLine: d.asinLine, asins: d.asins })),
      ];
      for (const [i, drawing] of drawings.entries()) {
        const target = targets.get(drawing.relId);
        if (!target) continue;
        const inZip = target.startsWith('/') ? target.slice(1) : `word/${target.replace(/^\.\//, '')}`;
        const bytes = await unpack(inZip);
        if (!bytes) continue;
        const absPath = join(tempDir, safeName(basename(inZip), ++written));
        await writeFile(absPath, bytes);
        media.push({
          absPath,
          shownAs: `${shownAs} > ${attachment.filename} > photo ${i + 1}`,
          asins: drawing.asins,
          caption: drawing.caption,
        });
      }
    }

    for (const attachment of attachments) {
      if (isWordFile(attachment.filename, attachment.contentType)) continue;
      const absPath = join(tempDir, safeName(attachment.filename, ++written));
      await writeFile(absPath, attachment.content);
      // The line introducing a video (in the Word file or the email text) names its ASINs.
      const stem = basename(attachment.filename, extname(attachment.filename)).toLowerCase();
      const lines = [...docxText, ...text.split(/\r?\n/)];
      const intro =
        lines.find((line) => line.toLowerCase().includes(attachment.filename.toLowerCase())) ??
        (stem.length >= 3 ? lines.find((line) => line.toLowerCase().includes(stem)) : undefined) ??
        (isVideoFile(attachment.filename, attachment.contentType)
          ? lines.find((line) => /\bvideo\b/i.test(line) && findAsins(line).length > 0)
          : undefined) ??
        null;
      const fromIntro = intro ? findAsins(intro) : [];
      media.push({
        absPath,
        shownAs: `${shownAs} > ${attachment.filename}`,
        asins: fromIntro.length > 0 ? fromIntro : findAsins(attachment.filename),
        caption: intro ? captionOfIntro(intro) : null,
      });
    }

    const facts: EmlFacts = {
      to: addresses(parsed.to),
      from: addresses(parsed.from)[0] ?? parsed.from?.text ?? null,
      subject: parsed.subject ?? null,
      bytes: info.size,
      attachments: attachments.map(({ filename, contentType, bytes }) => ({ filename, contentType, bytes })),
      docxPhotos,
      text,
    };
    return { facts, media, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
