import type { ModelSummary } from '@nnlab/layers';
import type { ModelMemoryEstimate } from '@nnlab/models';
import { formatBytes } from '@nnlab/sweeps/node';

/**
 * The per-layer table `nnlab summary` and `nnlab train` print: layer, output
 * shape, parameters and activation memory for the batch, then totals with
 * the training estimate `--max-memory` checks (`estimateModelMemory`).
 * (Hand-aligned, as the bench table: a few columns do not justify a dependency.)
 */
export function formatModelSummary(summary: ModelSummary, title: string, estimate: ModelMemoryEstimate): string {
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
      `training needs about ${formatBytes(estimate.bytes)} (the estimate --max-memory checks: ${formatBytes(estimate.parameterBytes)} weights, gradients, optimizer state and checkpoint copy, ` +
      `${formatBytes(estimate.activationBytes)} activations forward and backward)`,
    '',
  ].join('\n');
}
