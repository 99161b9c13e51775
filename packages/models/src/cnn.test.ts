import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { Rng } from '@nnlab/core';
import { buildModel } from './model-spec.js';

beforeAll(async () => {
  await cpuBackend.activate();
});

// PyTorch's counts for the same networks (nn.Conv2d, nn.BatchNorm2d, nn.Linear), printed by
// tools/fixtures/cnn_layers.py (labModels in packages/layers/src/fixtures/cnn-layers.json).
const PYTORCH = {
  cnn: { parameters: 108_874, stateDictKeys: 8 },
  cnn2: { parameters: 857_738, stateDictKeys: 8 },
  cnn3: { parameters: 454_250, stateDictKeys: 30 },
} as const;

describe.each(Object.entries(PYTORCH))('%s', (name, torch) => {
  it("has PyTorch's parameter count and state dict size, and maps [N, 28, 28, 1] to [N, 10]", () => {
    const model = buildModel(name, { rng: new Rng(0) });
    expect(model.numParameters()).toBe(torch.parameters);
    const state = model.stateDict();
    expect(Object.keys(state)).toHaveLength(torch.stateDictKeys);
    tf.dispose(Object.values(state));
    model.eval();
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const y = model.forward(x);
    expect(y.shape).toEqual([2, 10]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('the lab CNNs', () => {
  it('are deterministic for a seed', () => {
    const first = (seed: number): number[] => {
      const model = buildModel('cnn', { rng: new Rng(seed) });
      const values = Array.from(model.parameters()[0]!.dataSync());
      model.dispose();
      return values;
    };
    expect(first(3)).toEqual(first(3));
    expect(first(3)).not.toEqual(first(4));
  });

  it('cnn3 lays out its blocks as documented (12x12x128 = 18432 features into the classifier)', () => {
    const model = buildModel('cnn3', { rng: new Rng(0) });
    const names = model.namedParameters().map(([name, v]) => `${name} [${v.shape.join(',')}]`);
    expect(names).toEqual([
      '0.weight [5,5,1,16]', '0.bias [16]', '1.weight [16]', '1.bias [16]',
      '3.weight [5,5,16,32]', '3.bias [32]', '4.weight [32]', '4.bias [32]',
      '6.weight [5,5,32,64]', '6.bias [64]', '7.weight [64]', '7.bias [64]',
      '10.weight [5,5,64,128]', '10.bias [128]', '11.weight [128]', '11.bias [128]',
      '16.weight [18432,10]', '16.bias [10]',
    ]);
    expect(model.toString()).toMatch(/\(13\): MaxPool2d\(kernelSize=3x3, stride=1x1, padding=0x0\)[\s\S]*\(15\): Dropout\(p=0\.05\)/);
    model.dispose();
  });
});
