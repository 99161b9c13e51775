import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericalGradients } from './numerical-gradients.js';
import { gradientKernelNames, registerGradients } from './register-gradients.js';

/**
 * Every gradient we register, checked against central finite differences
 * (float64 accumulation, epsilon 1e-2). The objective is sum(f(x) * w) with a
 * fixed random w, so gradients that a plain sum would hide (softmax: exactly
 * 0) are tested too. Inputs keep away from kinks (0 for relu/abs, ties for
 * max, clip bounds) by more than epsilon. Tolerance: |analytic - numeric| <=
 * 2e-3 + 1e-2 * |numeric|, about 20x the float32 round-off of the
 * differences and far below the O(1) error of a wrong gradient.
 */

type Kind = 'any' | 'positive' | 'unit';
interface InputSpec {
  readonly shape: number[];
  readonly kind?: Kind;
  readonly values?: number[];
}
interface GradientCase {
  readonly name: string;
  /** Kernels this row must dispatch (checked with tf.profile). */
  readonly kernels: readonly string[];
  readonly inputs: readonly InputSpec[];
  readonly f: (...xs: tf.Tensor[]) => tf.Tensor;
}

const ATOL = 2e-3;
const RTOL = 1e-2;

const s = (shape: number[], kind: Kind = 'any'): InputSpec => ({ shape, kind });
const v = (shape: number[], values: number[]): InputSpec => ({ shape, values });
const int = (values: number[], shape = [values.length]): tf.Tensor => tf.tensor(values, shape, 'int32');

const CASES: GradientCase[] = [
  // Binary, with broadcasting.
  { name: 'Add [2,3] + [3]', kernels: ['Add'], inputs: [s([2, 3]), s([3])], f: (a, b) => tf.add(a!, b!) },
  { name: 'Add [2,1] + [1,3]', kernels: ['Add'], inputs: [s([2, 1]), s([1, 3])], f: (a, b) => tf.add(a!, b!) },
  { name: 'Sub [2,3] - [2,1]', kernels: ['Sub'], inputs: [s([2, 3]), s([2, 1])], f: (a, b) => tf.sub(a!, b!) },
  { name: 'Multiply [2,3] * [3]', kernels: ['Multiply'], inputs: [s([2, 3]), s([3])], f: (a, b) => tf.mul(a!, b!) },
  { name: 'Multiply [2,3] * scalar', kernels: ['Multiply'], inputs: [s([2, 3]), s([])], f: (a, b) => tf.mul(a!, b!) },
  { name: 'RealDiv [2,3] / [3]', kernels: ['RealDiv'], inputs: [s([2, 3]), s([3], 'positive')], f: (a, b) => tf.div(a!, b!) },
  { name: 'RealDiv [1,3] / [2,1]', kernels: ['RealDiv'], inputs: [s([1, 3]), s([2, 1], 'positive')], f: (a, b) => tf.div(a!, b!) },
  { name: 'SquaredDifference [2,3], [3]', kernels: ['SquaredDifference'], inputs: [s([2, 3]), s([3])], f: (a, b) => tf.squaredDifference(a!, b!) },
  { name: 'Pow [2,3] ^ [3]', kernels: ['Pow'], inputs: [s([2, 3], 'positive'), s([3])], f: (a, b) => tf.pow(a!, b!) },
  { name: 'Pow x ^ 3 (negative base)', kernels: ['Pow'], inputs: [s([4])], f: (a) => tf.pow(a!, 3) },
  { name: 'Maximum [2,3], [3]', kernels: ['Maximum'], inputs: [s([2, 3]), s([3])], f: (a, b) => tf.maximum(a!, b!) },
  { name: 'Minimum [2,3], [2,1]', kernels: ['Minimum'], inputs: [s([2, 3]), s([2, 1])], f: (a, b) => tf.minimum(a!, b!) },
  { name: 'AddN of three', kernels: ['AddN'], inputs: [s([2, 2]), s([2, 2]), s([2, 2])], f: (a, b, c) => tf.addN([a!, b!, c!]) },
  { name: 'AddN with a repeated input', kernels: ['AddN'], inputs: [s([3])], f: (a) => tf.addN([a!, a!, tf.square(a!)]) },
  { name: 'Prelu x [2,3], alpha [3]', kernels: ['Prelu'], inputs: [s([2, 3]), s([3])], f: (x, a) => tf.prelu(x!, a!) },
  // Unary math.
  { name: 'Neg', kernels: ['Neg'], inputs: [s([5])], f: (x) => tf.neg(x!) },
  { name: 'Square', kernels: ['Square'], inputs: [s([5])], f: (x) => tf.square(x!) },
  { name: 'Sqrt', kernels: ['Sqrt'], inputs: [s([5], 'positive')], f: (x) => tf.sqrt(x!) },
  { name: 'Rsqrt', kernels: ['Rsqrt'], inputs: [s([5], 'positive')], f: (x) => tf.rsqrt(x!) },
  { name: 'Exp', kernels: ['Exp'], inputs: [s([5])], f: (x) => tf.exp(x!) },
  { name: 'Expm1', kernels: ['Expm1'], inputs: [s([5])], f: (x) => tf.expm1(x!) },
  { name: 'Log', kernels: ['Log'], inputs: [s([5], 'positive')], f: (x) => tf.log(x!) },
  { name: 'Log1p', kernels: ['Log1p'], inputs: [s([5], 'positive')], f: (x) => tf.log1p(x!) },
  { name: 'Reciprocal', kernels: ['Reciprocal'], inputs: [s([5], 'positive')], f: (x) => tf.reciprocal(x!) },
  { name: 'Abs', kernels: ['Abs'], inputs: [s([6])], f: (x) => tf.abs(x!) },
  { name: 'Sin', kernels: ['Sin'], inputs: [s([5])], f: (x) => tf.sin(x!) },
  { name: 'Cos', kernels: ['Cos'], inputs: [s([5])], f: (x) => tf.cos(x!) },
  { name: 'Erf', kernels: ['Erf'], inputs: [s([5])], f: (x) => tf.erf(x!) },
  // Activations.
  { name: 'Relu', kernels: ['Relu'], inputs: [s([6])], f: (x) => tf.relu(x!) },
  { name: 'Relu6', kernels: ['Relu6'], inputs: [v([6], [-1, 0.5, 2, 5.5, 6.5, 9])], f: (x) => tf.relu6(x!) },
  { name: 'LeakyRelu alpha 0.1', kernels: ['LeakyRelu'], inputs: [s([6])], f: (x) => tf.leakyRelu(x!, 0.1) },
  { name: 'Elu', kernels: ['Elu'], inputs: [s([6])], f: (x) => tf.elu(x!) },
  { name: 'Selu', kernels: ['Selu'], inputs: [s([6])], f: (x) => tf.selu(x!) },
  { name: 'Sigmoid', kernels: ['Sigmoid'], inputs: [s([6])], f: (x) => tf.sigmoid(x!) },
  { name: 'Tanh', kernels: ['Tanh'], inputs: [s([6])], f: (x) => tf.tanh(x!) },
  { name: 'Softplus', kernels: ['Softplus'], inputs: [s([6])], f: (x) => tf.softplus(x!) },
  { name: 'Softmax [2,4] last axis', kernels: ['Softmax'], inputs: [s([2, 4])], f: (x) => tf.softmax(x!) },
  { name: 'ClipByValue [-0.5, 0.7]', kernels: ['ClipByValue'], inputs: [v([6], [-1, -0.3, 0.1, 0.6, 0.9, 2])], f: (x) => tf.clipByValue(x!, -0.5, 0.7) },
  // Composite ops built with customGrad or from the kernels above.
  { name: 'logSoftmax (customGrad)', kernels: [], inputs: [s([2, 4])], f: (x) => tf.logSoftmax(x!) },
  { name: 'losses.softmaxCrossEntropy', kernels: [], inputs: [s([3, 4])], f: (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(int([0, 3, 1]), 4), x!) },
  { name: 'losses.sigmoidCrossEntropy', kernels: [], inputs: [s([2, 3])], f: (x) => tf.losses.sigmoidCrossEntropy(tf.tensor2d([[0, 1, 1], [1, 0, 0]]), x!) },
  { name: 'losses.meanSquaredError', kernels: ['SquaredDifference'], inputs: [s([2, 3]), s([2, 3])], f: (p, t) => tf.losses.meanSquaredError(t!, p!) },
  { name: 'moments (mean and variance)', kernels: ['Mean'], inputs: [s([3, 4])], f: (x) => { const m = tf.moments(x!, 0); return tf.add(m.mean, m.variance); } },
  { name: 'fused.matMul + bias + relu', kernels: [], inputs: [s([2, 3]), s([3, 4]), s([4])], f: (a, b, c) => tf.fused.matMul({ a: a!, b: b!, bias: c!, activation: 'relu' }) },
  { name: 'fused.conv2d + bias + relu', kernels: [], inputs: [s([1, 4, 4, 2]), s([3, 3, 2, 3]), s([3])], f: (x, w, b) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b!, strides: 1, pad: 'same', activation: 'relu' }) },
  { name: 'dropout-style mask multiply', kernels: ['Multiply', 'RealDiv'], inputs: [s([2, 3])], f: (x) => tf.div(tf.mul(x!, tf.tensor2d([[1, 0, 1], [0, 1, 1]])), 0.8) },
  // Matrix multiplication.
  { name: 'BatchMatMul [2,3]x[3,4]', kernels: ['BatchMatMul'], inputs: [s([2, 3]), s([3, 4])], f: (a, b) => tf.matMul(a!, b!) },
  { name: 'BatchMatMul transposeA', kernels: ['BatchMatMul'], inputs: [s([3, 2]), s([3, 4])], f: (a, b) => tf.matMul(a!, b!, true, false) },
  { name: 'BatchMatMul transposeB', kernels: ['BatchMatMul'], inputs: [s([2, 3]), s([4, 3])], f: (a, b) => tf.matMul(a!, b!, false, true) },
  { name: 'BatchMatMul transposeA+B', kernels: ['BatchMatMul'], inputs: [s([3, 2]), s([4, 3])], f: (a, b) => tf.matMul(a!, b!, true, true) },
  { name: 'BatchMatMul batched [2,2,3]x[2,3,2]', kernels: ['BatchMatMul'], inputs: [s([2, 2, 3]), s([2, 3, 2])], f: (a, b) => tf.matMul(a!, b!) },
  { name: 'BatchMatMul broadcast batch [2,2,3]x[1,3,2]', kernels: ['BatchMatMul'], inputs: [s([2, 2, 3]), s([1, 3, 2])], f: (a, b) => tf.matMul(a!, b!) },
  // Reductions.
  { name: 'Sum axis 1', kernels: ['Sum'], inputs: [s([2, 3])], f: (x) => tf.sum(x!, 1) },
  { name: 'Sum all', kernels: ['Sum'], inputs: [s([2, 3])], f: (x) => tf.sum(x!) },
  { name: 'Sum axes [0,2] keepDims', kernels: ['Sum'], inputs: [s([2, 3, 2])], f: (x) => tf.sum(x!, [0, 2], true) },
  { name: 'Mean axis 0', kernels: ['Mean'], inputs: [s([3, 2])], f: (x) => tf.mean(x!, 0) },
  { name: 'Mean all', kernels: ['Mean'], inputs: [s([2, 3])], f: (x) => tf.mean(x!) },
  { name: 'Max axis 1', kernels: ['Max'], inputs: [s([3, 4])], f: (x) => tf.max(x!, 1) },
  { name: 'Max all keepDims', kernels: ['Max'], inputs: [s([2, 3])], f: (x) => tf.max(x!, undefined, true) },
  { name: 'Min axis 0', kernels: ['Min'], inputs: [s([3, 4])], f: (x) => tf.min(x!, 0) },
  // Moving values around.
  { name: 'Reshape', kernels: ['Reshape'], inputs: [s([2, 3])], f: (x) => tf.reshape(x!, [3, 2]) },
  { name: 'ExpandDims', kernels: ['ExpandDims'], inputs: [s([2, 3])], f: (x) => tf.expandDims(x!, 1) },
  { name: 'Squeeze (Reshape)', kernels: ['Reshape'], inputs: [s([2, 1, 3])], f: (x) => tf.squeeze(x!) },
  { name: 'Cast', kernels: ['Cast'], inputs: [s([4])], f: (x) => tf.cast(x!, 'float32') },
  { name: 'Identity (clone)', kernels: ['Identity'], inputs: [s([4])], f: (x) => tf.clone(x!) },
  { name: 'Transpose perm [2,0,1]', kernels: ['Transpose'], inputs: [s([2, 3, 2])], f: (x) => tf.transpose(x!, [2, 0, 1]) },
  { name: 'Tile [2,3] reps [2,3]', kernels: ['Tile'], inputs: [s([2, 3])], f: (x) => tf.tile(x!, [2, 3]) },
  { name: 'Tile [2,1,2] reps [1,3,2]', kernels: ['Tile'], inputs: [s([2, 1, 2])], f: (x) => tf.tile(x!, [1, 3, 2]) },
  { name: 'broadcastTo [1,3] -> [2,3] (Tile)', kernels: ['Tile'], inputs: [s([1, 3])], f: (x) => tf.broadcastTo(x!, [2, 3]) },
  { name: 'broadcastTo [3] -> [2,2,3] (Reshape, Tile)', kernels: ['Reshape', 'Tile'], inputs: [s([3])], f: (x) => tf.broadcastTo(x!, [2, 2, 3]) },
  { name: 'Concat axis 1', kernels: ['Concat'], inputs: [s([2, 1]), s([2, 3]), s([2, 2])], f: (a, b, c) => tf.concat([a!, b!, c!], 1) },
  { name: 'Concat axis -1 with itself', kernels: ['Concat'], inputs: [s([2, 2])], f: (a) => tf.concat([a!, a!], -1) },
  { name: 'Slice', kernels: ['Slice'], inputs: [s([3, 4])], f: (x) => tf.slice(x!, [1, 1], [2, -1]) },
  { name: 'StridedSlice stride 2 with masks', kernels: ['StridedSlice'], inputs: [s([4, 5])], f: (x) => tf.stridedSlice(x!, [1, 0], [0, 5], [1, 2], 0, 1) },
  { name: 'StridedSlice negative stride', kernels: ['StridedSlice'], inputs: [s([3, 4])], f: (x) => tf.stridedSlice(x!, [0, 3], [3, 0], [2, -1]) },
  { name: 'StridedSlice shrink axis', kernels: ['StridedSlice'], inputs: [s([3, 4])], f: (x) => tf.stridedSlice(x!, [1, 0], [2, 4], [1, 2], 0, 0, 0, 0, 1) },
  { name: 'PadV2', kernels: ['PadV2'], inputs: [s([2, 3])], f: (x) => tf.pad(x!, [[1, 0], [2, 1]], 0.5) },
  { name: 'GatherV2 axis 0 with duplicates', kernels: ['GatherV2'], inputs: [s([4, 2])], f: (x) => tf.gather(x!, int([3, 0, 3, 1, 3])) },
  { name: 'GatherV2 axis 1, 2-d indices', kernels: ['GatherV2'], inputs: [s([2, 4, 2])], f: (x) => tf.gather(x!, int([1, 1, 0, 2], [2, 2]), 1) },
  { name: 'Select (where)', kernels: ['Select'], inputs: [s([2, 3]), s([2, 3])], f: (a, b) => tf.where(tf.tensor2d([[1, 0, 1], [0, 0, 1]], [2, 3], 'bool'), a!, b!) },
  { name: 'Select with a mask computed from x', kernels: ['Select', 'Greater'], inputs: [s([6])], f: (x) => tf.where(tf.greater(x!, 0), tf.square(x!), tf.mul(x!, 3)) },
  { name: 'Pack (stack) axis 1', kernels: ['Pack'], inputs: [s([2, 3]), s([2, 3])], f: (a, b) => tf.stack([a!, b!], 1) },
  { name: 'Unpack (unstack), one output used', kernels: ['Unpack'], inputs: [s([3, 2])], f: (x) => tf.mul(tf.unstack(x!)[1]!, 2) },
  { name: 'Unpack (unstack), all outputs', kernels: ['Unpack'], inputs: [s([2, 3])], f: (x) => tf.addN(tf.unstack(x!, 1).map((t, i) => tf.mul(t, i + 1))) },
  { name: 'SplitV uneven, second part used', kernels: ['SplitV'], inputs: [s([2, 5])], f: (x) => tf.split(x!, [2, 3], 1)[1]! },
  { name: 'Reverse axis 1', kernels: ['Reverse'], inputs: [s([2, 3])], f: (x) => tf.reverse(x!, 1) },
  // Piecewise-constant kernels: zero gradient, tested together with an identity path.
  { name: 'Floor, Ceil, Round, Sign (zero)', kernels: ['Floor', 'Ceil', 'Round', 'Sign'], inputs: [v([4], [0.3, 1.2, -0.7, 2.6])], f: (x) => tf.addN([tf.floor(x!), tf.ceil(x!), tf.round(x!), tf.sign(x!), x!]) },
  { name: 'Step, OnesLike, ZerosLike (zero)', kernels: ['Step', 'OnesLike', 'ZerosLike'], inputs: [s([4])], f: (x) => tf.addN([tf.step(x!), tf.onesLike(x!), tf.zerosLike(x!), tf.mul(x!, 2)]) },
  { name: 'comparisons (zero)', kernels: ['Equal', 'NotEqual', 'Less', 'LessEqual', 'GreaterEqual'], inputs: [s([4]), s([4])], f: (a, b) => tf.addN([tf.cast(tf.equal(a!, b!), 'float32'), tf.cast(tf.notEqual(a!, b!), 'float32'), tf.cast(tf.less(a!, b!), 'float32'), tf.cast(tf.lessEqual(a!, b!), 'float32'), tf.cast(tf.greaterEqual(a!, b!), 'float32'), tf.mul(a!, b!)]) },
  { name: 'IsNan, IsInf, IsFinite (zero)', kernels: ['IsNan', 'IsInf', 'IsFinite'], inputs: [s([4])], f: (x) => tf.addN([tf.cast(tf.isNaN(x!), 'float32'), tf.cast(tf.isInf(x!), 'float32'), tf.cast(tf.isFinite(x!), 'float32'), x!]) },
  { name: 'ArgMax, ArgMin, OneHot (zero)', kernels: ['ArgMax', 'ArgMin', 'OneHot'], inputs: [s([2, 3])], f: (x) => tf.mul(tf.add(tf.oneHot(tf.argMax(x!, 1), 3), tf.oneHot(tf.argMin(x!, 1), 3)), x!) },
  { name: 'FloorDiv (zero)', kernels: ['FloorDiv'], inputs: [v([3], [2.5, 4.2, -3.3])], f: (x) => tf.add(tf.floorDiv(x!, tf.scalar(2)), x!) },
  // Convolutions, pooling, normalisation.
  { name: 'Conv2D valid stride 1', kernels: ['Conv2D'], inputs: [s([2, 4, 4, 2]), s([2, 2, 2, 3])], f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid') },
  { name: 'Conv2D same stride 2', kernels: ['Conv2D'], inputs: [s([1, 5, 5, 2]), s([3, 3, 2, 2])], f: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same') },
  { name: 'Conv2D explicit padding, 3-d input', kernels: ['Conv2D'], inputs: [s([4, 3, 1]), s([2, 2, 1, 2])], f: (x, w) => tf.conv2d(x as tf.Tensor3D, w as tf.Tensor4D, [1, 2], [[0, 0], [1, 0], [0, 1], [0, 0]]) },
  { name: 'Conv2DBackpropInput (conv2dTranspose)', kernels: ['Conv2DBackpropInput'], inputs: [s([1, 3, 3, 2]), s([2, 2, 3, 2])], f: (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 6, 6, 3], 2, 'same') },
  { name: 'DepthwiseConv2dNative', kernels: ['DepthwiseConv2dNative'], inputs: [s([1, 4, 4, 2]), s([2, 2, 2, 2])], f: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same') },
  { name: 'MaxPool 2x2 stride 2', kernels: ['MaxPool'], inputs: [s([1, 4, 4, 2])], f: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid') },
  { name: 'MaxPool 3x3 stride 1 same', kernels: ['MaxPool'], inputs: [s([1, 3, 3, 1])], f: (x) => tf.maxPool(x as tf.Tensor4D, 3, 1, 'same') },
  { name: 'AvgPool 2x2 stride 1 same', kernels: ['AvgPool'], inputs: [s([1, 3, 3, 2])], f: (x) => tf.avgPool(x as tf.Tensor4D, 2, 1, 'same') },
  { name: 'FusedBatchNorm rank-1 statistics', kernels: ['FusedBatchNorm'], inputs: [s([2, 2, 2, 3]), s([3]), s([3], 'positive'), s([3]), s([3])], f: (x, m, va, o, sc) => tf.batchNorm(x!, m!, va!, o!, sc!, 1e-3) },
  { name: 'FusedBatchNorm 2-d input, [1,3] statistics', kernels: ['FusedBatchNorm'], inputs: [s([4, 3]), s([1, 3]), s([1, 3], 'positive'), s([1, 3]), s([1, 3])], f: (x, m, va, o, sc) => tf.batchNorm(x!, m!, va!, o!, sc!, 1e-3) },
];

function makeInput(spec: InputSpec, rng: Rng): tf.Tensor {
  if (spec.values !== undefined) return tf.tensor(spec.values, spec.shape);
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => {
    if (spec.kind === 'positive') return rng.uniform(0.5, 2);
    if (spec.kind === 'unit') return rng.uniform(-1, 1);
    // Magnitudes in [0.2, 1.5]: well away from the kinks at 0.
    return (rng.float() < 0.5 ? -1 : 1) * rng.uniform(0.2, 1.5);
  });
  return tf.tensor(values, spec.shape);
}

describe('gradients against central finite differences (cpu)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const rng = new Rng(1234);
    const xs = testCase.inputs.map((spec) => makeInput(spec, rng));
    const weights = tf.tidy(() => {
      const shape = testCase.f(...xs).shape;
      return makeInput(s(shape, 'unit'), rng);
    });
    const objective = (...inputs: tf.Tensor[]): tf.Tensor => tf.mul(testCase.f(...inputs), weights);

    const profile = await tf.profile(() => {
      tf.tidy(() => {
        testCase.f(...xs);
      });
    });
    for (const kernel of testCase.kernels) expect(profile.kernelNames, `${kernel} dispatched`).toContain(kernel);

    const before = tf.memory().numTensors;
    const analytic = tf.tidy(() => tf.grads((...inputs: tf.Tensor[]) => tf.sum(objective(...inputs)))(xs));
    const numeric = numericalGradients(objective, xs);
    for (const [i, gradient] of analytic.entries()) {
      expect(gradient.shape, `gradient ${i} shape`).toEqual(xs[i]!.shape);
      const actual = gradient.dataSync();
      const expected = numeric[i]!;
      for (let j = 0; j < expected.length; j++) {
        const error = Math.abs(actual[j]! - expected[j]!);
        expect(error, `input ${i} element ${j}: analytic ${actual[j]} vs numeric ${expected[j]}`).toBeLessThanOrEqual(
          ATOL + RTOL * Math.abs(expected[j]!),
        );
      }
    }
    tf.dispose(analytic);
    expect(tf.memory().numTensors, 'no tensors leaked by tf.grads').toBe(before);
    tf.dispose([...xs, weights]);
  });

  it('covers every kernel in gradientKernelNames with at least one row', () => {
    const covered = new Set(CASES.flatMap((c) => c.kernels));
    const missing = gradientKernelNames.filter((name) => !covered.has(name));
    // tfjs-core 4.22's broadcastTo runs Tile, never the BroadcastTo kernel; its gradient is
    // kept for graphs (and future versions) that do dispatch it. NnlabBatchNormTrain and
    // NnlabSoftmaxCrossEntropy exist only on backends that register them (native): their gradients
    // are checked there against float64 closed forms (@nnlab/backend-native's fused-layer-kernels.test.ts).
    expect([...missing].sort()).toEqual(['BroadcastTo', 'NnlabBatchNormTrain', 'NnlabSoftmaxCrossEntropy']);
  });
});

describe('kernels without a gradient (as in tfjs)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('lets tfjs report a logical op on the path to a loss instead of a silent zero gradient', () => {
    for (const name of [tf.LogicalAnd, tf.LogicalOr, tf.LogicalNot]) expect(gradientKernelNames).not.toContain(name);
    const b = tf.tensor1d([false, true], 'bool');
    const f = tf.grad((a: tf.Tensor) => tf.logicalAnd(a, b));
    expect(() => f(tf.tensor1d([true, true], 'bool'))).toThrow(/gradient function not found for LogicalAnd/);
  });
});
