import { readFile } from 'node:fs/promises';
import type { Appeal, Question } from '../appeal/schema.js';
import { questionsOf } from '../appeal/questions.js';

/**
 * What the Word file and the email text both say, built once so the two never
 * disagree: the title, each question with its answer, and the photos and video
 * with the ASIN line and caption that go before each of them.
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
  answer: string | null;
  sub: { id: string; text: string; answer: string | null }[];
}

export interface AppealContent {
  /** The business name, or "my shop" in running text when appeal.json has none. */
  businessName: string;
  hasName: boolean;
  /** The ASINs the notice named (else every ASIN the photos show). */
  asins: string[];
  followUp: boolean;
  title: string;
  sections: Section[];
  photos: PhotoItem[];
  video: VideoItem | null;
}

export const DOCX_NAME = 'appeal.docx';
export const DEFAULT_REPLY_TO = 'handmade-store-appeal-review@amazon.com';
export const MISSING_ANSWER = '[answer missing: add it with `appeal init`]';

/** The questions the appeal answers (the notice's own wording, or the default set). */
export async function loadQuestionsOf(): Promise<(appeal: Appeal) => Question[]> {
  return questionsOf;
}

function answerOf(appeal: Appeal, id: string): string | null {
  const value = (appeal.answers as Record<string, unknown>)[id];
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && value.trim()) return value.replace(/\r\n?/g, '\n').trim();
  return null;
}

function isMediaQuestion(question: Question): boolean {
  return question.kind === 'media' || question.id === 'media';
}

/** The sections in the notice's order; a follow-up only asks for the photos and more details. */
export function sectionsOf(appeal: Appeal, questions: readonly Question[]): Section[] {
  const followUp = appeal.notice?.kind === 'follow-up';
  const sections: Section[] = [];
  for (const question of questions) {
    const media = isMediaQuestion(question);
    if (followUp && !media && question.id !== 'additional') continue;
    sections.push({
      id: question.id,
      text: question.text,
      kind: media ? 'media' : question.kind === 'number' ? 'number' : 'text',
      answer: media ? null : answerOf(appeal, question.id),
      sub: (question.sub ?? []).map((sub) => ({
        id: sub.id,
        text: sub.text,
        answer: media ? null : answerOf(appeal, sub.id),
      })),
    });
  }
  if (!sections.some((section) => section.kind === 'media')) {
    // The photos must go somewhere even when the notice's questions were not recognised.
    const at = sections.findIndex((section) => section.id === 'additional');
    const media: Section = { id: 'media', text: 'Photos of my production process', kind: 'media', answer: null, sub: [] };
    sections.splice(at >= 0 ? at : sections.length, 0, media);
  }
  return sections;
}

/** "ASIN B0EXAMPLE1", "ASINs B0EXAMPLE1 and B0EXAMPLE2", "ASINs A, B and C". */
export function asinList(asins: readonly string[]): string {
  if (asins.length === 0) return 'no ASIN';
  const label = asins.length === 1 ? 'ASIN' : 'ASINs';
  const names = asins.length === 1 ? asins[0]! : `${asins.slice(0, -1).join(', ')} and ${asins.at(-1)!}`;
  return `${label} ${names}`;
}

/** The line right above a photo. */
export function photoAsinLine(asins: readonly string[]): string {
  return asins.length > 0
    ? `The photo below shows ${asinList(asins)}.`
    : 'The photo below shows an item from my shop (ASIN not given).';
}

/** One line introducing the video: its file name, its ASINs and what happens in it. */
export function videoLine(video: VideoItem): string {
  const what = video.asins.length > 0 ? `shows ${asinList(video.asins)}` : 'shows my workshop';
  const caption = video.caption ? ` ${ensureSentence(video.caption)}` : '';
  return `The attached video ${video.fileName} ${what}.${caption}`;
}

function ensureSentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function captionSentence(caption: string | null): string | null {
  return caption && caption.trim() ? ensureSentence(caption) : null;
}

export function contentOf(
  appeal: Appeal,
  questions: readonly Question[],
  photos: PhotoItem[],
  video: VideoItem | null,
): AppealContent {
  const businessName = appeal.business.name?.trim() || 'my shop';
  const named = appeal.notice?.asins ?? [];
  const shown = [...new Set([...photos.flatMap((p) => p.asins), ...(video?.asins ?? [])])];
  const asins = named.length > 0 ? [...named] : shown;
  const followUp = appeal.notice?.kind === 'follow-up';
  return {
    businessName,
    asins,
    followUp,
    hasName: Boolean(appeal.business.name?.trim()),
    title: `${appeal.business.name?.trim() ? `${businessName}: ` : ''}${
      followUp ? 'additional information for the Handmade review' : 'how our handmade items are made'
    }`.replace(/^./, (c) => c.toUpperCase()),
    sections: sectionsOf(appeal, questions),
    photos,
    video,
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

async function coverTemplate(): Promise<string> {
  return readFile(new URL('../../templates/cover-note.md', import.meta.url), 'utf8');
}

/** Fills templates/cover-note.md; lines whose placeholders are all empty are dropped. */
export function fillCover(template: string, values: Record<string, string>): string {
  const withoutComments = template.replace(/<!--[\s\S]*?-->\s*\n?/g, '');
  const lines: string[] = [];
  for (const line of withoutComments.split(/\r?\n/)) {
    const names = [...line.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    if (names.length > 0 && names.every((name) => !values[name])) continue;
    lines.push(line.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? ''));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** The email's text body: the cover note, then every question with its answer. */
export async function emailText(content: AppealContent, appeal: Appeal): Promise<string> {
  const photoCount = content.photos.length === 1 ? 'one photo' : `${content.photos.length} photos`;
  const cover = fillCover(await coverTemplate(), {
    business: content.businessName,
    asins: content.asins.length > 0 ? asinList(content.asins) : 'my listings',
    docxName: DOCX_NAME,
    photoCount,
    videoSentence: content.video ? videoLine(content.video) : '',
    signature: oneLine(appeal.business.person ?? '') || content.businessName,
  });
  const parts: string[] = [cover, '', '----------------------------------------', ''];
  content.sections.forEach((section, i) => {
    parts.push(`${i + 1}. ${section.text}`);
    if (section.kind === 'media') {
      for (const sub of section.sub) parts.push(`   - ${sub.text}`);
      parts.push('');
      parts.push(`Photos (shown in the attached ${DOCX_NAME}):`);
      content.photos.forEach((photo, n) => {
        const caption = captionSentence(photo.caption);
        parts.push(`  Photo ${n + 1}: ${asinList(photo.asins)}.${caption ? ` ${caption}` : ''}`);
      });
      if (content.video) parts.push('', videoLine(content.video));
      parts.push('');
      return;
    }
    if (section.answer || section.sub.length === 0) parts.push(section.answer ?? MISSING_ANSWER);
    for (const sub of section.sub) {
      parts.push('', `   - ${sub.text}`, indent(sub.answer ?? MISSING_ANSWER, '     '));
    }
    parts.push('');
  });
  return `${parts.join('\n').trim()}\n`;
}
