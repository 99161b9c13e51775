import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@nnlab/core';
import { ReLU } from './activations/relu.js';
import { Conv2d } from './conv/conv2d.js';
import { MaxPool2d } from './conv/max-pool2d.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { Linear } from './linear.js';
import { listLayers } from './list-layers.js';
import { modelSummary } from './model-summary.js';
import { BatchNorm2d } from './normalization/batch-norm2d.js';
import { Sequential } from './sequential.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

function smallCnn(): Sequential {
  const rng = new Rng(0);
  return new Sequential(
    new Sequential(new Conv2d(1, 4, 3, { rng }), new BatchNorm2d(4), new ReLU()),
    new MaxPool2d(2),
    new Flatten(),
    new Dropout({ p: 0.5, rng }),
    new Linear(4 * 3 * 3, 10, { rng }),
  );
}

describe('listLayers / modelSummary', () => {
  it('lists leaf layers with dotted paths and output shapes, leaves the mode alone and leaks nothing', () => {
    const model = smallCnn();
    const before = tf.memory().numTensors;
    const layers = listLayers(model, [8, 8, 1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(model.training).toBe(true);
    expect(layers.map((l) => [l.path, l.outputShape])).toEqual([
      ['0.0', [1, 6, 6, 4]], ['0.1', [1, 6, 6, 4]], ['0.2', [1, 6, 6, 4]], ['1', [1, 3, 3, 4]], ['2', [1, 36]], ['3', [1, 36]], ['4', [1, 10]],
    ]);
    expect(() => listLayers(model, [9, 9, 2])).toThrow(/model: layer 0\.0 \(Conv2d\) does not accept input \[1, 9, 9, 2\]/);
    model.dispose();
  });

  it('counts parameters and float32 activation bytes per layer for a batch, and the totals', () => {
    const model = smallCnn();
    const summary = modelSummary(model, [8, 8, 1], { batchSize: 32 });
    expect(summary.layers[0]).toMatchObject({ path: '0.0', type: 'Conv2d', outputShape: [32, 6, 6, 4], parameters: 40, activationBytes: 32 * 144 * 4 });
    expect(summary.layers[0]?.layer).toMatch(/^Conv2d\(1, 4, kernelSize=3x3/);
    expect(summary.layers.map((l) => l.parameters)).toEqual([40, 8, 0, 0, 0, 0, 370]);
    expect(summary.parameters).toBe(418);
    expect(summary.parameterBytes).toBe((418 + 4 + 4 + 1) * 4); // running mean, variance and the batch count
    const activations = 32 * 4 * (64 + 3 * 144 + 36 + 36 + 36 + 10);
    expect(summary.activationBytes).toBe(activations);
    expect(() => modelSummary(model, [8, 8, 1], { batchSize: 0 })).toThrow(/batchSize/);
    model.dispose();
  });
});
