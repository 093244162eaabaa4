// Longer than most modules: every sentence that goes to Amazon is made here, once, for both the
// Word file and the email text, so the two can never say different things.
import { readFile } from 'node:fs/promises';
import { isExampleAsin } from '../appeal/asin.js';
import { unfinishedParts } from '../appeal/finished.js';
import { mediaQuestionWithoutVideo } from '../appeal/questions.js';
import type { Appeal, Question } from '../appeal/schema.js';

/**
 * What the Word file and the email text both say, built once so the two never disagree: the
 * title, each question with its answer, and the photos and video with the ASIN line and caption
 * that go before each of them.
 *
 * Every word here is read by the person at Amazon who decides, so nothing of the tool reaches
 * them: no placeholders, no instructions, no claims that were not checked. What cannot be said
 * truthfully is left out, and `notes` tells the seller on the terminal what was left out and why.
 */

export interface PhotoItem {
  /** The seller's file, as written in appeal.json. */
  source: string;
  /** The recompressed copy that goes into the Word file. */
  path: string;
  format: 'jpg' | 'png';
  width: number;
  height: number;
  asins: string[];
  caption: string | null;
  /**
   * The business name is known to be readable in this photo: the check's OCR found it, or the
   * seller confirmed it (media[].nameConfirmed). Only then may the cover note say so.
   */
  nameShown?: boolean;
}

export interface VideoItem {
  source: string;
  path: string;
  /** The attachment's file name in the email. */
  fileName: string;
  asins: string[];
  caption: string | null;
}

export interface Section {
  id: string;
  text: string;
  kind: 'text' | 'number' | 'media';
  /** The answer under the question itself; null when it is answered through its points (sub). */
  answer: string | null;
  /** The points under the question that have answers (media: the photo requirements, no answers). */
  sub: { id: string; text: string; answer: string | null }[];
}

export interface AppealContent {
  /** The business name, or "my shop" in running text when appeal.json has none. */
  businessName: string;
  hasName: boolean;
  /** The ASINs the notice named (else every ASIN the photos show). */
  asins: string[];
  /** The ASINs came from Amazon's notice (so "you asked about" is true). */
  asinsFromNotice: boolean;
  followUp: boolean;
  title: string;
  sections: Section[];
  photos: PhotoItem[];
  video: VideoItem | null;
  /** For the seller's terminal, never for Amazon: what was left out of the package and why. */
  notes: string[];
}

/** The name of the Word file on disk (out/appeal.docx, fixed by the design). */
export const DOCX_NAME = 'appeal.docx';

/** A text the seller wrote, ready to print, or null when it is empty or not finished. */
function finishedText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string' || !value.trim()) return null;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return unfinishedParts(text).length === 0 ? text : null;
}

function isMediaQuestion(question: Question): boolean {
  return question.kind === 'media' || question.id === 'media';
}

const OPTIONAL = new Set(['additional']);

/** What the seller reads when an answer is left out: why, and how to put it back. */
function leftOutNote(label: string, value: unknown, optional: boolean): string | null {
  const blank = value === undefined || value === null || (typeof value === 'string' && !value.trim());
  if (blank) return optional ? null : `Left out: ${label} has no answer (add it with appeal init).`;
  return `Left out: ${label} still holds template text (finish it with appeal init).`;
}

function label(question: { id: string; text: string }): string {
  const text = question.text.length > 60 ? `${question.text.slice(0, 57)}...` : question.text;
  return `the answer to "${text}"`;
}

/**
 * The sections in the question order. A question without a usable answer is left out (never
 * printed empty or with a placeholder); so is a point under a question. The photo question is
 * the photo-only wording when the package carries no video.
 */
export function sectionsOf(
  appeal: Appeal,
  questions: readonly Question[],
  options: { video?: boolean; notes?: string[] } = {},
): Section[] {
  const notes = options.notes ?? [];
  const answers = appeal.answers as Record<string, unknown>;
  const sections: Section[] = [];
  for (const question of questions) {
    if (isMediaQuestion(question)) {
      const asked = options.video === false ? mediaQuestionWithoutVideo() : question;
      sections.push({
        id: question.id,
        text: asked.text,
        kind: 'media',
        answer: null,
        sub: (asked.sub ?? []).map((sub) => ({ id: sub.id, text: sub.text, answer: null })),
      });
      continue;
    }
    const kind = question.kind === 'number' ? 'number' : 'text';
    const subs = question.sub ?? [];
    if (subs.length === 0) {
      const answer = finishedText(answers[question.id]);
      if (answer === null) {
        const note = leftOutNote(label(question), answers[question.id], OPTIONAL.has(question.id));
        if (note) notes.push(note);
        continue;
      }
      sections.push({ id: question.id, text: question.text, kind, answer, sub: [] });
      continue;
    }
    const sub: Section['sub'] = [];
    for (const point of subs) {
      const answer = finishedText(answers[point.id]);
      if (answer === null) {
        const note = leftOutNote(label(point), answers[point.id], OPTIONAL.has(point.id));
        if (note) notes.push(note);
        continue;
      }
      sub.push({ id: point.id, text: point.text, answer });
    }
    // A question answered through its points, some of which may be answered at the top too.
    const own = finishedText(answers[question.id]);
    if (sub.length === 0 && own === null) continue;
    sections.push({ id: question.id, text: question.text, kind, answer: own, sub });
  }
  if (!sections.some((section) => section.kind === 'media')) {
    // The photos must go somewhere even when the notice's questions were not recognised.
    const asked = options.video === false ? mediaQuestionWithoutVideo() : { text: 'Photos of the production process' };
    const at = sections.findIndex((section) => section.id === 'additional');
    const media: Section = { id: 'media', text: asked.text, kind: 'media', answer: null, sub: [] };
    sections.splice(at >= 0 ? at : sections.length, 0, media);
  }
  return sections;
}

/** "ASIN B0EXAMPLE1", "ASINs B0EXAMPLE1 and B0EXAMPLE2", "ASINs A, B and C". */
export function asinList(asins: readonly string[]): string {
  if (asins.length === 0) return '';
  const word = asins.length === 1 ? 'ASIN' : 'ASINs';
  const names = asins.length === 1 ? asins[0]! : `${asins.slice(0, -1).join(', ')} and ${asins.at(-1)!}`;
  return `${word} ${names}`;
}

/** The line right above a photo; null for a photo without an ASIN (no line rather than an empty one). */
export function photoAsinLine(asins: readonly string[]): string | null {
  return asins.length > 0 ? `The photo below shows ${asinList(asins)}.` : null;
}

/** One line introducing the video: its file name, its ASINs and what happens in it. */
export function videoLine(video: VideoItem): string {
  const caption = captionSentence(video.caption);
  const head =
    video.asins.length > 0
      ? `The attached video ${video.fileName} shows ${asinList(video.asins)}.`
      : `The attached video is ${video.fileName}.`;
  return caption ? `${head} ${caption}` : head;
}

function ensureSentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The caption as one finished sentence, or null when there is none (or it is not finished). */
export function captionSentence(caption: string | null): string | null {
  const text = finishedText(caption);
  return text ? ensureSentence(text) : null;
}

/** Words that would refer to a video in a package that has none. */
const VIDEO_WORDS = /\b(?:videos?|mp4|clips?|footage|film(?:ed|ing)?)\b/i;

export function contentOf(
  appeal: Appeal,
  questions: readonly Question[],
  photos: PhotoItem[],
  video: VideoItem | null,
): AppealContent {
  const notes: string[] = [];
  const name = appeal.business.name?.trim();
  const hasName = Boolean(name) && unfinishedParts(name!).length === 0;
  const businessName = hasName ? name! : 'my shop';
  // Example ASINs (from a hint) name no listing: they are never printed.
  const real = (asins: readonly string[]) => asins.filter((asin) => !isExampleAsin(asin));
  const cleanPhotos = photos.map((photo) => {
    const asins = real(photo.asins);
    if (asins.length === 0) {
      notes.push(`${photo.source} has no ASIN, so no ASIN line stands above it (Amazon may not count it).`);
    }
    if (photo.caption?.trim() && captionSentence(photo.caption) === null) {
      notes.push(`Left out: the caption of ${photo.source} still holds template text.`);
    }
    return { ...photo, asins };
  });
  const cleanVideo = video ? { ...video, asins: real(video.asins) } : null;
  const named = real(appeal.notice?.asins ?? []);
  const shown = [...new Set([...cleanPhotos.flatMap((p) => p.asins), ...(cleanVideo?.asins ?? [])])];
  const followUp = appeal.notice?.kind === 'follow-up';
  const sections = sectionsOf(appeal, questions, { video: cleanVideo !== null, notes });
  if (!cleanVideo) {
    // With no video attached, nothing may refer to one (a re-appeal without it says nothing of it).
    const printed = sections.flatMap((section) => [
      ...(section.answer !== null ? [{ id: section.id, text: section.answer }] : []),
      ...section.sub.map((point) => ({ id: point.id, text: point.answer ?? '' })),
    ]);
    for (const { id } of printed.filter(({ text }) => VIDEO_WORDS.test(text))) {
      notes.push(`answers.${id} mentions a video, but this package has none: reword it (appeal init) before sending.`);
    }
    for (const photo of cleanPhotos) {
      if (photo.caption && VIDEO_WORDS.test(photo.caption)) notes.push(`The caption of ${photo.source} mentions a video, but this package has none.`);
    }
  }
  return {
    businessName,
    hasName,
    asins: named.length > 0 ? named : shown,
    asinsFromNotice: named.length > 0,
    followUp,
    title: hasName ? `${businessName}: how the items are made` : 'How the items are made',
    sections,
    photos: cleanPhotos,
    video: cleanVideo,
    notes,
  };
}

/** Collapses every line break and control character: header values come from seller text. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function subjectOf(content: AppealContent): string {
  const shown = content.asins.slice(0, 5);
  const more = content.asins.length > shown.length ? ` and ${content.asins.length - shown.length} more` : '';
  const asins = shown.length > 0 ? ` (${shown.length === 1 ? 'ASIN' : 'ASINs'} ${shown.join(', ')}${more})` : '';
  const what = content.followUp ? 'Additional information for the Handmade review' : 'Handmade review';
  return oneLine(content.hasName ? `${what}: ${content.businessName}${asins}` : `${what}${asins}`);
}

/** The name the Word file has as an attachment: the business's, never the tool's. */
export function docxAttachmentName(content: Pick<AppealContent, 'hasName' | 'businessName'>): string {
  const name = content.hasName
    ? content.businessName.normalize('NFC').replace(/[^\p{L}\p{N} &'.,-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)
    : '';
  return name ? `${name} - Handmade review.docx` : 'Handmade review.docx';
}

// ------------------------------------------------------------------ the cover note

export interface CoverTemplate {
  /** The note, with {{name}} slots. */
  frame: string;
  /** Named sentences the build chooses from (also with {{name}} slots). */
  sentences: Map<string, string>;
}

/**
 * templates/cover-note.md: the note's frame, then after a line "---" the sentences it is made
 * of, one "key: sentence" per line. Comments (<!-- -->) are never sent.
 */
export function parseCover(text: string): CoverTemplate {
  const plain = text.replace(/<!--[\s\S]*?-->\s*\n?/g, '');
  const [frame = '', list = ''] = plain.split(/^---\s*$/m);
  const sentences = new Map<string, string>();
  for (const line of list.split(/\r?\n/)) {
    const match = /^([\w.-]+):\s*(.+)$/.exec(line.trim());
    if (match) sentences.set(match[1]!, match[2]!.trim());
  }
  return { frame: frame.trim(), sentences };
}

async function coverTemplate(): Promise<CoverTemplate> {
  return parseCover(await readFile(new URL('../../templates/cover-note.md', import.meta.url), 'utf8'));
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

/** Fills the frame; lines whose placeholders are all empty are dropped. */
export function fillCover(template: string, values: Record<string, string>): string {
  const withoutComments = template.replace(/<!--[\s\S]*?-->\s*\n?/g, '');
  const lines: string[] = [];
  for (const line of withoutComments.split(/\r?\n/)) {
    const names = [...line.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    if (names.length > 0 && names.every((name) => !values[name])) continue;
    lines.push(fill(line, values));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The cover note, saying only what is true: the ASINs Amazon asked about only when the notice
 * named them, the business name in every photo only when each one was read by the check or
 * confirmed by the seller, and the video only when one is attached.
 */
export function coverNote(content: AppealContent, appeal: Appeal, template: CoverTemplate): string {
  const say = (key: string, values: Record<string, string>): string => {
    const sentence = template.sentences.get(key);
    if (sentence === undefined) throw new Error(`templates/cover-note.md has no sentence "${key}"`);
    return fill(sentence, values);
  };
  const photoCount = content.photos.length === 1 ? 'one photo' : `${content.photos.length} photos`;
  const values = { business: content.businessName, asins: asinList(content.asins), photoCount };
  const opening = content.followUp
    ? say(content.asinsFromNotice ? 'opening.followUp' : 'opening.followUp.plain', values)
    : say(content.asinsFromNotice ? 'opening.asins' : 'opening.plain', values);
  const photos = [say('photos', values)];
  if (content.photos.length > 0 && content.photos.every((photo) => photo.nameShown === true)) photos.push(say('photos.name', values));
  if (content.photos.length > 0 && content.photos.every((photo) => photo.asins.length > 0)) photos.push(say('photos.asins', values));
  const signature = oneLine(appeal.business.person ?? '');
  return fillCover(template.frame, {
    opening,
    photos: photos.join(' '),
    video: content.video ? videoLine(content.video) : '',
    signature: signature && unfinishedParts(signature).length === 0 ? signature : content.businessName,
  });
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** The email's text body: the cover note, then every question with its answer. */
export async function emailText(content: AppealContent, appeal: Appeal): Promise<string> {
  const parts: string[] = [coverNote(content, appeal, await coverTemplate()), '', '----------------------------------------', ''];
  content.sections.forEach((section, i) => {
    parts.push(`${i + 1}. ${section.text}`);
    if (section.kind === 'media') {
      for (const sub of section.sub) parts.push(`   - ${sub.text}`);
      parts.push('');
      parts.push('Photos (shown in the attached Word document):');
      content.photos.forEach((photo, n) => {
        const line = [photo.asins.length > 0 ? `${asinList(photo.asins)}.` : '', captionSentence(photo.caption) ?? ''].filter(Boolean).join(' ');
        parts.push(`  Photo ${n + 1}${line ? `: ${line}` : ''}`);
      });
      if (content.video) parts.push('', videoLine(content.video));
      parts.push('');
      return;
    }
    if (section.answer !== null) parts.push(section.answer);
    for (const sub of section.sub) {
      parts.push('', `   - ${sub.text}`, indent(sub.answer ?? '', '     '));
    }
    parts.push('');
  });
  return `${parts.join('\n').trim()}\n`;
}
