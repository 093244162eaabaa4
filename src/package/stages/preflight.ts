import { join } from 'node:path';
import { runChecks, type CheckReport } from '../../check/run.js';
import type { Gate } from './gate.js';
import { since, type BuildSettings } from './settings.js';

/**
 * Stage 8, the preflight: the same rules as `appeal check`, on the email exactly as it
 * will be sent (read back from out/appeal.eml, attachments and Word file unpacked).
 */

export async function preflight(
  settings: BuildSettings,
  gate: Gate,
  photosLostQuality: boolean,
): Promise<{ report: CheckReport; ms: number }> {
  await settings.enter('preflight');
  const start = performance.now();
  const { businessName } = gate;
  const report = await runChecks(join(settings.out, 'appeal.eml'), {
    // The names were read on the originals; read again only when the photos lost quality.
    ocr: Boolean(businessName) && photosLostQuality && gate.check.context.ocr,
    limitBytes: settings.limitBytes,
    signal: settings.signal,
    ...(businessName ? { businessName } : {}),
  });
  return { report, ms: since(start) };
}
