import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { createReadStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { AppealError } from '../common/errors.js';
import { throwIfCancelled } from '../common/cancel.js';
import { findAsins } from '../appeal/asin.js';
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

/** One picture in word/document.xml, in document order, with the text written before it. */
export interface DocxDrawing {
  relId: string;
  /** The closest paragraph before the picture that names an ASIN (else the closest text). */
  asinLine: string | null;
  asins: string[];
  /** The sentence describing the picture, when the document has one. */
  caption: string | null;
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attribute(attrs: string, name: string): string | null {
  const match = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return match ? match[1]! : null;
}

/**
 * The label line build writes above a picture: "The photo below shows ASIN B0…" (or, without
 * an ASIN, "The photo below shows an item from my shop"). Whatever else is written next to the
 * picture is the seller's caption, passed on as written: the caption rule alone judges it, the
 * same way it judges appeal.json.
 */
const PHOTO_LABEL = /^the (?:photo|picture|image) (?:below|above) shows\b/i;

function isLabelLine(line: string): boolean {
  return findAsins(line).length > 0 || PHOTO_LABEL.test(line);
}

/** The sentences of a label line after the label itself ("... shows ASIN B0…. Sanding it."), or null. */
function afterLabel(line: string): string | null {
  const sentences = line.split(/(?<=[.!?])\s+(?=\S)/);
  if (sentences.length < 2) return null;
  const rest = sentences.slice(1).filter((sentence) => findAsins(sentence).length === 0);
  return rest.join(' ').trim() || null;
}

/**
 * A video is introduced by one line: a sentence naming its ASINs, then the seller's caption
 * ("The attached video clip.mp4 shows ASIN B0…. Stitching a wallet by hand."). The caption is
 * what follows that first sentence; a line of one sentence has none.
 */
export function captionOfIntro(line: string): string | null {
  return afterLabel(line.trim());
}

/**
 * Walks word/document.xml once and, for every picture (a:blip r:embed, or the legacy
 * v:imagedata r:id), records the paragraphs written since the previous picture: the one
 * naming ASINs is the label line, the one that reads as a sentence is the caption.
 * A tokenizer rather than a paragraph regex, because text boxes nest paragraphs in drawings.
 */
export function docxDrawings(documentXml: string): DocxDrawing[] {
  const drawings: DocxDrawing[] = [];
  const stack: string[] = [];
  let recent: string[] = [];
  let inText = false;
  const token = /<(\/)?([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)([^>]*?)(\/)?>|([^<]+)/g;
  for (const match of documentXml.matchAll(token)) {
    const [, closing, name, attrs = '', selfClosing, text] = match;
    if (text !== undefined) {
      if (inText && stack.length > 0) stack[stack.length - 1] += decodeXml(text);
      continue;
    }
    if (name === 'w:p') {
      if (closing) {
        const done = (stack.pop() ?? '').trim();
        if (done) recent.push(done);
      } else if (!selfClosing) stack.push('');
    } else if (name === 'w:t') {
      inText = !closing && !selfClosing;
    } else if ((name === 'w:tab' || name === 'w:br') && stack.length > 0) {
      stack[stack.length - 1] += ' ';
    } else if (!closing && (name === 'a:blip' || name === 'v:imagedata')) {
      const relId = attribute(attrs, 'r:embed') ?? attribute(attrs, 'r:id');
      if (!relId) continue;
      const before = [...recent];
      const current = (stack.at(-1) ?? '').trim();
      if (current) before.push(current);
      // The label is the line worded as one ("The photo below shows ASIN ..."); a caption may
      // name an ASIN too ("Tracing the template of the wallet (ASIN B0...)"), so only without
      // such a line does the last line naming ASINs count as the label.
      const worded = before.findLastIndex((line) => PHOTO_LABEL.test(line));
      const labelAt = worded >= 0 ? worded : before.findLastIndex(isLabelLine);
      const asinLine = labelAt >= 0 ? before[labelAt]! : (before.at(-1) ?? null);
      // The caption sits between the label and the picture (build's layout); without a label,
      // it is the line right above the picture.
      const caption =
        labelAt >= 0
          ? before.slice(labelAt + 1).join(' ').trim() || afterLabel(before[labelAt]!)
          : (before.at(-1) ?? null);
      drawings.push({ relId, asinLine, asins: asinLine ? findAsins(asinLine) : [], caption: caption || null });
      // Text after a picture belongs to the next one.
      recent = [];
      if (stack.length > 0) stack[stack.length - 1] = '';
    }
  }
  return drawings;
}

/** All paragraph texts of a document.xml, for finding the line that introduces the video. */
export function docxParagraphs(documentXml: string): string[] {
  const paragraphs: string[] = [];
  for (const match of documentXml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)) {
    const text = [...match[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1]!)).join('');
    if (text.trim()) paragraphs.push(text.trim());
  }
  return paragraphs;
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


/** A built email is under 20 MB; one ten times that is not an appeal email, and is not read into memory. */
const MAX_EML_BYTES = 200_000_000;
/** What the Word file inside may unpack to, all entries together (a built one: about its own size). */
const MAX_DOCX_UNPACKED = 100_000_000;

/**
 * Reads entries of the Word file, counting what they inflate to while they inflate: a
 * small zip that unpacks to gigabytes stops at the cap with one line, never fills memory.
 */
function unpacker(zip: { file(name: string): { nodeStream(type: 'nodebuffer'): NodeJS.ReadableStream } | null }, shownAs: string) {
  let left = MAX_DOCX_UNPACKED;
  return async (name: string): Promise<Buffer | undefined> => {
    const entry = zip.file(name);
    if (!entry) return undefined;
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        left -= chunk.length;
        if (left >= 0) chunks.push(chunk);
        else {
          stream.removeAllListeners('data');
          stream.pause();
          reject(
            new AppealError(`unpacks to more than ${MAX_DOCX_UNPACKED / 1_000_000} MB, far more than a Word file of an appeal; it was not read further.`, {
              file: shownAs,
              hint: 'Check the .eml that `appeal build` wrote (out/appeal.eml).',
            }),
          );
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    return Buffer.concat(chunks);
  };
}

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
