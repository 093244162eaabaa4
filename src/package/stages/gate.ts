import { resolve } from 'node:path';
import { AppealError } from '../../common/errors.js';
import { throwIfCancelled } from '../../common/cancel.js';
import { loadAppeal } from '../../appeal/store.js';
import type { Appeal, Media } from '../../appeal/schema.js';
import { formatTimecode, resolveTrim, type TrimWindow } from '../../appeal/trim.js';
import { runChecks, type CheckReport } from '../../check/run.js';
import type { CheckedFile, Message } from '../../rules/types.js';
import { checkOutFolder } from './publish.js';
import { since, type BuildSettings } from './settings.js';

/**
 * Stage 1, the gate: the same check the seller runs. What build repairs itself (size,
 * format, metadata) does not block; anything else stops the build unless --force.
 * Also picks, in appeal.json order, the photos and the one video that go into the package.
 */

export interface MediaEntry {
  media: Media;
  file: CheckedFile;
}

export interface Gate {
  appeal: Appeal;
  check: CheckReport;
  businessName: string | undefined;
  photos: MediaEntry[];
  video: MediaEntry | null;
  /** The part of the video to send (its trim in appeal.json), or null for the whole clip. */
  videoTrim: TrimWindow | null;
  ms: number;
}

function blockingErrors(report: CheckReport): Message[] {
  return report.messages.filter((m) => m.severity === 'error' && !m.fixable);
}

/**
 * The part of the video to send, or null for the whole clip. A trim that cannot be applied
 * stops the build in check (video-trim); under --force the whole clip is sent, and the build says so.
 */
function trimOf(entry: MediaEntry, emit: BuildSettings['emit']): TrimWindow | null {
  const { media, file } = entry;
  if (!media.trim || file.durationSec === null) return null;
  const resolved = resolveTrim(media.trim, file.durationSec);
  if (resolved.ok) {
    const { startSec, endSec } = resolved.window;
    emit({ type: 'note', text: `${media.file}: sending ${formatTimecode(startSec)} to ${formatTimecode(endSec)} of the clip (its trim in appeal.json).` });
    return resolved.window;
  }
  emit({ type: 'note', text: `${media.file}: its ${resolved.problem}; the whole clip is sent.` });
  return null;
}

export async function gate(settings: BuildSettings): Promise<Gate> {
  const { dir, absDir, emit, signal } = settings;
  const appeal = await loadAppeal(dir);
  await checkOutFolder(settings, appeal.media.map((m) => resolve(absDir, m.file)));
  const businessName = appeal.business.name?.trim() || undefined;

  await settings.enter('check');
  const start = performance.now();
  // The check reads the name only when there is one and a rule that needs it is on.
  const check = await runChecks(dir, { ocr: Boolean(businessName), limitBytes: settings.limitBytes, signal });
  try {
    const blocking = blockingErrors(check);
    emit({ type: 'check-messages', messages: check.messages, blocking });
    if (blocking.length > 0 && !settings.force) {
      throw new AppealError(
        `check found ${blocking.length} problem${blocking.length === 1 ? '' : 's'} that build cannot fix (listed above); nothing was built.`,
        { exitCode: 1, hint: 'Fix them and run `appeal build` again, or build anyway with --force.' },
      );
    }
    throwIfCancelled(signal);

    const byPath = new Map(check.checkedFiles.map((f) => [f.absPath, f] as const));
    const entries: MediaEntry[] = [];
    const left: string[] = [];
    for (const media of appeal.media) {
      const file = byPath.get(resolve(absDir, media.file));
      if (file && !file.error && (file.kind === 'image' || file.kind === 'video')) entries.push({ media, file });
      else left.push(media.file);
    }
    const photos = entries.filter((e) => e.file.kind === 'image');
    const videos = entries.filter((e) => e.file.kind === 'video');
    if (photos.length === 0) {
      throw new AppealError('appeal.json lists no readable photo, so there is nothing to put in the Word file.', {
        exitCode: 1,
        hint: 'Add 3 to 5 photos with `appeal init`, or list them under "media" in appeal.json.',
      });
    }
    if (left.length > 0) emit({ type: 'note', text: `Left out (not a readable photo or video): ${left.join(', ')}.` });
    if (settings.withVideo && videos.length > 1) {
      emit({ type: 'note', text: `Only the first video (${videos[0]!.media.file}) is attached; Amazon asks for one short video at most.` });
    }
    if (!appeal.business.email) {
      emit({ type: 'note', text: 'appeal.json has no business email, so the email has no From; your mail program fills it in when you send it.' });
    }
    const video = settings.withVideo ? (videos[0] ?? null) : null;
    const videoTrim = video ? trimOf(video, emit) : null;
    return { appeal, check, businessName, photos, video, videoTrim, ms: since(start) };
  } catch (error) {
    await check.dispose();
    throw error;
  }
}
