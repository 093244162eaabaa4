import { AppealError } from '../common/errors.js';
import { findAsins } from '../appeal/asin.js';

/**
 * The Word file inside a built email, read back the way a reviewer sees it: the pictures in
 * document order with the label line and the sentence written above each, the paragraphs
 * (for the line that introduces the video), and every entry unpacked with a cap on what it
 * may inflate to.
 */

/** One picture in word/document.xml, in document order, with the text written before it. */
export interface DocxDrawing {
  relId: string;
  /** The closest paragraph before the picture that names an ASIN (else the closest text). */
  asinLine: string | null;
  asins: string[];
  /** The sentence describing the picture, when the document has one. */
  caption: string | null;
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

export function attribute(attrs: string, name: string): string | null {
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
export function afterLabel(line: string): string | null {
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

/** What the Word file inside may unpack to, all entries together (a built one: about its own size). */
const MAX_DOCX_UNPACKED = 100_000_000;

/**
 * Reads entries of the Word file, counting what they inflate to while they inflate: a
 * small zip that unpacks to gigabytes stops at the cap with one line, never fills memory.
 */
export function unpacker(zip: { file(name: string): { nodeStream(type: 'nodebuffer'): NodeJS.ReadableStream } | null }, shownAs: string) {
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

