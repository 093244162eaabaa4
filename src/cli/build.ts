import { relative } from 'node:path';
import { formatSize, parseSize } from '../appeal/size.js';
import { formatTimecode } from '../appeal/trim.js';
import { commandFor } from '../appeal/shown.js';
import { formatStylish } from '../check/format-stylish.js';
import type { CheckReport } from '../check/run.js';
import { isCancelled } from '../common/cancel.js';
import { buildAppeal, type BuildEvent, type BuildReport } from '../package/build.js';
import type { BuildOptions } from './main.js';
import { colors, say, type Globals } from './output.js';
import { listenForInterrupt } from './signals.js';

/**
 * `appeal build [dir]`. Exit codes: 0 built and the preflight is clean; 1 check errors
 * (without --force), a budget that cannot be met, or a preflight that failed; 2 bad usage
 * or unreadable input. Ctrl-C / SIGTERM stop ffmpeg, remove the temp folder and leave
 * the previous out/ untouched (exit 130 / 143, as shells expect after a signal).
 */

const STAGE_TEXT: Record<string, string> = {
  check: 'Checking the appeal',
  plan: 'Planning the email budget',
  video: 'Converting the video',
  photos: 'Fitting the photos into what is left',
  docx: 'Writing the Word file',
  email: 'Writing the email',
  publish: 'Putting the package in place',
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
          ? f.before.width !== null && f.after.width < f.before.width
            ? 'PNG, scaled'
            : 'PNG (lossless)'
          : `JPEG q${f.quality}`
        : f.method === 'copy'
          ? 'streams copied'
          : `${f.videoKbps} kbit/s video${f.audioKbps ? ` + ${f.audioKbps} audio` : ''}, 2-pass${f.attempts && f.attempts > 1 ? ' (re-planned)' : ''}` +
            (f.trim ? `, ${formatTimecode(f.trim.startSec)}-${formatTimecode(f.trim.endSec)} kept` : '');
    rows.push([f.source, `${formatSize(f.beforeBytes)}${dims(f.before)}`, '->', `${formatSize(f.afterBytes)}${dims(f.after)}`, setting]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), line(widths.map((w, c) => (c === 2 ? '  ' : '-'.repeat(w)))), ...rows.slice(1).map(line)].join('\n');
}

/**
 * What "fits without shrinking" really means for this build, in true words: photos are still
 * capped in size and re-saved, so they are never "originals at full quality".
 */
export function fitNote(report: Pick<BuildReport, 'mode' | 'files'>): string {
  if (report.mode !== 'copy') return '';
  const photos = report.files.filter((f) => f.kind === 'image');
  const scaled = photos.filter((f) => f.before.width !== null && f.after.width < f.before.width);
  if (scaled.length === 0) return ', nothing lowered to fit';
  const edge = Math.max(...scaled.map((f) => Math.max(f.after.width, f.after.height)));
  return `, nothing lowered to fit (${scaled.length === photos.length ? 'photos' : `${scaled.length} of ${photos.length} photos`} scaled to ${edge} px on the long edge)`;
}

export async function runBuild(dir: string, options: BuildOptions, globals: Globals): Promise<number> {
  const limitBytes = parseSize(options.maxEmailSize ?? '18MB');
  const chalk = colors(globals);
  const interrupt = listenForInterrupt();
  // Set once out/ holds the new package: from then on a stop must not claim out/ is unchanged.
  let published: string | null = null;

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
    } else if (event.type === 'published') {
      published = event.outDir;
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
      signal: interrupt.signal,
      onEvent,
    });
    clearProgress();
    const { report, preflight } = result;
    const outShown = shownPath(result.outDir);
    // A stop that came after the preflight finished changes nothing of what is printed below; only the exit code says it.
    const finish = (code: number) => (interrupt.caught ? interrupt.exitCode() : code);
    say(globals, '');
    say(globals, summaryTable(report));
    const pct = ((report.emailBytes / report.limitBytes) * 100).toFixed(1);
    process.stdout.write(
      `\nEmail ${outShown}/appeal.eml: ${report.emailBytes.toLocaleString('en-US')} bytes of ${report.limitBytes.toLocaleString('en-US')} (${pct}% of the budget)${fitNote(report)}.\n`,
    );
    const preflightErrors = preflight.messages.filter((m) => m.severity === 'error');
    try {
      if (preflightErrors.length > 0) {
        process.stdout.write(formatStylish(errorsOnly(preflight, (m) => m.severity === 'error'), chalk));
        process.stderr.write(
          `appeal: the built email failed its preflight check (${preflightErrors.length} error${preflightErrors.length === 1 ? '' : 's'} above); fix them before sending.\n`,
        );
        return finish(1);
      }
    } finally {
      await preflight.dispose();
    }
    say(
      globals,
      `Ready: ${outShown}/appeal.eml is addressed to ${report.email.to}. Next: ${commandFor('appeal draft', dir)} puts it in your ` +
        'Drafts folder to check and send (or send it by hand: README, "Sending the email").',
    );
    return finish(0);
  } catch (error) {
    clearProgress();
    if (interrupt.caught || isCancelled(error)) {
      return stopped(interrupt.exitCode(), published === null ? null : shownPath(published));
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** A path as the seller would type it: relative to where they are, when it is below. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** What is true after a stop depends on whether the new package was already in place. */
function stopped(code: number, publishedAt: string | null): number {
  process.stderr.write(
    publishedAt === null
      ? 'appeal: build stopped; nothing in the output folder was changed and no temporary files are left.\n'
      : `appeal: stopped while checking the built email; ${publishedAt} holds the new package, not yet checked: run \`appeal check ${publishedAt}/appeal.eml\` before sending it.\n`,
  );
  return code;
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
