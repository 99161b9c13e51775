import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single, unbroadcast } from './unbroadcast.js';

/**
 * Gradients of kernels that move values around without arithmetic:
 * reshapes, transposes, slices, joins, gathers. Each routes the upstream
 * gradient back to the positions the values came from.
 */

const asArray = (dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(dy) ? dy : [dy]);

/** dx = dy reshaped to the saved input's shape (Reshape, ExpandDims, Identity, Cast). */
function reshapeBack(kernelName: string, inputName: string): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [inputName],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0, kernelName);
      return { [inputName]: () => tf.reshape(single(dy), x.shape) };
    },
  };
}

/** Sums the tiled copies: dy viewed as [reps0, size0, reps1, size1, ...] summed over the reps axes. */
function tileGradient(dy: tf.Tensor, shape: number[], reps: number[]): tf.Tensor {
  const interleaved = shape.flatMap((size, i) => [reps[i] ?? 1, size]);
  const repAxes = shape.map((_, i) => 2 * i);
  return tf.reshape(tf.sum(tf.reshape(dy, interleaved), repAxes), shape);
}

/**
 * Scatter-adds `updates` ([n, ...rest]) into zeros of shape `[size, ...rest]` at
 * `indices` ([n]). ScatterNd sums duplicate indices, which is what gradients
 * of gathers need, and unlike UnsortedSegmentSum every stock backend has it.
 */
function scatterAdd(indices: tf.Tensor, updates: tf.Tensor, size: number): tf.Tensor {
  const index2d = tf.reshape(indices, [indices.size, 1]);
  return tf.scatterND(index2d, updates, [size, ...updates.shape.slice(1)]);
}

function gatherGradient(x: tf.Tensor, indices: tf.Tensor, dy: tf.Tensor, axis: number): tf.Tensor {
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const values = tf.transpose(tf.reshape(dy, [outer, indices.size, inner]), [1, 0, 2]);
  const gathered = scatterAdd(indices, values, x.shape[axis] ?? 0);
  return tf.reshape(tf.transpose(gathered, [1, 0, 2]), x.shape);
}

export const shapeGradientConfigs: readonly tf.GradConfig[] = [
  reshapeBack(tf.Reshape, 'x'),
  reshapeBack(tf.ExpandDims, 'input'),
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.clone(single(dy)) }) },
  // A cast is the identity on the values that can carry gradients (float32).
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => tf.clone(single(dy)) }) },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const { perm } = attrs as unknown as tf.TransposeAttrs;
      return { x: () => tf.transpose(single(dy), tf.backend_util.getUndoAxesPermutation(perm)) };
    },
  },
  {
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.Tile);
      const { reps } = attrs as unknown as tf.TileAttrs;
      return { x: () => tileGradient(single(dy), x.shape, reps) };
    },
  },
  {
    kernelName: tf.BroadcastTo,
    gradFunc: (dy, _saved, attrs) => {
      const { inputShape } = attrs as unknown as tf.BroadCastToAttrs;
      return { x: () => unbroadcast(single(dy), inputShape) };
    },
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const first = savedAt(saved, 0, tf.Concat);
      const axis = tf.util.parseAxisParam((attrs as unknown as tf.ConcatAttrs).axis, first.shape)[0] ?? 0;
      const sizes = saved.map((t) => t.shape[axis] ?? 0);
      const parts = tf.split(single(dy), sizes, axis);
      return Object.fromEntries(parts.map((part, i) => [String(i), () => part]));
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.Slice);
      const { begin, size } = attrs as unknown as tf.SliceAttrs;
      const [begins = [], sizes = []] = tf.slice_util.parseSliceParams(x, begin, size);
      const paddings = x.shape.map((dim, i): [number, number] => {
        const start = begins[i] ?? 0;
        return [start, dim - start - (sizes[i] ?? dim)];
      });
      return { x: () => tf.pad(single(dy), paddings) };
    },
  },
  {
    kernelName: tf.StridedSlice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.StridedSlice);
      return {
        x: () => {
          // Slicing a tensor of flat positions with the same attributes says
          // where each output element came from, for every mask combination.
          const positions = tf.reshape(tf.range(0, x.size, 1, 'int32'), x.shape);
          const picked = tf.engine().runKernel(tf.StridedSlice, { x: positions }, attrs) as tf.Tensor;
          const g = single(dy);
          return tf.reshape(scatterAdd(picked, tf.reshape(g, [g.size]), x.size), x.shape);
        },
      };
    },
  },
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.PadV2);
      const { paddings } = attrs as unknown as tf.PadV2Attrs;
      const begin = paddings.map((p) => p[0]);
      return { x: () => tf.slice(single(dy), begin, x.shape) };
    },
  },
  {
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.GatherV2);
      const indices = savedAt(saved, 1, tf.GatherV2);
      const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
      if ((batchDims ?? 0) !== 0) {
        throw new Error(`gradient of GatherV2 supports batchDims 0 only, got batchDims ${batchDims}`);
      }
      const parsedAxis = tf.util.parseAxisParam(axis, x.shape)[0] ?? 0;
      return {
        x: () => gatherGradient(x, indices, single(dy), parsedAxis),
        indices: () => tf.zeros(indices.shape, 'float32'),
      };
    },
  },
  {
    kernelName: tf.Select,
    inputsToSave: ['condition', 't', 'e'],
    gradFunc: (dy, saved) => {
      const condition = savedAt(saved, 0, tf.Select);
      const t = savedAt(saved, 1, tf.Select);
      const e = savedAt(saved, 2, tf.Select);
      const g = single(dy);
      return {
        condition: () => tf.zeros(condition.shape, 'float32'),
        t: () => unbroadcast(tf.where(condition, g, tf.zerosLike(g)), t.shape),
        e: () => unbroadcast(tf.where(condition, tf.zerosLike(g), g), e.shape),
      };
    },
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as tf.PackAttrs;
      const parts = tf.unstack(single(dy), axis);
      return Object.fromEntries(parts.map((part, i) => [String(i), () => part]));
    },
  },
  {
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as tf.UnpackAttrs;
      return { value: () => tf.stack(asArray(dy), axis) };
    },
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as tf.SplitVAttrs;
      return { x: () => tf.concat(asArray(dy), axis) };
    },
  },
  {
    kernelName: tf.Reverse,
    gradFunc: (dy, _saved, attrs) => {
      const { dims } = attrs as unknown as tf.ReverseAttrs;
      return { x: () => tf.reverse(single(dy), dims) };
    },
  },
];
