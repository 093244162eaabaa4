import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TrimWindow } from '../../appeal/trim.js';
import type { BudgetPlan } from '../budget.js';
import { DOCX_NAME, oneLine } from '../content.js';
import type { DocumentOutcome } from './document.js';
import type { EmailOutcome } from './email.js';
import type { Gate } from './gate.js';
import type { PhotoOutcome } from './photos.js';
import type { Plan } from './plan.js';
import type { BuildSettings } from './settings.js';
import type { VideoOutcome } from './video.js';

/** out/report.json: what went in, what came out, and how the budget was spent. */

export interface FileReportEntry {
  source: string;
  output: string;
  kind: 'image' | 'video';
  beforeBytes: number;
  afterBytes: number;
  before: { width: number | null; height: number | null };
  after: { width: number; height: number };
  /** JPEG quality (100 = PNG) for photos; null for videos. */
  quality: number | null;
  format: string;
  videoKbps?: number;
  audioKbps?: number;
  /** 'copy' = streams copied unchanged (metadata stripped); 'encode' = two-pass H.264/AAC. */
  method?: 'copy' | 'encode';
  /** The part of the source that was kept (appeal.json media[].trim), seconds. */
  trim?: TrimWindow;
  attempts?: number;
  gpsRemoved?: boolean;
}

export type StageTimings = Record<
  'checkMs' | 'planMs' | 'videoMs' | 'photosMs' | 'docxMs' | 'emailMs' | 'publishMs' | 'preflightMs' | 'totalMs',
  number
>;

export interface BuildReport {
  version: 1;
  builtAt: string;
  appeal: string;
  limitBytes: number;
  emailBytes: number;
  predictedBytes: number;
  fill: number;
  mode: BudgetPlan['mode'];
  budget: {
    limitBytes: number;
    overheadBytes: number;
    docxBaseBytes: number;
    /** The photos' share in the plan, and the room the finished video really left them. */
    photoShareBytes: number;
    photoRoomBytes: number;
    videoShareBytes: number | null;
    docxBytes: number;
    videoBytes: number | null;
  };
  video: boolean;
  email: { to: string; from: string | null; subject: string };
  files: FileReportEntry[];
  outputs: { docx: string; eml: string; media: string[] };
  timings: StageTimings;
}

export function reportOf(input: {
  settings: BuildSettings;
  gate: Gate;
  plan: Plan;
  video: VideoOutcome | null;
  photos: PhotoOutcome;
  document: DocumentOutcome;
  email: EmailOutcome;
  temp: string;
  timings: StageTimings;
}): BuildReport {
  const { settings, gate, plan, video, photos, document, email, temp } = input;
  const files: FileReportEntry[] = photos.results.map((r, i) => {
    const entry = gate.photos[i]!;
    return {
      source: entry.media.file,
      output: relative(temp, r.file),
      kind: 'image',
      beforeBytes: entry.file.bytes,
      afterBytes: r.bytes,
      before: { width: entry.file.width, height: entry.file.height },
      after: { width: r.width, height: r.height },
      quality: r.quality,
      format: r.format,
      gpsRemoved: r.gpsRemoved || Boolean(entry.file.hasGps),
    };
  });
  if (video && gate.video && plan.videoItem) {
    files.push({
      source: plan.videoItem.source,
      output: relative(temp, video.file),
      kind: 'video',
      beforeBytes: gate.video.file.bytes,
      afterBytes: video.bytes,
      before: { width: gate.video.file.width, height: gate.video.file.height },
      after: { width: video.width, height: video.height },
      quality: null,
      format: 'mp4',
      videoKbps: video.videoKbps,
      audioKbps: video.audioKbps,
      method: video.method,
      attempts: video.attempts,
      ...(video.trim ? { trim: video.trim } : {}),
    });
  }
  const { limitBytes } = settings;
  return {
    version: 1,
    builtAt: new Date().toISOString(),
    appeal: join(settings.dir, 'appeal.json'),
    limitBytes,
    emailBytes: email.emailBytes,
    predictedBytes: email.predictedBytes,
    fill: Math.round((email.emailBytes / limitBytes) * 10_000) / 10_000,
    mode: plan.budget.mode,
    budget: {
      limitBytes,
      overheadBytes: email.overheadBytes,
      docxBaseBytes: plan.docxBaseBytes,
      photoShareBytes: plan.budget.photoBytes,
      photoRoomBytes: photos.roomBytes,
      videoShareBytes: plan.budget.video?.maxBytes ?? null,
      docxBytes: document.docxBytes,
      videoBytes: video?.bytes ?? null,
    },
    video: Boolean(video),
    email: { to: email.draft.to, from: email.draft.from?.address ?? null, subject: oneLine(email.draft.subject) },
    files,
    outputs: { docx: DOCX_NAME, eml: 'appeal.eml', media: files.map((f) => f.output) },
    timings: input.timings,
  };
}

export async function writeReport(folder: string, report: BuildReport): Promise<void> {
  await writeFile(join(folder, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
}
