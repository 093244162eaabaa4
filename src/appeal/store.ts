import { readFile } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppealError } from '../common/errors.js';
import { exists, writeFileAtomic } from '../common/files.js';
import { commandFor, folderWords } from './shown.js';
import { AppealSchema, describeIssues, type Appeal } from './schema.js';

// Shared file helpers, re-exported for the callers that know them from here.
export { exists, writeFileAtomic };

export const APPEAL_FILE = 'appeal.json';

export function appealPath(dir: string): string {
  return join(dir, APPEAL_FILE);
}

/** Turns parsed JSON into an Appeal, or an AppealError listing every bad field. */
export function validateAppeal(data: unknown, file = APPEAL_FILE): Appeal {
  const result = AppealSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  throw new AppealError(`invalid appeal.json: ${problems.join('; ')}.`, {
    file,
    hint: 'Fix the field(s) named, or run `appeal init` to answer again.',
  });
}

/** Reads and validates dir/appeal.json. Returns null when the file does not exist. */
export async function readAppeal(dir: string): Promise<Appeal | null> {
  const file = appealPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppealError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      file,
      cause: error,
    });
  }
  return parseAppealText(text, file);
}

/** JSON text (a byte-order mark allowed), or an AppealError naming the file and how to fix it. */
export function parseJsonText(text: string, file: string, hint: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppealError(`is not valid JSON (${(error as Error).message}).`, { file, hint });
  }
}

export function parseAppealText(text: string, file = APPEAL_FILE): Appeal {
  return validateAppeal(parseJsonText(text, file, 'Fix the syntax, or move the file away and run `appeal init` again.'), file);
}

/** Like readAppeal, but a missing file is a user error naming the command that makes one. */
export async function loadAppeal(dir: string): Promise<Appeal> {
  const appeal = await readAppeal(dir);
  if (!appeal) {
    const where = folderWords(dir);
    throw new AppealError(`${where === 'this folder' ? 'This folder' : where} has no appeal.json yet.`, {
      hint: `Run \`${commandFor('appeal init', dir)}\` first, or pass the folder that has it.`,
    });
  }
  return appeal;
}

/** The shipped JSON Schema, as a path relative to the appeal folder so editors can find it. */
export function schemaReference(dir: string): string {
  const schemaFile = fileURLToPath(new URL('../../schema/appeal.schema.json', import.meta.url));
  const rel = relative(dir, schemaFile);
  return isAbsolute(rel) ? schemaFile : rel.split(sep).join('/');
}


/** Validates (never writes an invalid file) and saves dir/appeal.json atomically. */
export async function saveAppeal(dir: string, appeal: Appeal): Promise<void> {
  const valid = validateAppeal(appeal, appealPath(dir));
  const withSchema = { $schema: valid.$schema ?? schemaReference(dir), ...valid };
  await writeFileAtomic(appealPath(dir), `${JSON.stringify(withSchema, null, 2)}\n`);
}
