import { Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { expectShape } from './expect-tensor-close.js';

/** A deterministic input: plain values, materialised on whichever backend is active. */
export interface TensorSpec {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly values: readonly number[];
}

/** One row of the conformance table. */
export interface ConformanceCase {
  /** Stable name, used in `skip` lists. */
  readonly name: string;
  readonly inputs: readonly TensorSpec[];
  readonly run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Indices of (float32) inputs whose gradients are compared; none when absent. */
  readonly gradients?: readonly number[];
  /** Whether gradients are also checked against finite differences (default true when `gradients` is set). */
  readonly finiteDifference?: boolean;
  readonly rtol?: number;
  readonly atol?: number;
  /** For random ops: replaces the cross-backend value comparison with a check on the provider's outputs. */
  readonly check?: (outputs: readonly tf.Tensor[]) => void;
}

/** Deterministic input builders; every suite gets the same values from the same seed. */
class Inputs {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  private spec(shape: number[], values: number[], dtype: TensorSpec['dtype'] = 'float32'): TensorSpec {
    return { shape, dtype, values };
  }
  private size(shape: number[]): number {
    return shape.reduce((a, b) => a * b, 1);
  }
  /** Uniform in [-1, 1). */
  uniform(shape: number[]): TensorSpec {
    return this.spec(shape, Array.from({ length: this.size(shape) }, () => this.rng.uniform(-1, 1)));
  }
  /** Magnitudes in [0.2, 1.5), random signs: away from the kinks at 0 (relu, abs, ...). */
  away(shape: number[]): TensorSpec {
    return this.spec(shape, Array.from({ length: this.size(shape) }, () => (this.rng.float() < 0.5 ? -1 : 1) * this.rng.uniform(0.2, 1.5)));
  }
  /** In [0.5, 2): for log, sqrt, divisors, variances. */
  positive(shape: number[]): TensorSpec {
    return this.spec(shape, Array.from({ length: this.size(shape) }, () => this.rng.uniform(0.5, 2)));
  }
  /** Distinct values at least 0.1 apart (shuffled), so max/argmax have no near-ties. */
  distinct(shape: number[]): TensorSpec {
    const n = this.size(shape);
    return this.spec(shape, Array.from(this.rng.permutation(n), (k) => (k - n / 2) * 0.1));
  }
  /** Integers in [0, n). */
  ints(shape: number[], n: number): TensorSpec {
    return this.spec(shape, Array.from({ length: this.size(shape) }, () => this.rng.int(n)), 'int32');
  }
  bools(shape: number[]): TensorSpec {
    return this.spec(shape, Array.from({ length: this.size(shape) }, () => this.rng.int(2)), 'bool');
  }
  values(shape: number[], values: number[]): TensorSpec {
    return this.spec(shape, values);
  }
}

const t4 = (t: tf.Tensor | undefined): tf.Tensor4D => t as tf.Tensor4D;
const req = (t: tf.Tensor | undefined): tf.Tensor => {
  if (t === undefined) throw new Error('conformance case received fewer inputs than it declares');
  return t;
};

/**
 * The conformance table: every op and gradient nnlab's layers, losses and
 * optimizers use, on small deterministic inputs.
 */
export function conformanceCases(): ConformanceCase[] {
  const i = new Inputs(20240601);
  const all = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
  return [
    { name: 'matMul', inputs: [i.uniform([3, 4]), i.uniform([4, 5])], run: (a, b) => tf.matMul(req(a), req(b)), gradients: all(2) },
    { name: 'matMul transposeA', inputs: [i.uniform([4, 3]), i.uniform([4, 5])], run: (a, b) => tf.matMul(req(a), req(b), true, false), gradients: all(2) },
    { name: 'matMul transposeB', inputs: [i.uniform([3, 4]), i.uniform([5, 4])], run: (a, b) => tf.matMul(req(a), req(b), false, true), gradients: all(2) },
    { name: 'matMul transposeA transposeB', inputs: [i.uniform([4, 3]), i.uniform([5, 4])], run: (a, b) => tf.matMul(req(a), req(b), true, true), gradients: all(2) },
    { name: 'matMul batched', inputs: [i.uniform([2, 3, 4]), i.uniform([2, 4, 2])], run: (a, b) => tf.matMul(req(a), req(b)), gradients: all(2) },
    { name: 'add broadcast', inputs: [i.uniform([3, 4]), i.uniform([4])], run: (a, b) => tf.add(req(a), req(b)), gradients: all(2) },
    { name: 'sub broadcast', inputs: [i.uniform([3, 1]), i.uniform([1, 4])], run: (a, b) => tf.sub(req(a), req(b)), gradients: all(2) },
    { name: 'mul broadcast', inputs: [i.uniform([2, 3, 4]), i.uniform([3, 1])], run: (a, b) => tf.mul(req(a), req(b)), gradients: all(2) },
    { name: 'div broadcast', inputs: [i.uniform([3, 4]), i.positive([4])], run: (a, b) => tf.div(req(a), req(b)), gradients: all(2) },
    { name: 'relu', inputs: [i.away([3, 4])], run: (x) => tf.relu(req(x)), gradients: [0] },
    { name: 'leakyRelu', inputs: [i.away([3, 4])], run: (x) => tf.leakyRelu(req(x), 0.2), gradients: [0] },
    { name: 'sigmoid', inputs: [i.uniform([3, 4])], run: (x) => tf.sigmoid(req(x)), gradients: [0] },
    { name: 'tanh', inputs: [i.uniform([3, 4])], run: (x) => tf.tanh(req(x)), gradients: [0] },
    { name: 'softmax', inputs: [i.uniform([3, 5])], run: (x) => tf.softmax(req(x)), gradients: [0] },
    { name: 'logSoftmax', inputs: [i.uniform([3, 5])], run: (x) => tf.logSoftmax(req(x)), gradients: [0] },
    { name: 'exp', inputs: [i.uniform([3, 4])], run: (x) => tf.exp(req(x)), gradients: [0] },
    { name: 'log', inputs: [i.positive([3, 4])], run: (x) => tf.log(req(x)), gradients: [0] },
    { name: 'sqrt', inputs: [i.positive([3, 4])], run: (x) => tf.sqrt(req(x)), gradients: [0] },
    { name: 'square', inputs: [i.uniform([3, 4])], run: (x) => tf.square(req(x)), gradients: [0] },
    { name: 'pow', inputs: [i.positive([3, 4]), i.uniform([4])], run: (a, b) => tf.pow(req(a), req(b)), gradients: all(2) },
    // b sits halfway between the multiples of 0.1 that `distinct` yields: no ties.
    { name: 'maximum', inputs: [i.distinct([3, 4]), i.values([4], [-0.25, 0.05, 0.35, -0.45])], run: (a, b) => tf.maximum(req(a), req(b)), gradients: all(2) },
    { name: 'clipByValue', inputs: [i.values([6], [-1.2, -0.3, 0.1, 0.45, 0.8, 1.7])], run: (x) => tf.clipByValue(req(x), -0.5, 0.6), gradients: [0] },
    { name: 'sum over axis', inputs: [i.uniform([3, 4])], run: (x) => tf.sum(req(x), 1), gradients: [0] },
    { name: 'sum all', inputs: [i.uniform([2, 3, 2])], run: (x) => tf.sum(req(x)), gradients: [0] },
    { name: 'mean over axes', inputs: [i.uniform([2, 3, 4])], run: (x) => tf.mean(req(x), [0, 2]), gradients: [0] },
    { name: 'max over axis', inputs: [i.distinct([3, 4])], run: (x) => tf.max(req(x), 1), gradients: [0] },
    { name: 'reshape', inputs: [i.uniform([3, 4])], run: (x) => tf.reshape(req(x), [2, 6]), gradients: [0] },
    { name: 'transpose', inputs: [i.uniform([2, 3, 4])], run: (x) => tf.transpose(req(x), [1, 2, 0]), gradients: [0] },
    { name: 'concat', inputs: [i.uniform([2, 3]), i.uniform([2, 2])], run: (a, b) => tf.concat([req(a), req(b)], 1), gradients: all(2) },
    { name: 'slice', inputs: [i.uniform([4, 5])], run: (x) => tf.slice(req(x), [1, 2], [2, 3]), gradients: [0] },
    { name: 'gather', inputs: [i.uniform([5, 3]), i.ints([6], 5)], run: (x, idx) => tf.gather(req(x), req(idx)), gradients: [0] },
    { name: 'oneHot', inputs: [i.ints([6], 4)], run: (idx) => tf.oneHot(req(idx), 4) },
    // Losses one-hot their labels as float32; stock wasm 4.22 wrote int32 bits into float32 outputs here.
    { name: 'oneHot float32', inputs: [i.ints([6], 4)], run: (idx) => tf.oneHot(req(idx), 4, 1, 0, 'float32') },
    { name: 'oneHot float32 on/off values', inputs: [i.ints([6], 4)], run: (idx) => tf.oneHot(req(idx), 4, 0.9, 0.025, 'float32') },
    { name: 'argMax', inputs: [i.distinct([3, 5])], run: (x) => tf.argMax(req(x), 1) },
    { name: 'equal', inputs: [i.ints([8], 3), i.ints([8], 3)], run: (a, b) => tf.equal(req(a), req(b)) },
    { name: 'cast', inputs: [i.uniform([6]), i.ints([6], 5)], run: (a, b) => [tf.cast(tf.mul(req(a), 3), 'int32'), tf.cast(req(b), 'float32')] },
    { name: 'where', inputs: [i.bools([3, 4]), i.uniform([3, 4]), i.uniform([3, 4])], run: (c, a, b) => tf.where(req(c), req(a), req(b)), gradients: [1, 2] },
    {
      name: 'randomUniform (seeded)',
      inputs: [],
      run: () => tf.randomUniform([4, 5], -2, 3, 'float32', 42),
      check: ([x]) => {
        expectShape(req(x), [4, 5], 'randomUniform');
        const values = req(x).dataSync();
        if (!values.every((v) => v >= -2 && v < 3)) throw new Error(`randomUniform produced values outside [-2, 3): ${values}`);
      },
    },
    { name: 'conv2d valid', inputs: [i.uniform([2, 5, 5, 2]), i.uniform([3, 3, 2, 3])], run: (x, w) => tf.conv2d(t4(x), t4(w), 1, 'valid'), gradients: all(2), atol: 1e-4 },
    { name: 'conv2d same stride 2', inputs: [i.uniform([1, 6, 6, 3]), i.uniform([3, 3, 3, 2])], run: (x, w) => tf.conv2d(t4(x), t4(w), 2, 'same'), gradients: all(2), atol: 1e-4 },
    { name: 'maxPool', inputs: [i.distinct([2, 4, 4, 2])], run: (x) => tf.maxPool(t4(x), 2, 2, 'valid'), gradients: [0] },
    { name: 'avgPool', inputs: [i.uniform([1, 5, 5, 2])], run: (x) => tf.avgPool(t4(x), 2, 2, 'same'), gradients: [0] },
    {
      name: 'batchNorm',
      inputs: [i.uniform([2, 3, 3, 4]), i.uniform([4]), i.positive([4]), i.uniform([4]), i.positive([4])],
      run: (x, m, v, o, s) => tf.batchNorm(req(x), req(m), req(v), req(o), req(s), 1e-3),
      gradients: all(5),
      atol: 1e-4,
    },
    {
      name: 'losses.softmaxCrossEntropy',
      inputs: [i.uniform([4, 5]), i.ints([4], 5)],
      run: (logits, labels) => tf.losses.softmaxCrossEntropy(tf.oneHot(req(labels), 5), req(logits)),
      gradients: [0],
    },
    {
      name: 'adam-style update arithmetic',
      inputs: [i.uniform([3, 4]), i.uniform([3, 4]), i.positive([3, 4])],
      run: (p, m, v) => tf.sub(req(p), tf.div(tf.mul(req(m), 1e-3), tf.add(tf.sqrt(req(v)), 1e-8))),
      gradients: all(3),
    },
  ];
}
