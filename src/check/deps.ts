import type { ProbedFile } from '../media/types.js';
import type { CheckContext, CostlyFact, Message, Rule, RuleLevels } from '../rules/types.js';

/**
 * The check runner's view of the probe and the rule registry, loaded lazily: sharp and
 * ffprobe are only needed once a folder is actually checked, and `appeal --help` must not
 * pay for them.
 */

export interface ProbeApi {
  probeFiles(
    items: readonly { absPath: string; shownAs: string }[],
    options?: {
      pixels?: boolean;
      concurrency?: number;
      onDone?: (done: number, total: number, file: ProbedFile) => void;
      signal?: AbortSignal;
    },
  ): Promise<ProbedFile[]>;
}

export interface RulesApi {
  allRules: readonly Rule[];
  /** Whether a rule that needs `fact` is on, given appeal.json's levels. */
  ruleNeeds(fact: CostlyFact, levels?: RuleLevels): boolean;
  applyRules(context: CheckContext, levels?: RuleLevels): Message[];
}

export async function loadProbe(): Promise<ProbeApi> {
  return import('../media/probe.js');
}

export async function loadRules(): Promise<RulesApi> {
  return import('../rules/index.js');
}

/** Probes with pixel statistics (blur, darkness, duplicates and collages need them). */
export async function probeAll(
  items: readonly { absPath: string; shownAs: string }[],
  onDone?: (done: number, total: number, file: ProbedFile) => void,
  signal?: AbortSignal,
): Promise<ProbedFile[]> {
  const probe = await loadProbe();
  return probe.probeFiles(items, { pixels: true, onDone, signal });
}
