import { assertOneOf } from '@nnlab/core';
import { type SweepMetric, sweepMetrics, type TrialResult } from './trial-result.js';

/** Whether larger (accuracy) or smaller (loss) values of a metric are better. */
export function metricOrder(metric: SweepMetric): 'descending' | 'ascending' {
  return metric.endsWith('Loss') ? 'ascending' : 'descending';
}

/**
 * Sorts results best first by `metric` (accuracies descending, losses
 * ascending); completed trials without that metric come next, failed trials
 * last, ties and failures in trial order. Returns a new array.
 *
 * @example
 * const [best] = rankTrials(results, 'validationAccuracy');
 */
export function rankTrials(results: readonly TrialResult[], metric: SweepMetric = 'validationAccuracy'): TrialResult[] {
  assertOneOf('metric', metric, sweepMetrics);
  const sign = metricOrder(metric) === 'descending' ? -1 : 1;
  const group = (r: TrialResult): number => (r.status === 'failed' ? 2 : r.metrics[metric] === null ? 1 : 0);
  return [...results].sort((a, b) => {
    const byGroup = group(a) - group(b);
    if (byGroup !== 0) return byGroup;
    const x = a.metrics[metric];
    const y = b.metrics[metric];
    if (x !== null && y !== null && x !== y) return sign * (x - y);
    return a.index - b.index;
  });
}
