import { basename } from 'node:path';
import type { ClipFacts } from '../interview/trim.js';

/**
 * What `appeal init` learns about a chosen clip to propose the part to keep: its length
 * (ffprobe) and, for a clip over a minute, the moments where the business name was read
 * (the same OCR as `appeal check`). Null when the file cannot be read as a video.
 */
export async function inspectClip(
  absPath: string,
  businessName: string | null,
  options: { onReading?: (file: string) => void } = {},
): Promise<ClipFacts | null> {
  const { probeFile } = await import('../media/probe.js');
  const probed = await probeFile(absPath, basename(absPath));
  if (probed.kind !== 'video' || probed.error || !(probed.durationSec && probed.durationSec > 0)) return null;
  const facts: ClipFacts = { durationSec: probed.durationSec, seenAt: [] };
  if (!businessName || probed.durationSec <= 60.5) return facts;
  options.onReading?.(probed.file);
  try {
    const { findBusinessNames } = await import('../media/ocr.js');
    const result = (await findBusinessNames([probed], businessName)).get(absPath);
    if (result?.seenAt?.length) facts.seenAt = [...result.seenAt];
    else if (result?.found && typeof result.atSec === 'number') facts.seenAt = [result.atSec];
  } catch {
    // Without the name's whereabouts the proposal is the first seconds of the clip.
  }
  return facts;
}
