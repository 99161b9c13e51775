import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { DataLoader } from '@nnlab/datasets';
import { adam } from '@nnlab/optimizers';
import { fit } from '@nnlab/trainers';
import { blobDataset, smallModel } from './checkpoint.test-helper.js';
import { checkpointCallback } from './checkpoint-callback.js';

// The CI version of `pnpm soak` (tools/soak.mjs, issue 10): 1,000 steps of `fit` with Adam, dropout,
// a shuffling loader, validation every epoch and a checkpoint every 100 steps; the tensors tfjs holds
// must be exactly the same count and bytes at every sample after warm-up (nothing leaks per step,
// per epoch, per evaluation or per save).
describe('soak (cpu, 1,000 steps)', () => {
  it('numTensors and numBytes are exactly flat after warm-up', async () => {
    await cpuBackend.activate();
    const dir = await mkdtemp(join(tmpdir(), 'nnlab-soak-'));
    const model = smallModel(1, 16);
    const optimizer = adam(model, { learningRate: 0.01 });
    const train = new DataLoader(blobDataset(64, 2), { batchSize: 8, shuffle: true, rng: new Rng(3), flatten: true });
    const validation = new DataLoader(blobDataset(16, 4), { batchSize: 16, flatten: true });
    const samples: Array<{ step: number; numTensors: number; numBytes: number }> = [];
    try {
      await fit(model, optimizer, {
        train,
        validation,
        epochs: 1000 / 8,
        callbacks: [
          checkpointCallback(dir, { everySteps: 100, rngs: { shuffle: train } }),
          {
            // Sampled at settled steps, so no step result is in flight.
            settleAt: (step) => step % 50 === 0,
            onBatchEnd(log) {
              if (log.globalStep % 50 === 0) samples.push({ step: log.globalStep, ...tf.memory() });
            },
          },
        ],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(samples).toHaveLength(20);
    const [warm, ...steady] = samples;
    for (const sample of steady) expect(sample, `step ${sample.step}`).toMatchObject({ numTensors: warm?.numTensors, numBytes: warm?.numBytes });
    model.dispose();
    optimizer.dispose();
  }, 60_000);
});
