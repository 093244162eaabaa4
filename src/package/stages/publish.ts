import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppealError } from '../../common/errors.js';
import { isInside } from '../../common/paths.js';
import type { BuildSettings } from './settings.js';

/**
 * Publishing the package: the build writes into a temp folder beside out/ and only swaps it
 * into place at the end, so an interrupted or failed build leaves the previous out/ as it
 * was. out/ is replaced as a whole, so it must be unmistakably ours: every package carries
 * a mark file, and any other folder with files in it is refused.
 */

/** The mark in every out/ folder a build wrote. */
export const OUT_MARK = '.appeal-build';
const MARK_TEXT =
  'This folder was written by `appeal build` and is replaced as a whole by the next build.\n' +
  'Keep your own files elsewhere.\n';

/** What an out/ folder of a build from before the mark existed holds. */
const LEGACY_NAMES = new Set(['report.json', 'appeal.docx', 'appeal.eml', 'media']);

const pickOwnFolder = 'Pick an output folder of its own, e.g. the default dir/out.';

async function isLegacyPackage(out: string, names: readonly string[]): Promise<boolean> {
  if (!names.every((name) => LEGACY_NAMES.has(name)) || !names.includes('report.json')) return false;
  try {
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { outputs?: { eml?: unknown } };
    return report.outputs?.eml === 'appeal.eml';
  } catch {
    // Not our report (unreadable or not JSON): the folder is not ours either.
    return false;
  }
}

/** Refuses an out/ folder that is not ours to replace, before anything is encoded. */
export async function checkOutFolder(settings: BuildSettings, sources: readonly string[]): Promise<void> {
  const { out, outShown, absDir } = settings;
  if (isInside(out, absDir)) {
    throw new AppealError(`--out ${outShown} would replace the appeal folder itself.`, { hint: pickOwnFolder });
  }
  if (sources.some((file) => isInside(out, file))) {
    throw new AppealError(`--out ${outShown} holds your own photos or video, and build replaces that folder.`, { hint: pickOwnFolder });
  }
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new AppealError(`--out ${outShown} is not a folder build can write (${code ?? 'unreadable'}).`, { hint: pickOwnFolder });
  }
  if (names.length === 0 || names.includes(OUT_MARK) || (await isLegacyPackage(out, names))) return;
  throw new AppealError(`--out ${outShown} already holds files that appeal build did not write; building would replace them.`, {
    hint: 'Pick a new or empty folder, or move those files first.',
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const TEMP_NAME = /^\.(.+)\.(?:building|previous)-(\d+)-[0-9a-f]+$/;

/** A build killed with SIGKILL cannot clean up; the next build removes what it left. */
async function removeStaleTemps(out: string): Promise<void> {
  const names = await readdir(dirname(out)).catch((): string[] => []);
  await Promise.all(
    names.map(async (name) => {
      const match = TEMP_NAME.exec(name);
      if (!match || match[1] !== basename(out)) return;
      if (Number(match[2]) !== process.pid && alive(Number(match[2]))) return;
      await rm(join(dirname(out), name), { recursive: true, force: true });
    }),
  );
}

/** Temp folders are named after the out folder and the pid, so a stale one can be recognised. */
function tempName(out: string, kind: 'building' | 'previous'): string {
  return join(dirname(out), `.${basename(out)}.${kind}-${process.pid}-${randomBytes(3).toString('hex')}`);
}

/** The folder the package is written into, with its media/ subfolder and the mark. */
export async function makeStaging(out: string): Promise<{ temp: string; mediaDir: string }> {
  await mkdir(dirname(out), { recursive: true });
  await removeStaleTemps(out);
  const temp = tempName(out, 'building');
  const mediaDir = join(temp, 'media');
  await mkdir(mediaDir, { recursive: true });
  await writeFile(join(temp, OUT_MARK), MARK_TEXT);
  return { temp, mediaDir };
}

/** Swaps the finished package into place: the old out/ is moved aside and removed only once the new one is there. */
export async function publish(temp: string, out: string): Promise<void> {
  const previous = tempName(out, 'previous');
  let hadPrevious = false;
  try {
    await rename(out, previous);
    hadPrevious = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(temp, out);
  } catch (error) {
    if (hadPrevious) await rename(previous, out);
    throw error;
  }
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}
