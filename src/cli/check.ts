import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppealError } from '../common/errors.js';
import { isCancelled } from '../common/cancel.js';
import { validateAsinOption, type ProgressStage } from '../check/collect.js';
import { formatJson } from '../check/format-json.js';
import { formatStylish } from '../check/format-stylish.js';
import { failing, runChecks } from '../check/run.js';
import type { CheckOptions } from './main.js';
import { colors, type Globals } from './output.js';
import { listenForInterrupt } from './signals.js';

const STAGE_LABEL: Record<ProgressStage, string> = {
  probe: 'Reading files',
  ocr: 'Looking for the business name',
};

/**
 * `appeal check [path]`. Exit codes as ESLint: 0 clean, 1 errors (or warnings with
 * --strict), 2 bad usage or unreadable input (thrown as AppealError, printed by main()).
 * With --format json, stdout carries the JSON and nothing else.
 */
async function checkSheetPath(sheet: string): Promise<void> {
  const folder = dirname(resolve(sheet));
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppealError(`--sheet ${sheet}: the folder ${dirname(sheet)} does not exist.`, {
      hint: 'Create the folder first, or write the sheet into an existing one, e.g. --sheet sheet.png.',
    });
  }
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new AppealError(`--sheet ${sheet}: the folder ${dirname(sheet)} cannot be written to.`, {
      hint: 'Write the sheet into a folder of yours, e.g. --sheet sheet.png.',
    });
  }
}

export async function runCheck(path: string, options: CheckOptions, globals: Globals): Promise<number> {
  // Fail on a mistyped ASIN before minutes of probing and OCR.
  const asins = options.asins === undefined ? undefined : validateAsinOption(options.asins);
  const showProgress = globals.progress && options.format === 'stylish' && !globals.quiet;
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) process.stderr.write('\r\x1b[2K');
    progressShown = false;
  };

  // An unwritable --sheet is the seller's to fix: say so now, not after minutes of reading photos.
  if (options.sheet) await checkSheetPath(options.sheet);
  const interrupt = listenForInterrupt();
  let report;
  try {
    report = await runChecks(path, {
      signal: interrupt.signal,
      businessName: options.businessName,
      asins,
      ocr: options.ocr,
      ...(options.listings ? { listings: options.listings } : {}),
      keepExtracted: Boolean(options.sheet),
      onProgress: showProgress
        ? (stage, done, total) => {
            process.stderr.write(`\r\x1b[2K${STAGE_LABEL[stage]} ${done}/${total}`);
            progressShown = true;
          }
        : undefined,
    });
  } catch (error) {
    clearProgress();
    if (interrupt.caught || isCancelled(error)) {
      process.stderr.write('appeal: check stopped; nothing was changed.\n');
      return interrupt.exitCode();
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
  clearProgress();

  try {
    if (options.format === 'json') process.stdout.write(formatJson(report));
    else {
      process.stdout.write(formatStylish(report, colors(globals), { quiet: globals.quiet }));
      // The most common reason for a rejection is the name missing from photos: say when it was not checked.
      const { context } = report;
      if (options.ocr && !globals.quiet && context.files.length > 0 && !context.ocr) {
        process.stderr.write(
          context.businessName
            ? 'appeal: note: the business name was not read in the photos: its rules are turned off in appeal.json.\n'
            : 'appeal: note: the business name was not checked in the photos: pass --business-name "Your Shop" (or set business.name in appeal.json).\n',
        );
      }
    }

    if (options.sheet) {
      const { writeContactSheet } = await import('../check/sheet.js');
      await writeContactSheet(report.checkedFiles, options.sheet);
      if (options.format === 'stylish' && !globals.quiet) process.stdout.write(`Contact sheet written to ${options.sheet}\n`);
    }
  } finally {
    await report.dispose();
  }

  return failing(report.messages, { strict: Boolean(options.strict) }).length > 0 ? 1 : 0;
}
