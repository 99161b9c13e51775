import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@nnlab/core';
import { ReLU } from './activations/relu.js';
import { AvgPool2d } from './conv/avg-pool2d.js';
import { Conv2d } from './conv/conv2d.js';
import { MaxPool2d } from './conv/max-pool2d.js';
import { Flatten } from './flatten.js';
import { Linear } from './linear.js';
import { crossEntropy } from './losses/cross-entropy.js';
import { BatchNorm2d } from './normalization/batch-norm2d.js';
import { Sequential } from './sequential.js';
import { expectClose, TOLERANCE } from './expect-close.test-helper.js';
import { cnnFixture } from './cnn-fixture.test-helper.js';
import { useCpuBackend } from './use-cpu-backend.test-helper.js';

beforeAll(useCpuBackend);

/** The fixture's network: conv - BN - ReLU - maxpool - conv (pad 1) - ReLU - avgpool - flatten - linear. */
function smallCnn(rng: Rng): Sequential {
  return new Sequential(
    new Conv2d(1, 4, 3, { rng }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3, { rng, padding: 1 }),
    new ReLU(),
    new AvgPool2d(2),
    new Flatten(),
    new Linear(24, 5, { rng }),
  );
}

describe('a small CNN matches PyTorch', () => {
  const c = cnnFixture.smallCnn;

  it('has the same state dict keys', () => {
    const model = smallCnn(new Rng(0));
    const state = model.stateDict();
    expect(Object.keys(state).sort()).toEqual([...c.stateDictKeys].sort());
    tf.dispose(Object.values(state));
    model.dispose();
  });

  it('logits, loss, every parameter gradient and the batch-norm buffers after one training step', () => {
    const model = smallCnn(new Rng(0));
    const state = Object.fromEntries(Object.entries(c.parameters).map(([name, values]) => [name, tf.tensor(values)]));
    model.loadStateDict(state, { strict: false });
    const x = tf.tensor(c.x);
    const labels = tf.tensor1d(c.labels, 'int32');
    const named = model.namedParameters();
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.forward(x);
      expectClose(logits, c.logits, TOLERANCE, 'logits');
      return crossEntropy(logits, labels) as tf.Scalar;
    });
    expect(value.dataSync()[0]).toBeCloseTo(c.loss, 5);
    for (const [name, variable] of named) expectClose(grads[variable.name]!, c.gradients[name]!, TOLERANCE, `gradient of ${name}`);
    for (const [name, buffer] of model.namedBuffers()) {
      if (buffer.dtype === 'int32') expect(buffer.dataSync()[0]).toBe(c.buffersAfter[name]);
      else expectClose(buffer, c.buffersAfter[name]!, TOLERANCE, name);
    }
    tf.dispose([x, labels, value, ...Object.values(grads), ...Object.values(state)]);
    model.dispose();
  });
});

describe('training a small CNN with batch norm', () => {
  it('keeps tf.memory().numTensors flat over 20 steps (variableGrads + tidy, as the trainer does)', () => {
    const rng = new Rng(1);
    const model = smallCnn(rng);
    const x = tf.randomNormal([4, 10, 10, 1], 0, 1, 'float32', 3);
    const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    const step = (): number => {
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), labels) as tf.Scalar, model.parameters());
        for (const variable of model.parameters()) variable.assign(tf.sub(variable, tf.mul(grads[variable.name]!, 0.1)));
        return value;
      });
      const result = loss.dataSync()[0] as number;
      loss.dispose();
      return result;
    };
    const first = step();
    const start = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = step();
    expect(tf.memory().numTensors).toBe(start);
    expect(last).toBeLessThan(first);
    const tracked = model.namedBuffers().find(([name]) => name === '1.num_batches_tracked')![1];
    expect(tracked.dataSync()[0]).toBe(21);
    model.eval();
    const logits = model.forward(x);
    expect(logits.shape).toEqual([4, 5]);
    tf.dispose([x, labels, logits]);
    model.dispose();
  });
});
