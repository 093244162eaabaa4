import { AppealError } from '../appeal/errors.js';
import { validateAsinOption, type ProgressStage } from '../check/collect.js';
import { formatJson } from '../check/format-json.js';
import { formatStylish } from '../check/format-stylish.js';
import { runChecks } from '../check/run.js';
import type { CheckOptions } from './main.js';
import { colors, type Globals } from './output.js';

const STAGE_LABEL: Record<ProgressStage, string> = {
  probe: 'Reading files',
  ocr: 'Looking for the business name',
};

/**
 * `appeal check [path]`. Exit codes as ESLint: 0 clean, 1 errors (or warnings with
 * --strict), 2 bad usage or unreadable input (thrown as AppealError, printed by main()).
 * With --format json, stdout carries the JSON and nothing else.
 */
export async function runCheck(path: string, options: CheckOptions, globals: Globals): Promise<number> {
  // Fail on a mistyped ASIN before minutes of probing and OCR.
  const asins = options.asins === undefined ? undefined : validateAsinOption(options.asins);
  const showProgress = globals.progress && options.format === 'stylish' && !globals.quiet;
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) process.stderr.write('\r\x1b[2K');
    progressShown = false;
  };

  // Only the CLI listens for Ctrl-C / SIGTERM: it aborts, and the reader's workers and ffmpeg end.
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (caught) return;
    caught = signal;
    controller.abort(new AppealError('the check was cancelled.'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: Awaited<ReturnType<typeof runChecks>>;
  try {
    report = await runChecks(path, {
      businessName: options.businessName,
      asins,
      ocr: options.ocr,
      keepExtracted: Boolean(options.sheet),
      signal: controller.signal,
      onProgress: showProgress
        ? (stage, done, total) => {
            process.stderr.write(`\r\x1b[2K${STAGE_LABEL[stage]} ${done}/${total}`);
            progressShown = true;
          }
        : undefined,
    });
  } catch (error) {
    clearProgress();
    if (caught || controller.signal.aborted) {
      process.stderr.write('appeal: check cancelled; nothing was changed.\n');
      return caught === 'SIGTERM' ? 143 : 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
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
            ? 'appeal: note: the business name could not be read in this version; check each photo shows it.\n'
            : 'appeal: note: the business name was not checked in the photos: pass --business-name "Your Shop" (or set business.name in appeal.json).\n',
        );
      }
    }

    if (options.sheet) {
      const { writeContactSheet } = await import('../check/sheet.js');
      try {
        await writeContactSheet(report.checkedFiles, options.sheet);
        if (options.format === 'stylish' && !globals.quiet) process.stdout.write(`Contact sheet written to ${options.sheet}\n`);
      } catch (error) {
        if (error instanceof AppealError) throw error;
        if (error instanceof Error && /not wired/i.test(error.message)) {
          process.stderr.write('appeal: the contact sheet is not available in this version; --sheet was ignored.\n');
        } else throw error;
      }
    }
  } finally {
    await report.dispose();
  }

  if (report.errorCount > 0) return 1;
  if (options.strict && report.warningCount > 0) return 1;
  return 0;
}
