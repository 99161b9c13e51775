import type { ToAccuracyReport, ToAccuracyRow } from '@nnlab/bench';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartOptions } from './learning-curve-spec.js';

/** Tableau 10: distinct hues for up to ten lines (a browser row shares its Node twin's). */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** A row's label without its environment (`nnlab wasm (browser)` -> `nnlab wasm`). */
const twinOf = (label: string): string => label.replace(/ \(browser[^)]*\)$/, '');

/** The seed run a row's line shows: the median one (by time to target, then by best accuracy). */
export function medianSeedRun(row: ToAccuracyRow): ToAccuracyRow['seedRuns'][number] | undefined {
  const sorted = [...row.seedRuns].sort((a, b) => (a.seconds ?? Number.POSITIVE_INFINITY) - (b.seconds ?? Number.POSITIVE_INFINITY) || (b.bestAccuracy ?? 0) - (a.bestAccuracy ?? 0));
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * A Vega-Lite spec of test accuracy against wall-clock seconds of training
 * for one recipe: one line per backend/peer (its median seed's run, every
 * evaluation a point; rows trained in headless Chromium dashed), on a log
 * time axis (runs differ a hundredfold), and a dashed rule at the target.
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
      const where = row.environment === 'browser' ? 'headless Chromium' : 'Node';
      return (medianSeedRun(row)?.curve ?? []).map((p) => ({ contender: label, where, seconds: Math.max(p.seconds, 0.01), accuracy: p.accuracy, epoch: p.epoch }));
    });
  const target = recipe?.target ?? 0;
  // Legend order: as the rows come (Node backends, browser backends, peers), not alphabetical.
  const labels = [...new Set(values.map((v) => v.contender))];
  const twins = [...new Set(labels.map(twinOf))];
  const colourOf = (label: string): string => PALETTE[twins.indexOf(twinOf(label)) % PALETTE.length] as string;
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
          x: { field: 'seconds', type: 'quantitative', title: 'wall-clock seconds of training (log scale; evaluations included)', scale: { type: 'log', nice: false, padding: 8 } },
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', axis: { format: '.0%' }, scale: { zero: false } },
          // Beside the plot, labels whole: up to a dozen rows (Node backends, browser backends with their renderer, peers).
          // A browser row shares its Node twin's colour (wasm and wasm in the browser) and is dashed, line and legend alike.
          color: {
            field: 'contender',
            type: 'nominal',
            title: null,
            scale: { domain: labels, range: labels.map((label) => colourOf(label)) },
            legend: {
              orient: 'right',
              labelLimit: 400,
              symbolType: 'stroke',
              symbolStrokeWidth: 2,
              symbolSize: 300,
              // opacity as Vega-Lite sets it for the line's points, so the two legends it merges agree (else it warns).
              encoding: { symbols: { opacity: { value: 1 }, strokeDash: { condition: { test: "indexof(datum.value, '(browser') >= 0", value: [6, 3] }, value: [1, 0] } } },
            },
          },
          strokeDash: { field: 'where', type: 'nominal', scale: { domain: ['Node', 'headless Chromium'], range: [[1, 0], [6, 3]] }, legend: null },
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
