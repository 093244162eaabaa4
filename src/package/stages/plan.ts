import { join } from 'node:path';
import { AppealError } from '../../common/errors.js';
import { MP4_TYPE, WORD_TYPE } from '../../common/media-types.js';
import { throwIfCancelled } from '../../common/cancel.js';
import { replyAddressOf } from '../../appeal/address.js';
import { questionsOf } from '../../appeal/questions.js';
import type { Question } from '../../appeal/schema.js';
import { base64BodyBytes } from '../../appeal/size.js';
import { preparePhoto, type PreparedPhoto } from '../../media/image.js';
import {
  COPY_QUALITY,
  GOOD_QUALITY,
  MIN_QUALITY,
  PHOTO_CAP_SHARE,
  minVideoBytes,
  planBudget,
  type BudgetPlan,
  type PhotoSizes,
  type VideoFacts,
} from '../budget.js';
import { DOCX_NAME, contentOf, docxAttachmentName, emailText, oneLine, subjectOf, type PhotoItem, type VideoItem } from '../content.js';
import { docxBaseBytes } from '../docx.js';
import { measureEmailOverhead, newMessageId, type EmailDraft } from '../eml.js';
import { PHOTO_CONCURRENCY, totalAt } from '../photo-sizes.js';
import { copyableVideo, copyLevelBytes } from '../video-choice.js';
import type { Gate } from './gate.js';
import { limiter, since, uniqueStems, type BuildSettings } from './settings.js';

/**
 * Stage 2, the plan: decode each photo once, measure everything around the attachments
 * exactly (the email's headers and text, the Word file without its photos), weigh the
 * photos at the levels the planner compares, and split the budget. The video's share is
 * what the next stage aims at; the photos then fit whatever the video really left.
 */

export interface Plan {
  questions: Question[];
  sources: PreparedPhoto[];
  photoItems: PhotoItem[];
  videoItem: VideoItem | null;
  draft: EmailDraft;
  overheadBytes: number;
  docxBaseBytes: number;
  photoSizes: PhotoSizes;
  video: VideoFacts | null;
  budget: BudgetPlan;
  ms: number;
}

/**
 * The photo sizes the planner weighs, encoding only what the decision needs: the good
 * level always; copy level only when it could fit; the minimum only when good does not.
 * Estimated (image.ts estimatedSizeAt: within ~1% for a fifth of an encode): the split only
 * decides the video's share, and the photos are then fitted exactly to what the video left, so
 * each photo's one full mozjpeg encode is the one that goes into the email.
 */
async function weighPhotos(
  sources: readonly PreparedPhoto[],
  at: { limitBytes: number; overheadBytes: number; docxBaseBytes: number; video: VideoFacts | null },
): Promise<PhotoSizes> {
  const room = at.limitBytes - at.overheadBytes;
  const docx = (photoBytes: number) => base64BodyBytes(at.docxBaseBytes + photoBytes);
  const goodBytes = await totalAt(sources, GOOD_QUALITY, 'estimated');
  const videoCopy = at.video ? base64BodyBytes(at.video.copyBytes) : 0;
  const copyBytes = docx(goodBytes) + videoCopy <= room ? await totalAt(sources, COPY_QUALITY, 'estimated') : Number.MAX_SAFE_INTEGER;
  const videoMin = at.video ? base64BodyBytes(minVideoBytes(at.video.durationSec, at.video.hasAudio)) : 0;
  const cap = at.video ? room * PHOTO_CAP_SHARE : room;
  const goodIsEnough = docx(goodBytes) + videoMin <= room && docx(goodBytes) <= cap;
  const minBytes = goodIsEnough ? goodBytes : await totalAt(sources, MIN_QUALITY, 'estimated');
  return { copyBytes, goodBytes, minBytes };
}

export async function plan(settings: BuildSettings, gate: Gate, paths: { temp: string; mediaDir: string }): Promise<Plan> {
  const { emit, signal, limitBytes } = settings;
  const { appeal } = gate;
  await settings.enter('plan');
  const start = performance.now();

  // Two photo tasks at a time (memory), decodes and encodes sharing the slots: every plan weighs
  // the photos at the good level, so each photo's estimate (a few encodes of a sample of its rows)
  // queues as soon as it is decoded and takes the first free slot; neither core waits for the last
  // decode before they begin. They run on while the email and the Word file around them are
  // measured (JavaScript); weighPhotos awaits them again, from the cache.
  const slot = limiter(PHOTO_CONCURRENCY);
  const decoding = gate.photos.map((e) =>
    slot(async () => {
      throwIfCancelled(signal);
      return preparePhoto(e.file.absPath, { shownAs: e.media.file });
    }),
  );
  for (const photo of decoding) {
    photo
      .then((decoded) => slot(() => decoded.estimatedSizeAt(GOOD_QUALITY)))
      .catch(() => undefined); // a failure surfaces where it is awaited; never an unhandled rejection
  }
  const sources = await Promise.all(decoding);
  throwIfCancelled(signal);

  const questions = questionsOf(appeal);
  const video = gate.video;
  const names = uniqueStems([...gate.photos.map((e) => e.media.file), ...(video ? [video.media.file] : [])]);
  const photoItems: PhotoItem[] = sources.map((photo, i) => ({
    source: gate.photos[i]!.media.file,
    path: join(paths.mediaDir, `${names[i]!}.jpg`),
    format: 'jpg',
    width: photo.width,
    height: photo.height,
    asins: gate.photos[i]!.media.asins,
    caption: gate.photos[i]!.media.caption ?? null,
    // The cover note may say the name is in every photo only when the check read it there or the seller confirmed it.
    nameShown: gate.photos[i]!.file.businessName?.found === true || gate.photos[i]!.media.nameConfirmed === true,
  }));
  const videoName = video ? `${names[gate.photos.length]!}.mp4` : null;
  const videoItem: VideoItem | null =
    video && videoName
      ? {
          source: video.media.file,
          path: join(paths.mediaDir, videoName),
          fileName: videoName,
          asins: video.media.asins,
          caption: video.media.caption ?? null,
        }
      : null;

  // The email around the attachments does not depend on their sizes: measure it now, exactly.
  const content = contentOf(appeal, questions, photoItems, videoItem);
  // What could not be said truthfully is left out of the package; the seller reads why here.
  for (const text of content.notes) emit({ type: 'note', text });
  const draft: EmailDraft = {
    from: appeal.business.email
      ? { name: oneLine(appeal.business.name ?? appeal.business.person ?? ''), address: appeal.business.email }
      : null,
    to: replyAddressOf(appeal),
    subject: subjectOf(content),
    text: await emailText(content, appeal),
    date: new Date(),
    messageId: newMessageId(appeal.business.email),
    attachments: [
      { filename: docxAttachmentName(content), path: join(paths.temp, DOCX_NAME), contentType: WORD_TYPE },
      ...(videoItem ? [{ filename: videoItem.fileName, path: videoItem.path, contentType: MP4_TYPE }] : []),
    ],
  };
  const overheadBytes = await measureEmailOverhead(draft);
  const baseBytes = await docxBaseBytes(content);

  let videoFacts: VideoFacts | null = null;
  if (video) {
    const duration = video.file.durationSec;
    if (duration === null || !(duration > 0)) {
      throw new AppealError('has no readable length, so its share of the email cannot be planned.', {
        exitCode: 1,
        file: video.media.file,
        hint: 'Export the clip again from the phone as MP4, or build with --no-video.',
      });
    }
    // A trimmed clip is planned at the length it will have (shorter: more bits per second).
    const trim = gate.videoTrim;
    const keptSec = trim ? trim.endSec - trim.startSec : duration;
    videoFacts = {
      file: video.media.file,
      durationSec: keptSec,
      hasAudio: Boolean(video.file.video?.audioCodec),
      copyBytes: copyableVideo(video.file) && !trim ? video.file.bytes : copyLevelBytes(video.file, keptSec),
    };
  }
  const photoSizes = await weighPhotos(sources, { limitBytes, overheadBytes, docxBaseBytes: baseBytes, video: videoFacts });
  throwIfCancelled(signal);
  const budget = planBudget({ limitBytes, overheadBytes, docxBaseBytes: baseBytes, photos: photoSizes, video: videoFacts });
  return {
    questions,
    sources,
    photoItems,
    videoItem,
    draft,
    overheadBytes,
    docxBaseBytes: baseBytes,
    photoSizes,
    video: videoFacts,
    budget,
    ms: since(start),
  };
}
