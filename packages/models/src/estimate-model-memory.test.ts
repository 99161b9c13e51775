import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { estimateModelMemory } from './estimate-model-memory.js';
import { buildModel, parseModelSpec } from './model-spec.js';

describe('estimateModelMemory', () => {
  it.each(['mlp', 'mlp-deep', 'cnn', 'cnn2', 'cnn3', 'mlp:784-100-10,dropout=0.5', 'mlp:784-64-32-10,batchnorm=true', 'mlp:3-5-3,activation=tanh'])(
    '%s: the parameter count equals the built model\'s (plus batch-norm buffers)',
    async (text) => {
      await cpuBackend.activate();
      const spec = parseModelSpec(text);
      const model = buildModel(spec, { rng: new Rng(0) });
      const buffers = model.namedBuffers().reduce((sum, [, tensor]) => sum + tensor.size, 0);
      const estimate = estimateModelMemory(spec, { batchSize: 64 });
      expect(estimate.parameters).toBe(model.numParameters() + buffers);
      const largest = Math.max(...model.namedParameters().map(([, parameter]) => parameter.size));
      expect(estimate.largestTensor).toBe(largest);
      model.dispose();
    },
  );

  it('sizes the models nnlab refuses without building them', () => {
    const huge = estimateModelMemory(parseModelSpec('mlp:784-100000000-10'), { batchSize: 64 });
    expect(huge.parameters).toBe(784 * 1e8 + 1e8 + 1e9 + 10);
    expect(huge.largestTensor).toBeGreaterThan(2 ** 32);
    const wide = estimateModelMemory(parseModelSpec('mlp:784-1000000-10'), { batchSize: 64 });
    // 795 million parameters x 20 bytes, and 1,000 evaluation examples x 2 million values x 4 bytes.
    expect(wide.parameterBytes).toBe(795_000_010 * 20);
    expect(wide.activationBytes).toBe((784 + 2_000_000 + 10) * 4 * 1000);
  });
});
