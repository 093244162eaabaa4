import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLE_ASIN, findAsins, isExampleAsin, parseAsinList } from '../appeal/asin.js';
import { finishedOrWhy } from '../appeal/finished.js';
import { MAX_MEDIA, MIN_MEDIA } from '../appeal/progress.js';
import type { Media } from '../appeal/schema.js';
import { widthOf, wrap, type Session } from './session.js';

/** Extensions offered in the picker; `appeal check` judges the content later. */
const IMAGE = new Set(['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'tif', 'tiff']);
const VIDEO = new Set(['mp4', 'mov', 'm4v', 'avi', 'webm', 'mkv', '3gp']);
/** Sub-folders sellers naturally use; out/ (the built package) is never offered. */
const MEDIA_FOLDERS = ['', 'photos', 'videos', 'media'];

export function mediaKindOf(file: string): 'image' | 'video' | null {
  const ext = file.split('.').pop()?.toLowerCase() ?? '';
  if (IMAGE.has(ext)) return 'image';
  if (VIDEO.has(ext)) return 'video';
  return null;
}

/** Photos and videos in dir and its usual sub-folders, as paths relative to dir with "/". */
export async function findMediaFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of MEDIA_FOLDERS) {
    let entries;
    try {
      entries = await readdir(join(dir, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || !mediaKindOf(entry.name)) continue;
      found.push(folder ? `${folder}/${entry.name}` : entry.name);
    }
  }
  return found.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export function mediaDone(media: Media): boolean {
  return media.asins.length > 0 && Boolean(media.caption?.trim());
}

const OTHER = '\u0000other';

/**
 * Which ASIN(s) the photo shows: the notice's ASINs and those given for earlier photos as a
 * checklist (no retyping), then free typing for others.
 */
async function askAsins(session: Session, media: Media): Promise<string[]> {
  const { prompts } = session;
  const noticeAsins = session.appeal.notice?.asins ?? [];
  const usedAsins = session.appeal.media.filter((m) => m !== media).flatMap((m) => m.asins);
  const known = [...new Set([...noticeAsins, ...usedAsins])];
  const guess = media.asins.length > 0 ? media.asins : findAsins(media.file);
  const validateList = (value: string, required: boolean): true | string => {
    const { asins, invalid } = parseAsinList(value);
    if (invalid.length > 0) {
      return `Not an ASIN: ${invalid.join(', ')}. An ASIN is B0 followed by 8 letters or digits, e.g. ${EXAMPLE_ASIN}.`;
    }
    const examples = asins.filter(isExampleAsin);
    if (examples.length > 0) return `${examples.join(', ')} is only an example: type the ASIN of your own listing.`;
    if (required && asins.length === 0) return 'Type the ASIN of at least one item you sell that the photo shows.';
    return true;
  };

  if (known.length === 0) {
    const typed = await prompts.input({
      message: 'ASIN(s) of the item(s) it shows (several: separate with commas):',
      default: guess.join(', ') || undefined,
      prefill: guess.length ? 'editable' : 'tab',
      validate: (value) => validateList(value, true),
    });
    return parseAsinList(typed).asins;
  }

  const extra = guess.filter((asin) => !known.includes(asin));
  const picked = await prompts.checkbox<string>({
    message: 'Which ASIN(s) does it show? (space selects, Enter confirms)',
    choices: [
      ...known.map((asin) => ({
        value: asin,
        name: `${asin} ${noticeAsins.includes(asin) ? '(named in the notice)' : '(given for another photo)'}`,
        checked: guess.includes(asin),
      })),
      { value: OTHER, name: 'another ASIN of mine (type it next)', checked: extra.length > 0 },
    ],
    validate: (choices) => (choices.length > 0 ? true : 'Select at least one: every photo needs the ASIN of an item it shows.'),
  });
  const asins = picked.filter((value) => value !== OTHER);
  if (picked.includes(OTHER)) {
    const typed = await prompts.input({
      message: 'Other ASIN(s), separated by commas:',
      default: extra.join(', ') || undefined,
      prefill: extra.length ? 'editable' : 'tab',
      validate: (value) => validateList(value, asins.length === 0),
    });
    for (const asin of parseAsinList(typed).asins) if (!asins.includes(asin)) asins.push(asin);
  }
  return asins;
}

async function askCaption(session: Session, media: Media): Promise<string> {
  const kind = mediaKindOf(media.file) === 'video' ? 'video' : 'photo';
  const caption = await session.prompts.input({
    message: `In one sentence, what are you doing in this ${kind}?`,
    default: media.caption,
    prefill: media.caption ? 'editable' : 'tab',
    validate: (value) => {
      const text = value.trim();
      if (!text) return 'One short sentence, e.g. "Sanding the walnut bowl by hand at my bench."';
      if (text.length > 300) return `Keep it to one sentence (${text.length} characters now; under 300).`;
      return finishedOrWhy(text);
    },
  });
  return caption.trim();
}

/** Pick the photos/videos, then label each with its ASIN(s) and one sentence. */
export async function askMedia(session: Session, options: { startOver?: boolean } = {}): Promise<void> {
  const { appeal, c } = session;
  if (options.startOver) {
    appeal.media = [];
    await session.save();
  }
  const complete = appeal.media.length >= MIN_MEDIA && appeal.media.length <= MAX_MEDIA;
  if (!complete) await pickMedia(session);
  const todo = appeal.media.filter((media) => options.startOver || !mediaDone(media));
  if (todo.length > 0) {
    session.print(
      c.dim(wrap('\nFor each one: the ASIN(s) of the items it shows, and one sentence of what you are doing in it.', widthOf(session))),
    );
  }
  for (const media of todo) {
    const index = appeal.media.indexOf(media);
    session.print(`\n${c.bold(`${mediaKindOf(media.file) === 'video' ? 'Video' : 'Photo'} ${index + 1} of ${appeal.media.length}:`)} ${media.file}`);
    if (options.startOver || media.asins.length === 0) {
      media.asins = await askAsins(session, media);
      await session.save();
    }
    if (options.startOver || !media.caption?.trim()) {
      media.caption = await askCaption(session, media);
      await session.save();
    }
  }
}

async function pickMedia(session: Session): Promise<void> {
  const { appeal, c, dir } = session;
  const files = await findMediaFiles(dir);
  const chosen = new Set(appeal.media.map((media) => media.file));
  for (const media of appeal.media) if (!files.includes(media.file)) files.push(media.file);
  session.print(
    `\n${c.bold('Photos and videos')}\n` +
      c.dim(
        wrap(
          `Amazon wants ${MIN_MEDIA} to ${MAX_MEDIA} photos or videos of you making the items you list; give 4 or 5 in case one is refused. ` +
            'Your business name or logo must be in each one, printed on paper or a card, big enough to read.',
          widthOf(session),
          '  ',
        ),
      ),
  );
  if (files.length === 0) {
    session.print(
      c.yellow(
        wrap(`No photos or videos found in ${dir} or its photos/ folder. Put them there and run \`appeal init\` again.`, widthOf(session), '  '),
      ),
    );
    return;
  }
  const picked = await session.prompts.checkbox<string>({
    message: `Pick ${MIN_MEDIA} to ${MAX_MEDIA} (space selects, Enter confirms)`,
    choices: files.map((file) => ({
      value: file,
      name: mediaKindOf(file) === 'video' ? `${file} (video)` : file,
      checked: chosen.has(file),
    })),
    pageSize: 12,
    validate: (choices) => {
      if (choices.length === 0) return 'Pick at least one (Ctrl-C stops here; your answers are saved).';
      if (choices.length > MAX_MEDIA) return `Amazon accepts at most ${MAX_MEDIA}; ${choices.length} are selected.`;
      return true;
    },
  });
  const byFile = new Map(appeal.media.map((media) => [media.file, media]));
  appeal.media = picked.map((file) => byFile.get(file) ?? { file, asins: [] });
  await session.save();
  if (picked.length < MIN_MEDIA) {
    session.print(
      c.yellow(
        wrap(
          `${picked.length} picked; Amazon needs at least ${MIN_MEDIA}. Add more to ${join(dir, 'photos')} and run \`appeal init\` again.`,
          widthOf(session),
          '  ',
        ),
      ),
    );
  }
}
