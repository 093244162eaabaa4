import { relative } from 'node:path';
import { AppealError } from '../appeal/errors.js';
import { formatSize, parseSize } from '../appeal/size.js';
import { formatStylish } from '../check/format-stylish.js';
import type { CheckReport } from '../check/run.js';
import { buildAppeal, isAbortError, type BuildEvent, type BuildReport } from '../package/build.js';
import type { BuildOptions } from './main.js';
import { colors, say, type Globals } from './output.js';

/**
 * `appeal build [dir]`. Exit codes: 0 built and the preflight is clean; 1 check errors
 * (without --force), a budget that cannot be met, or a preflight that failed; 2 bad usage
 * or unreadable input. Ctrl-C / SIGTERM stop ffmpeg, remove the temp folder and leave
 * the previous out/ untouched (exit 130 / 143, as shells expect after a signal).
 */

const STAGE_TEXT: Record<string, string> = {
  check: 'Checking the appeal',
  plan: 'Planning the email budget',
  photos: 'Recompressing the photos',
  docx: 'Writing the Word file',
  video: 'Converting the video',
  email: 'Writing the email',
  preflight: 'Checking the built email',
};

function bar(percent: number, width = 24): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  return ` ETA ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function errorsOnly(report: CheckReport, keep: (m: CheckReport['messages'][number]) => boolean) {
  const messages = report.messages.filter(keep);
  const errorCount = messages.filter((m) => m.severity === 'error').length;
  return { ...report, messages, errorCount, warningCount: messages.length - errorCount, ok: errorCount === 0 };
}

function summaryTable(report: BuildReport): string {
  const rows: string[][] = [['file', 'before', '', 'after', 'quality / bitrate']];
  for (const f of report.files) {
    const dims = (d: { width: number | null; height: number | null }) => (d.width && d.height ? ` ${d.width}x${d.height}` : '');
    const setting =
      f.kind === 'image'
        ? f.format === 'png'
          ? 'PNG (lossless)'
          : `JPEG q${f.quality}`
        : f.method === 'copy'
          ? 'streams copied'
          : `${f.videoKbps} kbit/s video${f.audioKbps ? ` + ${f.audioKbps} audio` : ''}, 2-pass${f.attempts && f.attempts > 1 ? ' (re-planned)' : ''}`;
    rows.push([f.source, `${formatSize(f.beforeBytes)}${dims(f.before)}`, '->', `${formatSize(f.afterBytes)}${dims(f.after)}`, setting]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), line(widths.map((w, c) => (c === 2 ? '  ' : '-'.repeat(w)))), ...rows.slice(1).map(line)].join('\n');
}

export async function runBuild(dir: string, options: BuildOptions, globals: Globals): Promise<number> {
  const limitBytes = parseSize(options.maxEmailSize ?? '18MB');
  const chalk = colors(globals);
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (caught) return;
    caught = signal;
    controller.abort(new AppealError('the build was cancelled.'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) process.stderr.write('\r\x1b[2K');
    progressShown = false;
  };
  const onEvent = (event: BuildEvent) => {
    if (event.type === 'stage') {
      clearProgress();
      if (!globals.quiet) process.stderr.write(`${STAGE_TEXT[event.stage] ?? event.stage}${event.detail ? ` (${event.detail})` : ''}...\n`);
    } else if (event.type === 'video-progress') {
      if (!globals.progress || globals.quiet) return;
      const p = event.progress;
      const speed = p.speed ? ` ${p.speed.toFixed(2)}x` : '';
      process.stderr.write(`\r\x1b[2K  ${bar(p.percent)} ${p.percent.toFixed(0).padStart(3)}% pass ${p.pass}/2${speed}${eta(p.etaSec)}`);
      progressShown = true;
    } else if (event.type === 'check-messages') {
      clearProgress();
      const shown = event.messages.filter((m) => m.severity === 'error' && !m.fixable);
      if (shown.length > 0) {
        process.stdout.write(formatStylish(errorsOnly(fakeReport(dir, event.messages), (m) => shown.includes(m)), chalk));
      }
      const warnings = event.messages.filter((m) => m.severity === 'warning').length;
      if (warnings > 0 && !globals.quiet) {
        process.stderr.write(`check: ${warnings} warning${warnings === 1 ? '' : 's'} (run \`appeal check\` to read them; they do not stop the build).\n`);
      }
      const fixed = event.messages.filter((m) => m.fixable);
      if (fixed.length > 0 && !globals.quiet) {
        process.stderr.write(`build repairs ${fixed.length} finding${fixed.length === 1 ? '' : 's'} of check itself (size, format, metadata).\n`);
      }
    } else if (event.type === 'note') {
      clearProgress();
      if (!globals.quiet) process.stderr.write(`note: ${event.text}\n`);
    }
  };

  try {
    const result = await buildAppeal({
      dir,
      out: options.out,
      limitBytes,
      video: options.video !== false,
      force: Boolean(options.force),
      signal: controller.signal,
      onEvent,
    });
    clearProgress();
    const { report, preflight } = result;
    const rel = relative(process.cwd(), result.outDir);
    const outShown = rel === '' ? '.' : rel.startsWith('..') ? result.outDir : rel;
    say(globals, '');
    say(globals, summaryTable(report));
    const pct = ((report.emailBytes / report.limitBytes) * 100).toFixed(1);
    process.stdout.write(
      `\nEmail ${outShown}/appeal.eml: ${report.emailBytes.toLocaleString('en-US')} bytes of ${report.limitBytes.toLocaleString('en-US')} (${pct}% of the budget)${report.mode === 'copy' ? ', originals kept at full quality' : ''}.\n`,
    );
    const preflightErrors = preflight.messages.filter((m) => m.severity === 'error');
    try {
      if (preflightErrors.length > 0) {
        process.stdout.write(formatStylish(errorsOnly(preflight, (m) => m.severity === 'error'), chalk));
        process.stderr.write(
          `appeal: the built email failed its preflight check (${preflightErrors.length} error${preflightErrors.length === 1 ? '' : 's'} above); fix them before sending.\n`,
        );
        return 1;
      }
    } finally {
      await preflight.dispose();
    }
    say(globals, `Ready: ${outShown}/appeal.eml is addressed to ${report.email.to}. Open it, check it and send it (README, "Sending the email": the steps for each mail program).`);
    return 0;
  } catch (error) {
    clearProgress();
    if (caught || isAbortError(error) || controller.signal.aborted) {
      process.stderr.write('appeal: build cancelled; the previous out/ folder is unchanged and no temporary files are left.\n');
      return caught === 'SIGTERM' ? 143 : 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The stylish formatter wants a whole report; the build only has messages at that point. */
function fakeReport(dir: string, messages: CheckReport['messages']): CheckReport {
  const errorCount = messages.filter((m) => m.severity === 'error').length;
  return {
    path: dir,
    ok: errorCount === 0,
    errorCount,
    warningCount: messages.length - errorCount,
    files: [],
    messages,
    email: { estimatedBytes: 0, limitBytes: 0 },
  } as unknown as CheckReport;
}
