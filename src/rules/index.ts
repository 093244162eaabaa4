import type { RuleLevel } from '../appeal/schema.js';
import { answersComplete } from './answers-complete.js';
import { archive } from './archive.js';
import { asinFormat } from './asin-format.js';
import { asinLabel } from './asin-label.js';
import { asinListed } from './asin-listed.js';
import { asinNearMiss } from './asin-near-miss.js';
import { asinNotified } from './asin-notified.js';
import { businessNameConfirmed } from './business-name-confirmed.js';
import { businessNameOverlay } from './business-name-overlay.js';
import { businessNameUnsure } from './business-name-unsure.js';
import { businessNameVisible } from './business-name-visible.js';
import { capacityTime } from './capacity-time.js';
import { caption } from './caption.js';
import { cloudLink, videoLink } from './cloud-link.js';
import { collage } from './collage.js';
import { corruptFile } from './corrupt-file.js';
import { deadlinePassed, deadlineSoon } from './deadline.js';
import { duplicatePhoto } from './duplicate-photo.js';
import { emailSize } from './email-size.js';
import { emlAttachments } from './eml-attachments.js';
import { emlRecipient } from './eml-recipient.js';
import { exifGps } from './exif-gps.js';
import { fileExtension } from './file-extension.js';
import { imageBlur } from './image-blur.js';
import { imageDark } from './image-dark.js';
import { imageResolution } from './image-resolution.js';
import { mediaFormat, videoCodec } from './media-format.js';
import { photoCount, photoSpare } from './photo-count.js';
import { policy, policyWording } from './policy.js';
import type { CheckContext, CostlyFact, Message, Rule, Severity } from './types.js';
import { unfinishedText } from './unfinished-text.js';
import { videoCount } from './video-count.js';
import { videoDuration } from './video-duration.js';
import { videoTrim } from './video-trim.js';

export type { CheckContext, Finding, Message, Rule, Severity } from './types.js';

/**
 * Every rule, in the order their messages read best: what Amazon rejects outright first
 * (count, formats, links, the business name, ASINs), then the answers, then advice.
 */
export const allRules: readonly Rule[] = [
  photoCount,
  photoSpare,
  mediaFormat,
  videoCodec,
  fileExtension,
  archive,
  corruptFile,
  cloudLink,
  videoLink,
  businessNameVisible,
  businessNameUnsure,
  businessNameOverlay,
  businessNameConfirmed,
  asinLabel,
  asinFormat,
  asinNotified,
  asinNearMiss,
  asinListed,
  emailSize,
  emlRecipient,
  emlAttachments,
  answersComplete,
  unfinishedText,
  policy,
  policyWording,
  capacityTime,
  deadlinePassed,
  deadlineSoon,
  caption,
  videoCount,
  videoDuration,
  videoTrim,
  imageResolution,
  imageDark,
  imageBlur,
  duplicatePhoto,
  collage,
  exifGps,
];

/** Whether a rule that needs `fact` is on, given appeal.json's levels: otherwise it is not gathered. */
export function ruleNeeds(fact: CostlyFact, levels: Record<string, RuleLevel> = {}): boolean {
  return allRules.some((rule) => rule.needs?.includes(fact) && levels[rule.id] !== 'off');
}

const BY_ID = new Map(allRules.map((rule) => [rule.id, rule] as const));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

function levelSeverity(level: RuleLevel | undefined, fallback: Severity): Severity | null {
  if (level === 'off') return null;
  if (level === 'warn') return 'warning';
  if (level === 'error') return 'error';
  return fallback;
}

/**
 * Runs every rule that applies to the context's target. `levels` (appeal.json "rules") override
 * severities: 'off' silences a rule, 'warn'/'error' set the severity of all its messages.
 * Without `levels`, the appeal's own "rules" are used. Unknown ids are ignored here; the check
 * runner reports them.
 */
export function applyRules(context: CheckContext, levels?: Record<string, RuleLevel>): Message[] {
  const overrides = levels ?? context.appeal?.rules ?? {};
  const messages: Message[] = [];
  for (const rule of allRules) {
    if (rule.targets && !rule.targets.includes(context.target)) continue;
    const level = Object.hasOwn(overrides, rule.id) ? overrides[rule.id] : undefined;
    if (level === 'off') continue;
    let findings;
    try {
      findings = rule.check(context);
    } catch (error) {
      // A crashing rule is a bug in appeal, not the seller's mistake: name the rule.
      throw new Error(`rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    for (const finding of findings) {
      // One meaning per rule id: the rule's severity, or the level appeal.json gives it.
      const severity = levelSeverity(level, rule.defaultSeverity);
      if (severity === null) continue;
      messages.push({
        ruleId: rule.id,
        severity,
        message: finding.message,
        file: finding.file ?? null,
        fixable: finding.fixable ?? rule.fixable,
        hint: finding.hint ?? rule.hint,
      });
    }
  }
  return messages;
}
