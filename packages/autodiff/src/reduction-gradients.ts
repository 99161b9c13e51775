import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single } from './unbroadcast.js';

/**
 * Gradients of the reductions: the upstream gradient is reshaped to the
 * kept-dims shape and broadcast back over the reduced axes.
 */

type AxisAttribute = number | number[] | null | undefined;

/** Reshapes `dy` so it broadcasts against the un-reduced input. */
function keepDims(dy: tf.Tensor, inputShape: number[], axis: AxisAttribute): { dy: tf.Tensor; axes: number[] } {
  const axes = axis == null ? inputShape.map((_, i) => i) : tf.util.parseAxisParam(axis, inputShape);
  const expanded = tf.backend_util.expandShapeToKeepDim(
    inputShape.filter((_, i) => !axes.includes(i)),
    axes,
  );
  return { dy: dy.rank < inputShape.length ? tf.reshape(dy, expanded) : dy, axes };
}

function minOrMax(kernelName: string, axisOf: (attrs: tf.NamedAttrMap) => AxisAttribute): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, kernelName);
      const y = savedAt(saved, 1, kernelName);
      const axis = axisOf(attrs);
      const expanded = keepDims(single(dy), x.shape, axis);
      const yExpanded = keepDims(y, x.shape, axis).dy;
      // Every element equal to the extreme receives the gradient (ties all do, as in tfjs).
      return { x: () => tf.mul(expanded.dy, tf.cast(tf.equal(x, yExpanded), 'float32')) };
    },
  };
}

export const reductionGradientConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.Sum);
      const { axis } = attrs as unknown as tf.SumAttrs;
      return { x: () => tf.mul(keepDims(single(dy), x.shape, axis).dy, tf.ones(x.shape)) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.Mean);
      const { axis } = attrs as unknown as tf.MeanAttrs;
      const expanded = keepDims(single(dy), x.shape, axis);
      const count = expanded.axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);
      return { x: () => tf.mul(expanded.dy, tf.fill(x.shape, 1 / count)) };
    },
  },
  minOrMax(tf.Max, (attrs) => (attrs as unknown as tf.MaxAttrs).reductionIndices),
  minOrMax(tf.Min, (attrs) => (attrs as unknown as tf.MinAttrs).axis),
];
