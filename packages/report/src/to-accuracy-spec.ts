import type { ToAccuracyReport, ToAccuracyRow } from '@nnlab/bench';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from './learning-curve-spec.js';

/** The seed run a row's line shows: the median one (by time to target, then by best accuracy). */
export function medianSeedRun(row: ToAccuracyRow): ToAccuracyRow['seedRuns'][number] | undefined {
  const sorted = [...row.seedRuns].sort((a, b) => (a.seconds ?? Number.POSITIVE_INFINITY) - (b.seconds ?? Number.POSITIVE_INFINITY) || (b.bestAccuracy ?? 0) - (a.bestAccuracy ?? 0));
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * A Vega-Lite spec of test accuracy against wall-clock seconds of training
 * for one recipe: one line per backend/peer (its median seed's run, every
 * evaluation a point), on a log time axis (runs differ a hundredfold), and a
 * dashed rule at the target.
 *
 * @example
 * const svg = await renderSvg(toAccuracySpec(report, 'mnist-mlp'));
 */
export function toAccuracySpec(report: ToAccuracyReport, recipeName: string, options: ChartOptions = {}): TopLevelSpec {
  const recipe = report.recipes.find((r) => r.name === recipeName);
  const values = report.rows
    .filter((row) => row.recipe === recipeName && row.available)
    .flatMap((row) => {
      const label = row.kind === 'peer' ? row.contender : `nnlab ${row.contender}`;
      return (medianSeedRun(row)?.curve ?? []).map((p) => ({ contender: label, seconds: Math.max(p.seconds, 0.01), accuracy: p.accuracy, epoch: p.epoch }));
    });
  const target = recipe?.target ?? 0;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ?? `${recipeName}: test accuracy against training time (target ${(target * 100).toFixed(1)}%)`,
    width: options.width ?? 640,
    height: options.height ?? 360,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'seconds', type: 'quantitative', title: 'wall-clock seconds of training (log scale; evaluations included)', scale: { type: 'log', nice: false } },
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', axis: { format: '.0%' }, scale: { zero: false } },
          color: { field: 'contender', type: 'nominal', title: null, legend: { orient: 'bottom-right' } },
        },
      },
      {
        data: { values: [{ target }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
}
