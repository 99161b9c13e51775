import { stableStringify } from './stable-hash.js';
import type { TrialResult } from './trial-result.js';

/**
 * One result per configuration: where a configuration ran more than once
 * (ASHA's rungs), the run with the most epochs (the last of equals). A grid
 * or random search has one run per configuration, so it keeps them all.
 * Order: each configuration where it first appeared.
 *
 * @example
 * finalResults(results).length; // configurations tried, whatever rungs they reached
 */
export function finalResults(results: readonly TrialResult[]): TrialResult[] {
  const byConfiguration = new Map<string, TrialResult>();
  for (const result of results) {
    const key = stableStringify(result.parameters);
    const kept = byConfiguration.get(key);
    if (kept === undefined || result.job.epochs >= kept.job.epochs) byConfiguration.set(key, result);
  }
  return [...byConfiguration.values()];
}
