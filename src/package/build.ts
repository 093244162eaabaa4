import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import { forgetPixelStats, rememberPixelStats } from '../media/pixels.js';
import { throwIfCancelled } from '../common/cancel.js';
import { preloadEmlReader } from '../check/eml.js';
import type { CheckReport } from '../check/run.js';
import { GOOD_QUALITY, MIN_FILL } from './budget.js';
import { writeDocument } from './stages/document.js';
import { writeEmail } from './stages/email.js';
import { gate } from './stages/gate.js';
import { makePhotos } from './stages/photos.js';
import { plan } from './stages/plan.js';
import { preflight } from './stages/preflight.js';
import { makeStaging, publish } from './stages/publish.js';
import { reportOf, writeReport, type BuildReport, type StageTimings } from './stages/report.js';
import { settingsOf, since, type BuildOptions } from './stages/settings.js';
import { makeVideo, videoWorkDir } from './stages/video.js';

/**
 * `appeal build`, as stages that run one way and pass their result on:
 * gate (check) → plan → video → photos → document → email → publish → preflight.
 * Everything is written into a temp folder beside out/ and swapped into place only when
 * the package is complete, so a failed or interrupted build leaves the previous out/ as it was.
 */

export type { BuildEvent, BuildOptions } from './stages/settings.js';
export type { BuildReport, FileReportEntry } from './stages/report.js';

export interface BuildResult {
  outDir: string;
  report: BuildReport;
  check: CheckReport;
  preflight: CheckReport;
}

export async function buildAppeal(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // libvips keeps recently decoded images in a cache; a build decodes each photo once, so
  // the cache only costs memory (peak RSS target: under 400 MB).
  sharp.cache(false);
  const settings = settingsOf(options);
  const { signal, emit } = settings;

  const checked = await gate(settings);
  const timings: StageTimings = {
    checkMs: checked.ms, planMs: 0, videoMs: 0, photosMs: 0, docxMs: 0, emailMs: 0, publishMs: 0, preflightMs: 0, totalMs: 0,
  };
  let staging: { temp: string; mediaDir: string } | null = null;
  try {
    throwIfCancelled(signal);
    staging = await makeStaging(settings.out);
    const { temp } = staging;

    const planned = await plan(settings, checked, staging);
    timings.planMs = planned.ms;
    throwIfCancelled(signal);

    // The preflight's email reader loads while the video encodes (a failure shows in the preflight).
    preloadEmlReader().catch(() => undefined);
    const video = await makeVideo(settings, checked, planned, videoWorkDir(temp));
    timings.videoMs = video?.ms ?? 0;
    throwIfCancelled(signal);

    // The preflight will look at these exact photos again (read back out of the email): their
    // statistics are computed as each is written, in the image library's threads, while the
    // last photos encode and the Word file and the email are written in JavaScript. The
    // preflight uses them only for byte-identical photos.
    const measured: Promise<void>[] = [];
    const photos = await makePhotos(settings, planned, video?.bytes ?? 0, (file) => measured.push(rememberPixelStats([file])));
    timings.photosMs = photos.ms;
    const photosLostQuality = photos.results.some(
      (r, i) => (r.format === 'jpeg' && r.quality < GOOD_QUALITY) || r.width < planned.photoItems[i]!.width,
    );
    // The decoded pixels (~15 MB a photo) are not needed any more: let them go before the email and preflight.
    planned.sources.length = 0;
    throwIfCancelled(signal);

    const document = await writeDocument(settings, checked, planned, photos, video?.bytes ?? 0, temp);
    timings.docxMs = document.ms;
    throwIfCancelled(signal);

    const email = await writeEmail(settings, checked, planned, document, video?.bytes ?? null, temp);
    timings.emailMs = email.ms;
    const report = reportOf({ settings, gate: checked, plan: planned, video, photos, document, email, temp, timings });
    if (planned.budget.mode === 'fit' && email.emailBytes < MIN_FILL * settings.limitBytes) {
      emit({ type: 'note', text: `The email uses ${Math.round(report.fill * 100)}% of the budget.` });
    }
    timings.totalMs = since(started);
    await writeReport(temp, report);
    // Before publish moves the files it reads.
    await Promise.all(measured);
    throwIfCancelled(signal);

    await settings.enter('publish');
    const publishStart = performance.now();
    await publish(temp, settings.out);
    staging = null;
    timings.publishMs = since(publishStart);
    emit({ type: 'published', outDir: settings.out });

    const checkedEmail = await preflight(settings, checked, photosLostQuality);
    timings.preflightMs = checkedEmail.ms;
    timings.totalMs = since(started);
    await writeReport(settings.out, report);
    return { outDir: settings.out, report, check: checked.check, preflight: checkedEmail.report };
  } finally {
    forgetPixelStats();
    if (staging) await rm(staging.temp, { recursive: true, force: true });
    await checked.check.dispose();
  }
}
