import type { Appeal, RuleLevel } from '../appeal/schema.js';
import type { MediaTrim } from '../appeal/trim.js';
import type { ProbedFile, BusinessNameResult } from '../media/types.js';

/**
 * The rule contract, ESLint style: each rule is one small module with an id, a default
 * severity, a one-line description, a hint and a pure check function over the probed
 * appeal. Rules never touch the disk, never encode, never import media/ or package/.
 */
export type Severity = 'error' | 'warning';

/** What is being checked: a plain folder, an appeal dir (has appeal.json), or a built .eml. */
export type Target = 'folder' | 'appeal' | 'eml';

/** A probed file plus what the seller said about it (appeal.json media entry or file name). */
export interface CheckedFile extends ProbedFile {
  asins: string[];
  caption: string | null;
  /** Result of reading the business name; null when OCR did not run. */
  businessName: BusinessNameResult | null;
  /** The part of a video to send (appeal.json media[].trim), when the seller set one. */
  trim?: MediaTrim;
  /** The seller confirmed that a person can read the name in it (appeal.json media[].nameConfirmed). */
  nameConfirmed?: boolean;
}

export interface EmailEstimate {
  /** Estimated size of the whole encoded email as it would be sent. */
  estimatedBytes: number;
  limitBytes: number;
  /** True when `appeal build` could bring it under the limit by recompressing. */
  compressible: boolean;
}

/** What a built .eml looks like from the inside (filled by the preflight reader). */
export interface EmlFacts {
  to: string[];
  from: string | null;
  subject: string | null;
  bytes: number;
  attachments: { filename: string; contentType: string; bytes: number }[];
  /** Photos found inside the attached .docx, in document order. */
  docxPhotos: { index: number; asinLine: string | null; asins: string[] }[] | null;
  /** The text body, for the cloud-link and policy rules. */
  text: string;
}

export interface CheckContext {
  target: Target;
  /** The path the seller passed. */
  path: string;
  appeal: Appeal | null;
  files: CheckedFile[];
  businessName: string | null;
  /** ASINs the notice named (appeal.json notice.asins or --asins). */
  notifiedAsins: string[];
  /**
   * ASINs of the seller's listings report (--listings or appeal.json "listingsReport"), with the
   * report's name for messages; null when none was given.
   */
  listings?: { file: string; asins: string[] } | null;
  /** Injected clock so deadline rules stay pure and testable. */
  now: Date;
  email: EmailEstimate | null;
  eml: EmlFacts | null;
  /** Whether OCR ran (business-name-visible only reports when it did). */
  ocr: boolean;
}

export interface Finding {
  message: string;
  file?: string | null;
  /** Overrides the rule's default fixability for this finding. */
  fixable?: boolean;
  /** Overrides the rule's hint for this finding. */
  hint?: string;
  // No severity here: it belongs to the rule (and to appeal.json `rules`), one meaning per id.
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** How to fix it, in the seller's words. */
  hint: string;
  /** True when `appeal build` repairs what this rule reports. */
  fixable: boolean;
  /** Targets the rule makes sense on; all when omitted. */
  targets?: readonly Target[];
  /**
   * Facts that are costly to gather and only some rules read: 'names' is the business name read
   * in every photo (OCR). The check gathers a fact only when a rule that needs it is on.
   */
  needs?: readonly CostlyFact[];
  check(context: CheckContext): Finding[];
}

export interface Message {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string | null;
  fixable: boolean;
  hint: string;
}

export type RuleLevels = Record<string, RuleLevel>;

export type CostlyFact = 'names';
