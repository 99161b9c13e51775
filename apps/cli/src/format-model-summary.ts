import type { ModelSummary } from '@nnlab/layers';

/** Bytes as people read them: `2.4 MB`, `416 B` (powers of 1000, as disk and RAM sizes are quoted). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * The per-layer table `nnlab summary` and `nnlab train` print: layer, output
 * shape, parameters and activation memory for the batch, then totals.
 * (Hand-aligned, as the bench table: a few columns do not justify a dependency.)
 */
export function formatModelSummary(summary: ModelSummary, title: string): string {
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
      `a training step with Adam needs about ${formatBytes(summary.trainingBytes)}`,
    '',
  ].join('\n');
}
