import type * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@nnlab/core';
import { showPair } from './pair.js';

/** What a convolution or pooling layer needs of its input. */
export interface ImageInputExpectation {
  /** Required channel count (last axis), or undefined for any. */
  channels?: number;
  kernel: readonly [number, number];
  /** Zero padding added on each side, or 'same' (which always fits). */
  padding: readonly [number, number] | 'same';
}

/**
 * Checks that `x` is an NHWC batch a layer can slide its kernel over, and
 * throws a ShapeMismatchError naming the layer (`layer`, e.g. "Conv2d(1, 16,
 * kernelSize=5)"), the input shape and what was expected. tfjs's own errors
 * for these cases name neither the layer nor the fix.
 */
export function checkImageInput(layer: string, x: tf.Tensor, expected: ImageInputExpectation): void {
  const shape = `[${x.shape.join(', ')}]`;
  const { channels, kernel, padding } = expected;
  if (x.rank !== 4) {
    throw new ShapeMismatchError(`${layer}: input must be an NHWC batch [N, H, W, ${channels ?? 'C'}], got ${shape}`);
  }
  const [, height, width, inChannels] = x.shape as [number, number, number, number];
  if (channels !== undefined && inChannels !== channels) {
    const hint = x.shape[1] === channels ? ' (this looks like NCHW: transpose with tf.transpose(x, [0, 2, 3, 1]))' : '';
    throw new ShapeMismatchError(
      `${layer}: input ${shape} has ${inChannels} channels on its last axis, expected NHWC [N, H, W, ${channels}]${hint}`,
    );
  }
  if (padding === 'same') return;
  const paddedHeight = height + 2 * padding[0];
  const paddedWidth = width + 2 * padding[1];
  if (paddedHeight < kernel[0] || paddedWidth < kernel[1]) {
    throw new ShapeMismatchError(
      `${layer}: input ${shape} is smaller than the ${showPair(kernel)} kernel: with padding ${showPair(padding)} ` +
        `it is ${paddedHeight}x${paddedWidth}, expected height >= ${kernel[0] - 2 * padding[0]} and width >= ${kernel[1] - 2 * padding[1]}`,
    );
  }
}
