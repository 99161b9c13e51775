import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activateBackend } from '../activate-backend.js';
import { SOFTMAX_MOMENTUM_VARIANTS, softmaxMomentum } from './softmax-momentum.js';

describe('softmax-momentum lab (quick, wasm)', () => {
  it('trains every variant above chance, draws one chart and leaks nothing', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'lab-softmax-'));
    try {
      await activateBackend({ backend: 'wasm' });
      const before = tf.memory().numTensors;
      const result = await softmaxMomentum.run({ backend: 'wasm', quick: true, seed: 0, outDir, log: () => {} });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.rows.map((r) => r.variant)).toEqual(SOFTMAX_MOMENTUM_VARIANTS.map((v) => v.name));
      for (const row of result.rows) {
        expect(row.metric).toBe('test accuracy %');
        expect(row.value, row.variant).toBeGreaterThanOrEqual(0);
        expect(row.value, row.variant).toBeLessThanOrEqual(100);
        expect(row.seconds).toBeGreaterThan(0);
      }
      // 20 steps on 1,000 digits: the log-loss baselines are well above chance (10%).
      const accuracy = (variant: string): number => result.rows.find((r) => r.variant === variant)?.value ?? Number.NaN;
      expect(accuracy('softmax+log-loss, lr 0.5')).toBeGreaterThan(30);
      expect(accuracy('Adagrad, lr 0.1')).toBeGreaterThan(50);
      const svg = await readFile(join(outDir, 'accuracy.svg'), 'utf8');
      expect(svg).toContain('<svg');
      expect(svg).toContain('shifts+rotations');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
