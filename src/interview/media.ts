import { readdir } from 'node:fs/promises';
import { AppealError } from '../common/errors.js';
import { join } from 'node:path';
import { EXAMPLE_ASIN, findAsins, isExampleAsin, nearMissOf, parseAsinList } from '../appeal/asin.js';
import { captionProblem } from '../appeal/caption.js';
import { finishedOrWhy } from '../appeal/finished.js';
import { madeByAppeal, mediaSubfolders } from '../appeal/folders.js';
import { MAX_MEDIA, MIN_MEDIA } from '../appeal/progress.js';
import { commandFor, folderWords, shownPath } from '../appeal/shown.js';
import type { Media } from '../appeal/schema.js';
import { SIGN_FILES } from '../appeal/sign-files.js';
import { widthOf, wrap, type Session } from './session.js';

/** Extensions offered in the picker; `appeal check` judges the content later. */
const IMAGE = new Set(['jpg', 'jpeg', 'png', 'heic', 'heif', 'webp', 'tif', 'tiff']);
const VIDEO = new Set(['mp4', 'mov', 'm4v', 'avi', 'webm', 'mkv', '3gp']);

export function mediaKindOf(file: string): 'image' | 'video' | null {
  const ext = file.split('.').pop()?.toLowerCase() ?? '';
  if (IMAGE.has(ext)) return 'image';
  if (VIDEO.has(ext)) return 'video';
  return null;
}

/**
 * Photos and videos in dir and its usual sub-folders, as paths relative to dir with "/".
 * Pictures appeal drew itself (a contact sheet, the sign) are not the seller's photos.
 */
export async function findMediaFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  let root;
  try {
    root = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // No folder yet: nothing to offer. Anything else (no permission) is the seller's to know.
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw new AppealError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      file: dir,
      hint: 'Check the permissions of the folder that holds your photos.',
    });
  }
  for (const folder of ['', ...mediaSubfolders(root)]) {
    let entries;
    try {
      entries = folder ? await readdir(join(dir, folder), { withFileTypes: true }) : root;
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || !mediaKindOf(entry.name)) continue;
      if (SIGN_FILES.includes(entry.name.toLowerCase())) continue;
      if (await madeByAppeal(join(dir, folder, entry.name))) continue;
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
    for (const typedAsin of parseAsinList(typed).asins) {
      const asin = await checkNearMiss(session, typedAsin, known);
      if (!asins.includes(asin)) asins.push(asin);
    }
  }
  return asins;
}

/** A typed ASIN one character off a known one is most likely a typo: ask before keeping it. */
async function checkNearMiss(session: Session, asin: string, known: readonly string[]): Promise<string> {
  const meant = nearMissOf(asin, known);
  if (!meant) return asin;
  const named = session.appeal.notice?.asins.includes(meant) ? 'named in the notice' : 'given for another photo';
  return session.prompts.select<string>({
    message: `${asin} is one character away from ${meant} (${named}). Did you mean ${meant}?`,
    choices: [
      { value: meant, name: `Yes, ${meant}` },
      { value: asin, name: `No, keep ${asin}: it is another item of mine` },
    ],
  });
}

async function askCaption(session: Session, media: Media): Promise<string> {
  const kind = mediaKindOf(media.file) === 'video' ? 'video' : 'photo';
  const caption = await session.prompts.input({
    message: `In one sentence, what are you doing in this ${kind}?`,
    default: media.caption,
    prefill: media.caption ? 'editable' : 'tab',
    // The same judgement as the caption rule of \`appeal check\`, so what is accepted here passes there.
    validate: (value) => {
      const problem = captionProblem(value);
      if (problem?.kind === 'missing') return 'One short sentence, e.g. "Sanding the walnut bowl by hand at my bench."';
      if (problem?.kind === 'short') return 'Say a little more: who is doing what, e.g. "Glazing a mug by hand in my studio."';
      if (problem) {
        return `Keep it to one short sentence (now ${problem.chars} characters${problem.sentences > 1 ? ` in ${problem.sentences} sentences` : ''}); longer explanations go in your answers.`;
      }
      return finishedOrWhy(value.trim());
    },
  });
  return caption.trim();
}

/**
 * Pick the photos/videos, then label each with its ASIN(s) and one sentence. Starting over
 * never empties the saved list first: the old list stays until a new pick is saved, and a photo
 * picked again keeps its earlier ASINs and caption as the answers offered.
 */
export async function askMedia(session: Session, options: { startOver?: boolean } = {}): Promise<void> {
  const { appeal, c } = session;
  const complete = appeal.media.length >= MIN_MEDIA && appeal.media.length <= MAX_MEDIA;
  if (options.startOver || !complete) {
    const picked = await pickMedia(session);
    // Nothing to pick from: the saved list (if any) is left as it was.
    if (!picked) return;
  }
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

/** Shows the picker and saves the new list; false when there was nothing to pick from. */
async function pickMedia(session: Session): Promise<boolean> {
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
        wrap(
          `No photos or videos found in ${folderWords(dir)} or its photos/ folder. Put them there and run \`${commandFor('appeal init', dir)}\` again.`,
          widthOf(session),
          '  ',
        ),
      ),
    );
    return false;
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
  // A photo picked again keeps what the seller said about it; only a new one starts empty.
  const byFile = new Map(appeal.media.map((media) => [media.file, media]));
  appeal.media = picked.map((file) => byFile.get(file) ?? { file, asins: [] });
  await session.save();
  if (picked.length < MIN_MEDIA) {
    session.print(
      c.yellow(
        wrap(
          `${picked.length} picked; Amazon needs at least ${MIN_MEDIA}. Add more to ${shownPath(join(dir, 'photos'))} and run \`${commandFor('appeal init', dir)}\` again.`,
          widthOf(session),
          '  ',
        ),
      ),
    );
  }
  return true;
}
