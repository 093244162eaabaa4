/**
 * The folder side of a new round: when a follow-up (or the acceptance) arrives after a build,
 * the previous out/ is kept as rounds/<n>/ (its .eml, .docx, media, report.json, and the notice
 * it answered), moved whole so every byte stays as it was sent, and never overwritten.
 */
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { AppealError } from './errors.js';
import { currentRound, receiveNotice, startsNewRound, type ReceivedNotice } from './rounds.js';
import type { Appeal, Notice, Sent } from './schema.js';
import { exists } from './store.js';

export const ROUNDS_DIR = 'rounds';

/** rounds/<n>, relative to the appeal folder, with "/" on every system. */
export function roundFolder(round: number): string {
  return `${ROUNDS_DIR}/${round}`;
}

interface BuiltPackage {
  builtAt?: string;
  emailBytes?: number;
  video?: boolean;
  email?: { to?: string; subject?: string };
}

/** The report of a build in `folder`, or null when there is no build there. */
async function readReport(folder: string): Promise<BuiltPackage | null> {
  let text: string;
  try {
    text = await readFile(join(folder, 'report.json'), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
  try {
    const report = JSON.parse(text) as unknown;
    return typeof report === 'object' && report !== null ? report : {};
  } catch {
    // A build whose report cannot be read is still a build: it is kept, only its details are unknown.
    return {};
  }
}

function sentFrom(report: BuiltPackage, folder: string, appeal: Appeal): Sent {
  const sent: Sent = { folder };
  if (typeof report.builtAt === 'string' && !Number.isNaN(Date.parse(report.builtAt))) {
    sent.builtAt = new Date(report.builtAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof report.email?.to === 'string') sent.to = report.email.to;
  if (typeof report.email?.subject === 'string') sent.subject = report.email.subject;
  if (typeof report.emailBytes === 'number' && Number.isInteger(report.emailBytes) && report.emailBytes >= 0) sent.emailBytes = report.emailBytes;
  if (typeof report.video === 'boolean') sent.video = report.video;
  // The answers and photos as they stood; the package itself holds the exact words sent.
  sent.answers = structuredClone(appeal.answers);
  sent.media = structuredClone(appeal.media);
  return sent;
}

export interface StartedRound extends ReceivedNotice {
  /**
   * Keeps the ended round's package; call it before saving appeal.json. Null when there is
   * nothing to keep. Returns what could not be added beside it (a copy of the notice), in words.
   */
  keep: (() => Promise<string[]>) | null;
  /** rounds/<n> of the ended round, when its package is (or will be) kept there. */
  keptIn: string | null;
}

/**
 * Records a notice read for the appeal in `dir`. When it starts a new round and `dir/out` holds
 * a build, that build becomes the ended round's package: the returned `keep` moves it to
 * rounds/<n>/. Nothing on disk changes until `keep` is called.
 */
export async function receiveNoticeIn(dir: string, appeal: Appeal, notice: Notice, options: { now?: Date } = {}): Promise<StartedRound> {
  if (!startsNewRound(appeal, notice)) {
    return { ...receiveNotice(appeal, notice, options), keep: null, keptIn: null };
  }
  const ending = currentRound(appeal)!;
  const folder = roundFolder(ending.round);
  const target = join(dir, folder);
  const out = join(dir, 'out');
  const [outReport, keptReport] = await Promise.all([readReport(out), readReport(target)]);

  if (keptReport && outReport) {
    throw new AppealError(`${folder}/ already holds round ${ending.round}'s package, and out/ holds another build.`, {
      file: target,
      hint: `appeal never overwrites an earlier round: move ${folder}/ or out/ elsewhere, then run appeal init --notice again.`,
    });
  }
  if (!keptReport && (await exists(target))) {
    throw new AppealError(`${folder}/ already exists and is not a package appeal kept.`, {
      file: target,
      hint: 'Move it elsewhere (appeal keeps each round there and never overwrites one), then run appeal init --notice again.',
    });
  }
  // Kept by an earlier run that stopped before saving appeal.json: record it, move nothing.
  const report = outReport ?? keptReport;
  const sentBefore = report ? sentFrom(report, folder, appeal) : undefined;
  const received = receiveNotice(appeal, notice, { ...options, ...(sentBefore ? { sentBefore } : {}) });
  if (!outReport) return { ...received, keep: null, keptIn: keptReport ? folder : null };

  const keep = async (): Promise<string[]> => {
    await mkdir(join(dir, ROUNDS_DIR), { recursive: true });
    // One rename: the package arrives whole, byte for byte, or not at all.
    await rename(out, target);
    // The notice beside it is a record, not the package: a copy that fails is said, not fatal.
    const missed: string[] = [];
    const record = async (what: string, write: () => Promise<void>) => {
      await write().catch((error: unknown) => {
        missed.push(`${what} could not be copied into ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      });
    };
    await record('the notice details', () =>
      writeFile(join(target, 'notice.json'), `${JSON.stringify(ending.notices, null, 2)}\n`, { flag: 'wx' }),
    );
    for (const [i, known] of ending.notices.entries()) {
      const source = await findSource(dir, known.source);
      if (!source) continue;
      const name = `notice${ending.notices.length > 1 ? `-${i + 1}` : ''}${extname(source) || '.txt'}`;
      await record(source, () => copyFile(source, join(target, name)));
    }
    return missed;
  };
  return { ...received, keep, keptIn: folder };
}

/** The notice file as given to `init --notice`, if it can still be found. */
async function findSource(dir: string, source: string | undefined): Promise<string | null> {
  if (!source) return null;
  for (const candidate of isAbsolute(source) ? [source] : [resolve(source), resolve(dir, source), resolve(dir, basename(source))]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Not there.
    }
  }
  return null;
}
