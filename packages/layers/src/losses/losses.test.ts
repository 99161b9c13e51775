import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeMismatchError } from '@nnlab/core';
import { expectClose } from '../expect-close.test-helper.js';
import { fixture, type LossFixture } from '../layers-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
import { mseLoss } from './mse-loss.js';
import { nllLoss } from './nll-loss.js';
import type { Reduction } from './reduction.js';

beforeAll(useCpuBackend);

const LOSSES: Record<string, (a: tf.Tensor, b: tf.Tensor, options: CrossEntropyOptions) => tf.Tensor> = {
  crossEntropyIndices: crossEntropy,
  crossEntropyProbabilities: crossEntropy,
  crossEntropySmoothing: crossEntropy,
  crossEntropyHugeLogits: crossEntropy,
  nllLoss,
  mseLoss,
  binaryCrossEntropy,
  binaryCrossEntropyEdges: binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsEdges: binaryCrossEntropyWithLogits,
};

const cases = fixture.losses.flatMap((c) => (['mean', 'sum', 'none'] as const).map((r): [string, Reduction, LossFixture] => [c.name, r, c]));

// PyTorch float64 reference vs our float32: rtol 1e-5, atol 1e-6.
describe.each(cases)('%s, reduction %s, matches PyTorch', (name, reduction, c) => {
  it('value and gradients', () => {
    const loss = LOSSES[name]!;
    const reference = c.reductions[reduction];
    const input = tf.tensor(c.input);
    const target = c.targetIsIndices ? tf.tensor(c.target, undefined, 'int32') : tf.tensor(c.target);
    const options = { ...c.options, reduction };
    const dy = reference.dy === undefined ? null : tf.tensor(reference.dy);
    const objective = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      const value = loss(a, b, options);
      return dy === null ? value : tf.sum(tf.mul(value, dy));
    };
    const value = loss(input, target, options);
    expect(value.rank).toBe(reduction === 'none' ? input.rank - (name.startsWith('crossEntropy') || name === 'nllLoss' ? 1 : 0) : 0);
    expectClose(value, reference.value);
    const [inputGrad] = tf.grads((a: tf.Tensor) => objective(a, target))([input]);
    expectClose(inputGrad!, reference.inputGrad);
    if (reference.targetGrad !== undefined) {
      const [targetGrad] = tf.grads((b: tf.Tensor) => objective(input, b))([target]);
      expectClose(targetGrad!, reference.targetGrad);
      targetGrad!.dispose();
    }
    tf.dispose([input, target, value, inputGrad!, ...(dy ? [dy] : [])]);
  });
});

describe('loss validation', () => {
  it('names both shapes on a mismatch', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 2]);
    expect(() => mseLoss(a, b)).toThrow(ShapeMismatchError);
    expect(() => mseLoss(a, b)).toThrow(/prediction shape \[2, 3\] and target shape \[3, 2\]/);
    expect(() => binaryCrossEntropy(a, b)).toThrow(/\[2, 3\].*\[3, 2\]/);
    expect(() => binaryCrossEntropyWithLogits(a, b)).toThrow(ShapeMismatchError);
    tf.dispose([a, b]);
  });

  it('says which targets crossEntropy and nllLoss accept', () => {
    const logits = tf.zeros([2, 3]);
    const floatLabels = tf.tensor1d([0, 1]);
    const wrongCount = tf.tensor1d([0, 1, 2], 'int32');
    expect(() => crossEntropy(logits, floatLabels)).toThrow(
      /target must be int32 class indices \[2\] or float32 probabilities \[2, 3\]; got float32 \[2\]/,
    );
    expect(() => crossEntropy(logits, wrongCount)).toThrow(ShapeMismatchError);
    expect(() => nllLoss(logits, logits)).toThrow(/target must be int32 class indices \[2\]; got float32 \[2, 3\]/);
    expect(() => crossEntropy(tf.zeros([3]), wrongCount)).toThrow(/input must be float32 \[N, C\]/);
    tf.dispose([logits, floatLabels, wrongCount]);
  });

  it('rejects unknown reductions and bad label smoothing before computing', () => {
    const a = tf.zeros([2, 3]);
    const labels = tf.tensor1d([0, 1], 'int32');
    expect(() => mseLoss(a, a, { reduction: 'avg' as never })).toThrow(InvalidArgumentError);
    expect(() => crossEntropy(a, labels, { reduction: 'avg' as never })).toThrow(/reduction must be one of "mean", "sum", "none"/);
    expect(() => crossEntropy(a, labels, { labelSmoothing: 1.5 })).toThrow(/labelSmoothing/);
    tf.dispose([a, labels]);
  });

  it('crossEntropy on probabilities equals nllLoss on logSoftmax for one-hot targets', () => {
    const logits = tf.tensor2d([[1, 2, 3], [0.5, -1, 2]]);
    const labels = tf.tensor1d([2, 0], 'int32');
    const oneHot = tf.oneHot(labels, 3, 1, 0, 'float32');
    expectClose(crossEntropy(logits, oneHot), nllLoss(tf.logSoftmax(logits), labels));
    expectClose(crossEntropy(logits, labels), nllLoss(tf.logSoftmax(logits), labels));
  });

  it('does not leak tensors', () => {
    const logits = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
    const probabilities = tf.sigmoid(logits);
    const targets = tf.onesLike(logits);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grads((x: tf.Tensor) => crossEntropy(x, labels))([logits]);
      tf.grads((x: tf.Tensor) => binaryCrossEntropy(x, targets))([probabilities]);
      tf.grads((x: tf.Tensor) => binaryCrossEntropyWithLogits(x, targets))([logits]);
    });
    const values = [crossEntropy(logits, labels), mseLoss(logits, targets), binaryCrossEntropy(probabilities, targets)];
    expect(tf.memory().numTensors).toBe(before + values.length);
    tf.dispose([logits, labels, probabilities, targets, ...values]);
  });
});
