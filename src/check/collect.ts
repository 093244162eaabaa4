// Longer than most modules: the three things `check` can be given (an appeal folder, a plain
// folder, a built .eml) become one CheckContext here, with the email-size estimate they share.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AppealError } from '../common/errors.js';
import { isInside } from '../common/paths.js';
import { madeByAppeal, mediaSubfolders } from '../appeal/folders.js';
import { findAsins, isAsin, normalizeAsin, parseAsinList } from '../appeal/asin.js';
import { base64BodyBytes, DEFAULT_EMAIL_BYTES } from '../appeal/size.js';
import { APPEAL_FILE, readAppeal } from '../appeal/store.js';
import type { Appeal, Media } from '../appeal/schema.js';
import type { ProbedFile } from '../media/types.js';
import type { CheckContext, CheckedFile, EmailEstimate, EmlFacts, Message, RuleLevels, Target } from '../rules/types.js';
import { SIGN_FILES } from '../appeal/sign-files.js';
import { probeAll } from './deps.js';
import { isEmlFile, readEml } from './eml.js';


/** What a Word file adds around its photos (XML, styles, relationships), zipped. */
const DOCX_OVERHEAD_BYTES = 30_000;
/** Email headers, MIME part headers, the cover note. */
const EMAIL_OVERHEAD_BYTES = 6_000;
const PART_HEADER_BYTES = 300;

export type ProgressStage = 'probe' | 'ocr';
export type ProgressListener = (stage: ProgressStage, done: number, total: number, file: string) => void;

export interface CollectOptions {
  /** --business-name: wins over appeal.json. */
  businessName?: string;
  /** --asins: a "B0A,B0B" list (validated here) or already-parsed ASINs. */
  asins?: string | readonly string[];
  now?: Date;
  limitBytes?: number;
  onProgress?: ProgressListener;
  /** Stops probing at the next file (the CLI aborts it on Ctrl-C). */
  signal?: AbortSignal;
  /** --listings: the seller's listings report (wins over appeal.json "listingsReport"). */
  listings?: string;
  /**
   * Called with the files about to be probed (absolute paths) and the appeal read, if any:
   * lets the name reader hash them and start its engine while the probe runs.
   */
  onListed?: (absPaths: string[], appeal: Appeal | null) => void;
}

export interface Collected {
  context: CheckContext;
  /** Per-rule levels from appeal.json `rules`. */
  levels: RuleLevels;
  /** The appeal.json that was read, as shown to the seller; null when there is none. */
  appealFile: string | null;
  /** Problems found while collecting (a listed file that does not exist). */
  messages: Message[];
  /** Removes temp files (the photos extracted from an .eml). */
  dispose: () => Promise<void>;
}

/** Files in a plain folder that are never the seller's photos. */
const IGNORED_NAMES = new Set([APPEAL_FILE, 'thumbs.db', 'desktop.ini', 'out', ...SIGN_FILES]);

/** Validates --asins; a typo must stop the check rather than silently check nothing. */
export function validateAsinOption(option: string | readonly string[]): string[] {
  const list = typeof option === 'string' ? parseAsinList(option) : splitList(option);
  if (list.invalid.length > 0) {
    throw new AppealError(`--asins: "${list.invalid[0]}" is not an ASIN.`, {
      exitCode: 2,
      hint: 'An ASIN is "B0" followed by 8 letters or digits, e.g. --asins B0EXAMPLE1,B0EXAMPLE2.',
    });
  }
  return list.asins;
}

function splitList(values: readonly string[]): { asins: string[]; invalid: string[] } {
  const asins: string[] = [];
  const invalid: string[] = [];
  for (const value of values) {
    if (isAsin(value)) {
      const asin = normalizeAsin(value);
      if (!asins.includes(asin)) asins.push(asin);
    } else invalid.push(value);
  }
  return { asins, invalid };
}

/**
 * What the email would weigh if the files were sent as they are: photos go inside the Word
 * file (about their own size: JPEG/PNG do not zip smaller), a video is attached, and each
 * attachment grows by a third in base64. Only what would be sent is counted: an empty or
 * unreadable file, an archive or a stray document is never part of the email (their own rules
 * say so), so it neither adds to the sum nor makes the photos look impossible to fit.
 */
export function estimateEmail(
  files: readonly Pick<ProbedFile, 'kind' | 'bytes' | 'error'>[],
  appeal: Appeal | null,
  limitBytes: number = DEFAULT_EMAIL_BYTES,
): EmailEstimate {
  const answersText = appeal
    ? Object.values(appeal.answers)
        .filter((v) => v !== undefined)
        .join('\n')
    : '';
  const textBytes = Buffer.byteLength(answersText, 'utf8');
  const sent = files.filter((f) => (f.kind === 'image' || f.kind === 'video') && !f.error);
  let docxBytes = DOCX_OVERHEAD_BYTES + textBytes;
  let attachments = 0;
  for (const file of sent) {
    if (file.kind === 'image') docxBytes += file.bytes;
    else attachments += base64BodyBytes(file.bytes) + PART_HEADER_BYTES;
  }
  // The answers also go in the email's own text part (quoted-printable, roughly its size).
  const estimatedBytes =
    EMAIL_OVERHEAD_BYTES + Math.ceil(textBytes * 1.05) + base64BodyBytes(docxBytes) + PART_HEADER_BYTES + attachments;
  // Everything that is sent is a photo or a video, which build recompresses; when even its
  // lowest quality cannot fit, build's planner refuses with the exact numbers (how much to trim).
  return { estimatedBytes, limitBytes, compressible: true };
}

async function statOrFail(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AppealError('does not exist.', {
        exitCode: 2,
        file: path,
        hint: 'Pass an appeal folder (with appeal.json), a folder of photos and videos, or a built .eml.',
      });
    }
    throw new AppealError(`cannot be read (${code ?? 'error'}).`, {
      exitCode: 2,
      file: path,
      hint: 'Check the permissions of the folder or file.',
      cause: error,
    });
  }
}

function toChecked(probed: ProbedFile, asins: string[], caption: string | null, nameConfirmed = false): CheckedFile {
  return { ...probed, asins, caption, businessName: null, ...(nameConfirmed ? { nameConfirmed } : {}) };
}

/**
 * Photos inside a built email that the seller confirmed in appeal.json: matched by their
 * caption (the document carries each photo's sentence), since the email has no file names.
 */
function confirmedByCaption(appeal: Appeal | null, caption: string | null): boolean {
  if (!appeal || !caption) return false;
  return appeal.media.some((m) => m.nameConfirmed === true && m.caption?.trim() === caption.trim());
}

function missingFile(shownAs: string, appealFile: string): Message {
  return {
    ruleId: 'missing-file',
    severity: 'error',
    message: `${appealFile} lists this file, but it is not there.`,
    file: shownAs,
    fixable: false,
    hint: 'Put the file back, or fix its path in appeal.json (paths are relative to the appeal folder).',
  };
}

function outsideFolder(shownAs: string, appealFile: string): Message {
  return {
    ruleId: 'media-outside-folder',
    severity: 'error',
    message: `${appealFile} lists this file, but it is outside the appeal folder, so it is not read or sent.`,
    file: shownAs,
    fixable: false,
    hint: 'Copy the photo or video into the appeal folder (or its photos/ folder) and list it by that path.',
  };
}

/** A media sub-folder of a plain folder: unreadable is the seller's to know, in one line. */
async function readSubfolder(abs: string, shownAs: string) {
  return readdir(abs, { withFileTypes: true }).catch((error: unknown) => {
    throw new AppealError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      exitCode: 2,
      file: shownAs,
      hint: 'Check the permissions of the folder.',
      cause: error,
    });
  });
}

/** Natural order, so 2.jpg comes before 10.jpg, as a file manager shows them. */
function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * The appeal.json next to a built .eml (dir/out/appeal.eml → dir/appeal.json), so preflight
 * knows the business name and the notified ASINs without flags. A broken one is ignored here:
 * the .eml is what is being checked.
 */
async function appealNear(emlFile: string): Promise<{ appeal: Appeal; dir: string } | null> {
  for (const dir of [dirname(emlFile), dirname(dirname(emlFile))]) {
    try {
      const appeal = await readAppeal(dir);
      if (appeal) return { appeal, dir };
    } catch {
      // unreadable or invalid appeal.json: not the subject of this check
    }
  }
  return null;
}

/** Turns the path the seller passed into everything the rules need. */
export async function collect(path: string, options: CollectOptions = {}): Promise<Collected> {
  const limitBytes = options.limitBytes ?? DEFAULT_EMAIL_BYTES;
  const optionAsins = options.asins === undefined ? null : validateAsinOption(options.asins);
  const info = await statOrFail(path);
  const abs = resolve(path);
  const onProbe = options.onProgress
    ? (done: number, total: number, file: ProbedFile) => options.onProgress?.('probe', done, total, file.file)
    : undefined;

  let target: Target;
  let appeal: Appeal | null;
  let appealFile: string | null = null;
  let files: CheckedFile[];
  let eml: EmlFacts | null = null;
  let email: EmailEstimate;
  /** The folder holding appeal.json, where its relative paths start. */
  let appealDir: string | null = null;
  const messages: Message[] = [];
  let dispose = async () => {};

  if (info.isFile()) {
    if (!(await isEmlFile(abs))) {
      throw new AppealError('is a single file, not a folder or a built email.', {
        exitCode: 2,
        file: path,
        hint: 'Pass the folder that holds your photos and video, your appeal folder, or out/appeal.eml.',
      });
    }
    target = 'eml';
    const reading = await readEml(abs, path, options.signal);
    dispose = reading.dispose;
    try {
      eml = reading.facts;
      const near = await appealNear(abs);
      appeal = near?.appeal ?? null;
      appealDir = near?.dir ?? null;
      if (near) appealFile = join(dirname(path), near.dir === dirname(abs) ? '' : '..', APPEAL_FILE);
      options.onListed?.(reading.media.map((m) => m.absPath), appeal);
      const probed = await probeAll(
        reading.media.map((m) => ({ absPath: m.absPath, shownAs: m.shownAs })),
        onProbe,
        options.signal,
      );
      files = probed.map((p, i) =>
        toChecked(p, reading.media[i]!.asins, reading.media[i]!.caption, confirmedByCaption(appeal, reading.media[i]!.caption)),
      );
    } catch (error) {
      await dispose();
      throw error;
    }
    email = {
      estimatedBytes: eml.bytes,
      limitBytes,
      compressible: files.every((f) => (f.kind === 'image' || f.kind === 'video') && !f.error),
    };
  } else if (info.isDirectory()) {
    appeal = await readAppeal(abs).catch((error: unknown) => {
      // Show the path the seller typed, not our absolute one.
      if (error instanceof AppealError) {
        throw new AppealError(error.message, { ...error.options, file: join(path, APPEAL_FILE) });
      }
      throw error;
    });
    if (appeal) {
      target = 'appeal';
      appealDir = abs;
      appealFile = join(path, APPEAL_FILE);
      const present: { absPath: string; shownAs: string; asins: string[]; caption: string | null; trim?: Media['trim']; nameConfirmed: boolean }[] = [];
      for (const media of appeal.media) {
        const shownAs = isAbsolute(media.file) ? media.file : join(path, media.file);
        const absPath = resolve(abs, media.file);
        if (!isInside(abs, absPath)) {
          // Never read, let alone send, a file from elsewhere on the disk that a shared appeal.json points at.
          messages.push(outsideFolder(shownAs, join(path, APPEAL_FILE)));
          continue;
        }
        const exists = await stat(absPath).then(
          () => true,
          () => false,
        );
        if (!exists) messages.push(missingFile(shownAs, join(path, APPEAL_FILE)));
        else {
          present.push({
            absPath,
            shownAs,
            asins: media.asins,
            caption: media.caption?.trim() || null,
            trim: media.trim,
            nameConfirmed: media.nameConfirmed === true,
          });
        }
      }
      options.onListed?.(present.map((p) => p.absPath), appeal);
      const probed = await probeAll(present, onProbe, options.signal);
      files = probed.map((p, i) => {
        const checked = toChecked(p, present[i]!.asins, present[i]!.caption, present[i]!.nameConfirmed);
        if (present[i]!.trim) checked.trim = present[i]!.trim;
        return checked;
      });
    } else {
      target = 'folder';
      // The folder itself and the sub-folders sellers use (photos/, videos/, media/), like init.
      const rootEntries = await readdir(abs, { withFileTypes: true }).catch((error: unknown) => {
        throw new AppealError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
          exitCode: 2,
          file: path,
          cause: error,
        });
      });
      const names: string[] = [];
      for (const folder of ['', ...mediaSubfolders(rootEntries)]) {
        const entries = folder ? await readSubfolder(join(abs, folder), join(path, folder)) : rootEntries;
        const here: string[] = [];
        for (const entry of entries) {
          if (entry.name.startsWith('.') || IGNORED_NAMES.has(entry.name.toLowerCase())) continue;
          const full = join(abs, folder, entry.name);
          let isFile = entry.isFile();
          if (entry.isSymbolicLink()) isFile = await stat(full).then((s) => s.isFile(), () => false);
          // A contact sheet or sign appeal drew is not one of the seller's photos.
          if (isFile && !(await madeByAppeal(full))) here.push(folder ? join(folder, entry.name) : entry.name);
        }
        names.push(...here.sort(byName));
      }
      options.onListed?.(names.map((name) => join(abs, name)), null);
      const probed = await probeAll(
        names.map((name) => ({ absPath: join(abs, name), shownAs: join(path, name) })),
        onProbe,
        options.signal,
      );
      files = probed.map((p, i) => toChecked(p, findAsins(basename(names[i]!)), null));
    }
    email = estimateEmail(files, appeal, limitBytes);
  } else {
    throw new AppealError('is neither a folder nor a file.', {
      exitCode: 2,
      file: path,
      hint: 'Pass an appeal folder, a folder of photos and videos, or a built .eml.',
    });
  }

  // The listings report: --listings as typed, or appeal.json's, relative to the appeal folder.
  let listings: CheckContext['listings'] = null;
  const reportInAppeal = typeof appeal?.listingsReport === 'string' ? appeal.listingsReport : null;
  if (options.listings || reportInAppeal) {
    const shown =
      options.listings ?? (isAbsolute(reportInAppeal!) ? reportInAppeal! : join(appealFile ? dirname(appealFile) : path, reportInAppeal!));
    const file = options.listings ? resolve(options.listings) : resolve(appealDir ?? abs, reportInAppeal!);
    const { readListingsReport } = await import('./listings.js');
    listings = { file: shown, asins: await readListingsReport(file, shown) };
  }

  const businessName = options.businessName?.trim() || appeal?.business.name?.trim() || null;
  const notifiedAsins = optionAsins ?? appeal?.notice?.asins ?? [];

  const context: CheckContext = {
    target,
    path,
    appeal,
    files,
    businessName,
    notifiedAsins,
    listings,
    now: options.now ?? new Date(),
    email,
    eml,
    ocr: false,
  };
  return { context, levels: { ...(appeal?.rules ?? {}) }, appealFile, messages, dispose };
}
