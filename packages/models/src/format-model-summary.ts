import type { ModelSummary } from '@nnlab/layers';
import type { ModelMemoryEstimate } from './estimate-model-memory.js';
import { formatBytes } from './format-bytes.js';

/** Options of {@link formatModelSummary}. */
export interface FormatModelSummaryOptions {
  /** How the memory-limit option is named in the totals line: `maxMemory` (default), or a program's own spelling such as `--max-memory`. */
  readonly memoryOption?: string;
}

/**
 * The per-layer table of a model as text: a title line, then layer, output
 * shape, parameters and activation memory for the batch (from `@nnlab/layers`'
 * `modelSummary`), then totals with the training estimate of
 * {@link estimateModelMemory} that a memory limit is checked against.
 * Ends with a newline. (Hand-aligned: a few columns do not justify a table dependency.)
 *
 * @example
 * const spec = parseModelSpec('mlp:784-100-10');
 * const text = formatModelSummary(modelSummary(buildModel(spec, { rng: new Rng(0) }), [784], { batchSize: 64 }), spec.text, estimateModelMemory(spec, { batchSize: 64 }));
 */
export function formatModelSummary(summary: ModelSummary, title: string, estimate: ModelMemoryEstimate, options: FormatModelSummaryOptions = {}): string {
  const header = ['layer', 'output shape', 'parameters', `memory (batch ${summary.batchSize})`];
  const rows = summary.layers.map((layer) => [
    `${layer.path.padEnd(4)} ${layer.layer}`,
    `[${layer.outputShape.join(', ')}]`,
    layer.parameters.toLocaleString('en-US'),
    formatBytes(layer.activationBytes),
  ]);
  const widths = header.map((text, column) => Math.max(text.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ').trimEnd();
  return [
    title,
    line(header),
    ...rows.map(line),
    `total ${summary.parameters.toLocaleString('en-US')} parameters (${formatBytes(summary.parameterBytes)} with buffers); ` +
      `activations ${formatBytes(summary.activationBytes)} for a batch of ${summary.batchSize}; ` +
      `training needs about ${formatBytes(estimate.bytes)} (the estimate ${options.memoryOption ?? 'maxMemory'} checks: ${formatBytes(estimate.parameterBytes)} weights, gradients, optimizer state and checkpoint copy, ` +
      `${formatBytes(estimate.activationBytes)} activations forward and backward)`,
    '',
  ].join('\n');
}
