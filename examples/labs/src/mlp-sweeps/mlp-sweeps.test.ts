import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MLP_SWEEPS, mlpSweeps, trialLabel } from './mlp-sweeps.js';

describe('mlp-sweeps lab (quick, wasm)', () => {
  it('names trials by their parameters', () => {
    expect(trialLabel({ h1: 32, h2: 16, lr: 0.001 })).toBe('h1=32, h2=16, lr=0.001');
  });

  it('runs every sweep through the sweep core and writes its tables and charts', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'lab-sweeps-'));
    try {
      const result = await mlpSweeps.run({ backend: 'wasm', quick: true, seed: 0, outDir, log: () => {} });
      const variants = result.rows.map((r) => r.variant);
      expect(variants.slice(0, 2)).toEqual(['reference 784-300-10, normalised, 10 epochs', 'reference 784-300-10, [0,1] inputs, 10 epochs']);
      expect(variants).toContain('learning rate: lr=0.01');
      expect(variants).toContain('3-layer grid: h1=32, h2=16');
      expect(result.rows).toHaveLength(2 + 2 + 2 + 2 + 2 + 2);
      for (const row of result.rows) expect(row.value, row.variant).toBeGreaterThan(20); // 8 Adam steps on 500 digits; chance is 10%
      const tables = await readFile(join(outDir, 'sweeps.md'), 'utf8');
      for (const sweep of MLP_SWEEPS) expect(tables).toContain(`## ${sweep.name}`);
      expect(tables).toContain('| h1 | h2 | test accuracy % |');
      expect(result.files.filter((f) => f.endsWith('.svg'))).toHaveLength(4);
      expect(await readFile(join(outDir, 'learning-rate.svg'), 'utf8')).toContain('<svg');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('--only runs just the chosen trials; the full 3-layer grid trains 10 epochs', async () => {
    const names = mlpSweeps.variantNames?.(false) ?? [];
    expect(names).toHaveLength(2 + 5 + 5 + 4 + 3 + 8);
    expect(names).toContain('3-layer grid: h1=300, h2=100, lr=0.003');
    const outDir = await mkdtemp(join(tmpdir(), 'lab-sweeps-only-'));
    try {
      const result = await mlpSweeps.run({ backend: 'wasm', quick: true, seed: 0, outDir, only: ['3-layer grid: h1=32, h2=32'], log: () => {} });
      expect(result.rows.map((r) => r.variant)).toEqual(['3-layer grid: h1=32, h2=32']);
      const tables = await readFile(join(outDir, 'sweeps.md'), 'utf8');
      expect(tables).toContain('## 3-layer grid (mlp:784-{h1}-{h2}-10, Adam, 1 epoch)');
      expect(tables).not.toContain('## learning rate');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
