import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { modelSummary } from '@nnlab/layers';
import { estimateModelMemory } from './estimate-model-memory.js';
import { formatBytes } from './format-bytes.js';
import { formatModelSummary } from './format-model-summary.js';
import { buildModel, parseModelSpec } from './model-spec.js';

describe('formatBytes', () => {
  it('words bytes in decimal units with 3 significant figures', () => {
    expect([formatBytes(999), formatBytes(350e6), formatBytes(12.64e9), formatBytes(2.391e12)]).toEqual(['0.999 kB', '350 MB', '12.6 GB', '2.39 TB']);
  });
});

describe('formatModelSummary', () => {
  it('aligns one row per layer and ends with totals naming the memory option', async () => {
    await cpuBackend.activate();
    const spec = parseModelSpec('mlp:784-100-10');
    const model = buildModel(spec, { rng: new Rng(0) });
    try {
      const summary = modelSummary(model, [784], { batchSize: 32 });
      const estimate = estimateModelMemory(spec, { batchSize: 32 });
      const text = formatModelSummary(summary, 'mlp:784-100-10, input [batch, 784]', estimate);
      const lines = text.split('\n');
      expect(lines[0]).toBe('mlp:784-100-10, input [batch, 784]');
      expect(lines[1]).toMatch(/^layer +output shape +parameters +memory \(batch 32\)$/);
      expect(lines.slice(2, 2 + summary.layers.length).every((line) => line.length <= lines[1]!.length)).toBe(true);
      expect(lines.find((line) => line.includes('[32, 100]'))).toMatch(/78,500 +\d/);
      expect(text).toContain(`total ${summary.parameters.toLocaleString('en-US')} parameters`);
      expect(text).toContain(`training needs about ${formatBytes(estimate.bytes)} (the estimate maxMemory checks:`);
      expect(text.endsWith(')\n')).toBe(true);
      expect(formatModelSummary(summary, 't', estimate, { memoryOption: '--max-memory' })).toContain('the estimate --max-memory checks:');
    } finally {
      model.dispose();
    }
  });
});
