import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_BROADCAST } from '../native-addon.js';
import { sizeOf } from './kernel-support.js';

/** How two operands line up for native/elementwise.cc, with the output shape. */
export interface BroadcastPlan {
  readonly mode: number;
  /** Length of the repeated row for the row modes. */
  readonly row: number;
  readonly outShape: number[];
  readonly size: number;
}

/** `shape` without leading 1s. */
function trimmed(shape: readonly number[]): readonly number[] {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  return shape.slice(start);
}

function isTrailingRow(small: readonly number[], outShape: readonly number[]): boolean {
  const row = trimmed(small);
  if (row.length === 0 || row.length > outShape.length) return false;
  return row.every((d, i) => d === outShape[outShape.length - row.length + i]);
}

/**
 * The native plan for `a op b`: equal sizes, a scalar on either side, or
 * one side a row repeated over the other's leading dimensions (a bias).
 * Anything else (e.g. [3, 1] with [1, 4]) returns undefined and the cpu
 * kernel's general broadcasting runs.
 */
export function planBroadcast(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | undefined {
  let outShape: number[];
  try {
    outShape = tf.backend_util.assertAndGetBroadcastShape([...aShape], [...bShape]);
  } catch {
    return undefined;
  }
  const size = sizeOf(outShape);
  const sizeA = sizeOf(aShape);
  const sizeB = sizeOf(bShape);
  if (size === 0) return undefined;
  if (sizeA === size && sizeB === size) return { mode: NATIVE_BROADCAST.same, row: 0, outShape, size };
  if (sizeB === 1 && sizeA === size) return { mode: NATIVE_BROADCAST.scalarB, row: 0, outShape, size };
  if (sizeA === 1 && sizeB === size) return { mode: NATIVE_BROADCAST.scalarA, row: 0, outShape, size };
  if (sizeA === size && isTrailingRow(bShape, outShape)) return { mode: NATIVE_BROADCAST.rowB, row: sizeB, outShape, size };
  if (sizeB === size && isTrailingRow(aShape, outShape)) return { mode: NATIVE_BROADCAST.rowA, row: sizeA, outShape, size };
  return undefined;
}

/** Element strides of `shape` aligned to the right of `outShape`, 0 along broadcast dimensions. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const strides = new Int32Array(outShape.length);
  let stride = 1;
  for (let k = 1; k <= outShape.length; k++) {
    const dim = k <= shape.length ? (shape[shape.length - k] as number) : 1;
    strides[outShape.length - k] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  return strides;
}
