import { Rng } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** One input of a case, as plain values (made into a tensor on each backend). */
export interface DifferentialInput {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32' | 'bool';
  readonly values: readonly number[];
}

/** A kernel call with seeded random shapes and values, run the same way on two backends. */
export interface DifferentialCase {
  readonly name: string;
  readonly inputs: readonly DifferentialInput[];
  readonly run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

type Shape4 = [number, number, number, number];
const run = (kernelName: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor =>
  tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor;

/** Draws shapes and values: odd sizes, now and then an empty dimension, NaN/Inf among the values. */
class Draw {
  constructor(readonly rng: Rng) {}
  int(low: number, high: number): number {
    return low + this.rng.int(high - low + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.rng.float() < p;
  }
  /** A dimension of 1..max, 0 with probability `empty`. */
  dim(max: number, empty = 0.04): number {
    return this.chance(empty) ? 0 : this.int(1, max);
  }
  floats(shape: readonly number[], special = 0.05): DifferentialInput {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: size }, () => {
      if (this.chance(special)) return this.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0]);
      return Math.fround(this.rng.normal(0, 2));
    });
    return { shape, dtype: 'float32', values };
  }
  finite(shape: readonly number[]): DifferentialInput {
    return this.floats(shape, 0);
  }
  ints(shape: readonly number[], low: number, high: number): DifferentialInput {
    const size = shape.reduce((a, b) => a * b, 1);
    return { shape, dtype: 'int32', values: Array.from({ length: size }, () => this.int(low, high)) };
  }
  bools(shape: readonly number[]): DifferentialInput {
    const size = shape.reduce((a, b) => a * b, 1);
    return { shape, dtype: 'bool', values: Array.from({ length: size }, () => this.int(0, 1)) };
  }
  /** A shape of rank 0..maxRank. */
  shape(maxRank: number, maxDim: number): number[] {
    return Array.from({ length: this.int(0, maxRank) }, () => this.dim(maxDim));
  }
  /** A shape that broadcasts with `shape` (dims set to 1, leading dims dropped). */
  broadcastable(shape: readonly number[]): number[] {
    const dropped = this.int(0, shape.length);
    return shape.slice(dropped).map((d) => (this.chance(0.35) ? 1 : d));
  }
  pad(): 'same' | 'valid' | number {
    return this.pick(['same', 'valid', 'same', 1, 2] as const);
  }
}

/** Forward 2-D convolution geometry that tfjs accepts: [x shape, filter shape, strides, pad, dilations]. */
function convGeometry(d: Draw, depthwise = false, dilation = true): { x: Shape4; filter: Shape4; strides: [number, number]; pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding; dilations: [number, number] } {
  const dilated = dilation && d.chance(0.25);
  const strides: [number, number] = dilated ? [1, 1] : [d.int(1, 3), d.int(1, 3)];
  const dilations: [number, number] = dilated ? [d.int(1, 2), d.int(1, 2)] : [1, 1];
  const inChannels = d.int(1, 4);
  const fh = d.int(1, 4);
  const fw = d.int(1, 4);
  // Explicit [top, bottom] / [left, right] padding too: what nnlab's Conv2d layer passes for `padding: p`.
  const pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding = d.chance(0.3)
    ? [[0, 0], [d.int(0, 2), d.int(0, 2)], [d.int(0, 2), d.int(0, 2)], [0, 0]]
    : d.pad();
  // valid padding needs the (dilated) filter to fit.
  const minH = pad === 'valid' ? (fh - 1) * dilations[0] + 1 : 1;
  const minW = pad === 'valid' ? (fw - 1) * dilations[1] + 1 : 1;
  const x: Shape4 = [d.int(1, 3), d.int(minH, minH + 7), d.int(minW, minW + 7), inChannels];
  const filter: Shape4 = [fh, fw, inChannels, depthwise ? d.int(1, 2) : d.int(1, 5)];
  return { x, filter, strides, pad, dilations };
}

type Maker = (d: Draw) => DifferentialCase;

const MAKERS: ReadonlyArray<readonly [string, Maker]> = [
  ['matMul', (d) => {
    const [m, k, n] = [d.dim(9), d.dim(9), d.dim(9)];
    const batch = d.chance(0.5) ? [] : [d.int(1, 3)];
    const [ta, tb] = [d.chance(0.5), d.chance(0.5)];
    const bBatch = batch.length > 0 && d.chance(0.3) ? [1] : batch;
    return {
      name: `matMul [${batch}] m=${m} k=${k} n=${n} transposeA=${ta} transposeB=${tb} bBatch=[${bBatch}]`,
      inputs: [d.finite([...batch, ...(ta ? [k, m] : [m, k])]), d.finite([...bBatch, ...(tb ? [n, k] : [k, n])])],
      run: (a, b) => tf.matMul(a as tf.Tensor, b as tf.Tensor, ta, tb),
    };
  }],
  ['fused matMul', (d) => {
    const [m, k, n] = [d.dim(9), d.int(1, 9), d.dim(9)];
    const [ta, tb] = [d.chance(0.5), d.chance(0.5)];
    const activation = d.pick(['linear', 'relu', 'leakyrelu'] as const);
    const bias = d.chance(0.5) ? [n] : [1];
    return {
      name: `fused matMul m=${m} k=${k} n=${n} ${activation} bias=[${bias}] ta=${ta} tb=${tb}`,
      inputs: [d.finite(ta ? [k, m] : [m, k]), d.finite(tb ? [n, k] : [k, n]), d.finite(bias)],
      run: (a, b, c) => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: ta, transposeB: tb, bias: c, activation, leakyreluAlpha: 0.1 }),
    };
  }],
  ['conv2d', (d) => {
    const g = convGeometry(d);
    const fused = d.chance(0.4);
    return {
      name: `${fused ? 'fused ' : ''}conv2d x=[${g.x}] f=[${g.filter}] s=[${g.strides}] p=${JSON.stringify(g.pad)} d=[${g.dilations}]`,
      inputs: [d.finite(g.x), d.finite(g.filter), d.finite([g.filter[3]])],
      run: (x, f, b) =>
        fused
          ? tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: g.strides, pad: g.pad, dilations: g.dilations, bias: b, activation: 'relu' })
          : tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, g.strides, g.pad, 'NHWC', g.dilations),
    };
  }],
  ['Conv2DBackpropInput', (d) => {
    const g = convGeometry(d);
    const info = tf.backend_util.computeConv2DInfo(g.x, g.filter, g.strides, 1, g.pad);
    // Now and then a dy that is not the forward output's shape (conv2dTranspose with another output size).
    const other = d.chance(0.2);
    // Larger only: tfjs-backend-cpu reads the rows and columns the forward shape has, with dy's own strides.
    const dy: Shape4 = other ? [g.x[0], info.outHeight + d.int(0, 3), info.outWidth + d.int(0, 3), g.filter[3]] : (info.outShape as Shape4);
    return {
      name: `Conv2DBackpropInput input=[${g.x}] f=[${g.filter}] dy=[${dy}] s=[${g.strides}] p=${JSON.stringify(g.pad)}`,
      inputs: [d.finite(dy), d.finite(g.filter)],
      run: (y, f) => run(tf.Conv2DBackpropInput, { dy: y as tf.Tensor, filter: f as tf.Tensor }, { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', inputShape: g.x }),
    };
  }],
  ['Conv2DBackpropFilter', (d) => {
    const g = convGeometry(d);
    const info = tf.backend_util.computeConv2DInfo(g.x, g.filter, g.strides, 1, g.pad);
    return {
      name: `Conv2DBackpropFilter x=[${g.x}] f=[${g.filter}] s=[${g.strides}] p=${JSON.stringify(g.pad)}`,
      inputs: [d.finite(g.x), d.finite(info.outShape)],
      run: (x, y) => run(tf.Conv2DBackpropFilter, { x: x as tf.Tensor, dy: y as tf.Tensor }, { strides: g.strides, pad: g.pad, dataFormat: 'NHWC', filterShape: g.filter }),
    };
  }],
  ['depthwise backprop', (d) => {
    // No dilation: tfjs-backend-cpu's depthwise gradients ignore it (tfjs' gradient refuses dilation > 1).
    const g = convGeometry(d, true, false);
    const info = tf.backend_util.computeConv2DInfo(g.x, g.filter, g.strides, g.dilations, g.pad, undefined, true);
    const input = d.chance(0.5);
    const attrs = { strides: g.strides, pad: g.pad, dilations: g.dilations };
    return {
      name: `DepthwiseConv2dNativeBackprop${input ? 'Input' : 'Filter'} x=[${g.x}] f=[${g.filter}] s=[${g.strides}] p=${JSON.stringify(g.pad)} d=[${g.dilations}]`,
      inputs: [d.finite(input ? info.outShape : g.x), d.finite(input ? g.filter : info.outShape)],
      run: (a, b) =>
        input
          ? run(tf.DepthwiseConv2dNativeBackpropInput, { dy: a as tf.Tensor, filter: b as tf.Tensor }, { ...attrs, inputShape: g.x })
          : run(tf.DepthwiseConv2dNativeBackpropFilter, { x: a as tf.Tensor, dy: b as tf.Tensor }, { ...attrs, filterShape: g.filter }),
    };
  }],
  ['pool', (d) => {
    const filter: [number, number] = [d.int(1, 3), d.int(1, 3)];
    const strides: [number, number] = [d.int(1, 3), d.int(1, 3)];
    const pad = d.pad();
    const x: Shape4 = [d.int(1, 2), d.int(filter[0], filter[0] + 6), d.int(filter[1], filter[1] + 6), d.int(1, 5)];
    const kind = d.pick(['max', 'avg', 'maxGrad', 'avgGrad'] as const);
    const info = tf.backend_util.computePool2DInfo(x, filter, strides, 1, pad);
    const attrs = { filterSize: filter, strides, pad };
    return {
      name: `${kind}Pool x=[${x}] f=[${filter}] s=[${strides}] p=${pad}`,
      // Finite: where NaN and Inf meet, pooling results depend on the implementation (the wasm README says which).
      inputs: [d.finite(x), d.finite(info.outShape)],
      run: (xs, dy) => {
        if (kind === 'max') return tf.maxPool(xs as tf.Tensor4D, filter, strides, pad);
        if (kind === 'avg') return tf.avgPool(xs as tf.Tensor4D, filter, strides, pad);
        if (kind === 'avgGrad') return run(tf.AvgPoolGrad, { dy: dy as tf.Tensor, input: xs as tf.Tensor }, attrs);
        const output = tf.maxPool(xs as tf.Tensor4D, filter, strides, pad);
        return run(tf.MaxPoolGrad, { dy: dy as tf.Tensor, input: xs as tf.Tensor, output }, attrs);
      },
    };
  }],
  ['binary', (d) => {
    const shape = d.shape(4, 6);
    const other = d.broadcastable(shape);
    const swap = d.chance(0.5);
    const op = d.pick(['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'squaredDifference', 'greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual'] as const);
    const [sa, sb] = swap ? [other, shape] : [shape, other];
    const int = d.chance(0.15) && op !== 'div';
    return {
      name: `${op} [${sa}] [${sb}]${int ? ' int32' : ''}`,
      inputs: int ? [d.ints(sa, -5, 5), d.ints(sb, -5, 5)] : [d.floats(sa), d.floats(sb)],
      run: (a, b) => (tf[op] as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(a as tf.Tensor, b as tf.Tensor),
    };
  }],
  ['unary', (d) => {
    const shape = d.shape(4, 7);
    const op = d.pick(['relu', 'leakyRelu', 'sqrt', 'square', 'neg', 'abs', 'exp', 'log', 'sigmoid', 'rsqrt', 'step', 'clipByValue'] as const);
    return {
      name: `${op} [${shape}]`,
      inputs: [d.floats(shape, 0.1)],
      run: (x) => {
        if (op === 'leakyRelu') return tf.leakyRelu(x as tf.Tensor, 0.2);
        if (op === 'step') return tf.step(x as tf.Tensor, 0.3);
        if (op === 'clipByValue') return tf.clipByValue(x as tf.Tensor, -1, 1.5);
        return (tf[op] as (t: tf.Tensor) => tf.Tensor)(x as tf.Tensor);
      },
    };
  }],
  ['reduce', (d) => {
    const shape = d.shape(4, 7);
    const axes = shape.map((_, i) => i).filter(() => d.chance(0.5));
    const keepDims = d.chance(0.5);
    const op = d.pick(['sum', 'mean'] as const);
    const int = op === 'sum' && d.chance(0.2);
    return {
      name: `${op} [${shape}] axes=[${axes}] keepDims=${keepDims}${int ? ' int32' : ''}`,
      inputs: [int ? d.ints(shape, -9, 9) : d.floats(shape, 0.02)],
      run: (x) => tf[op](x as tf.Tensor, axes.length === 0 ? undefined : axes, keepDims),
    };
  }],
  ['select', (d) => {
    const shape = d.shape(4, 6);
    const condition = d.chance(0.3) ? shape.slice(0, 1) : shape;
    return { name: `where cond=[${condition}] [${shape}]`, inputs: [d.bools(condition), d.floats(shape), d.floats(shape)], run: (c, a, b) => tf.where(c as tf.Tensor, a as tf.Tensor, b as tf.Tensor) };
  }],
  ['cast', (d) => {
    const shape = d.shape(3, 7);
    const [from, to] = d.pick([['float32', 'int32'], ['float32', 'bool'], ['int32', 'float32'], ['int32', 'bool'], ['float32', 'float32'], ['bool', 'float32']] as const);
    const input = from === 'float32' ? d.finite(shape).values.map((v) => v * 100) : [];
    return {
      name: `cast ${from}->${to} [${shape}]`,
      inputs: [from === 'float32' ? { shape, dtype: 'float32', values: input } : from === 'int32' ? d.ints(shape, -300, 300) : d.bools(shape)],
      run: (x) => tf.cast(x as tf.Tensor, to),
    };
  }],
  ['indexing', (d) => {
    const kind = d.pick(['oneHot', 'unsortedSegmentSum', 'slice', 'bincount', 'tile', 'clone'] as const);
    if (kind === 'oneHot') {
      const depth = d.int(1, 7);
      const shape = [d.dim(8)];
      return { name: `oneHot [${shape}] depth=${depth}`, inputs: [d.ints(shape, -1, depth)], run: (i) => tf.oneHot(i as tf.Tensor1D, depth, 2, -1) };
    }
    if (kind === 'unsortedSegmentSum') {
      const n = d.int(1, 9);
      const rest = d.shape(2, 4);
      const segments = d.int(1, 5);
      return { name: `unsortedSegmentSum [${n},${rest}] segments=${segments}`, inputs: [d.finite([n, ...rest]), d.ints([n], 0, segments - 1)], run: (x, s) => tf.unsortedSegmentSum(x as tf.Tensor, s as tf.Tensor1D, segments) };
    }
    if (kind === 'slice') {
      const shape = Array.from({ length: d.int(1, 4) }, () => d.int(1, 7));
      const begin = shape.map((s) => d.int(0, s - 1));
      const size = shape.map((s, i) => d.int(0, s - (begin[i] as number)));
      return { name: `slice [${shape}] begin=[${begin}] size=[${size}]`, inputs: [d.floats(shape)], run: (x) => tf.slice(x as tf.Tensor, begin, size) };
    }
    if (kind === 'bincount') {
      const shape = [d.dim(12)];
      const size = d.int(1, 8);
      return { name: `bincount [${shape}] size=${size}`, inputs: [d.ints(shape, 0, 9), d.finite(shape)], run: (x, w) => tf.bincount(x as tf.Tensor1D, w as tf.Tensor1D, size) };
    }
    if (kind === 'tile') {
      const shape = d.shape(3, 4);
      const reps = shape.map(() => d.int(1, 3));
      return { name: `tile [${shape}] reps=[${reps}]`, inputs: [d.floats(shape)], run: (x) => tf.tile(x as tf.Tensor, reps) };
    }
    const shape = d.shape(4, 5);
    return { name: `clone [${shape}]`, inputs: [d.floats(shape)], run: (x) => tf.clone(x as tf.Tensor) };
  }],
];

/** The kinds of case {@link differentialCases} draws from, in order. */
export const DIFFERENTIAL_KINDS: readonly string[] = MAKERS.map(([kind]) => kind);

/**
 * `count` seeded random cases cycling through every kind (matMul with
 * transposes and broadcast batches, fused matMul, convolutions and their
 * input/filter gradients with strides, padding and dilation, depthwise
 * gradients, pooling and pooling gradients, broadcasting binary ops and
 * comparisons, unary ops on NaN/Inf, reductions, select, casts, one-hot,
 * segment sums, slices, bincount, tile), with odd sizes and empty tensors.
 */
export function differentialCases(count: number, seed = 1): DifferentialCase[] {
  const d = new Draw(new Rng(seed));
  return Array.from({ length: count }, (_, i) => {
    const [kind, make] = MAKERS[i % MAKERS.length] as readonly [string, Maker];
    const testCase = make(d);
    return { ...testCase, name: `#${i} ${kind}: ${testCase.name}` };
  });
}
