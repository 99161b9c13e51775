import { InvalidArgumentError } from '@nnlab/core';
import { pair, showPair, type Size2d } from './pair.js';

/** Options of {@link MaxPool2d} and {@link AvgPool2d}. */
export interface Pool2dOptions {
  /** Step between windows, one number or `[height, width]`. Default: the kernel size. */
  stride?: Size2d;
  /** Padding on each side, at most half the kernel (as in PyTorch). Default 0. */
  padding?: Size2d;
}

/** Validated pooling geometry. */
export interface PoolGeometry {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
}

/** Checks pooling arguments eagerly, with PyTorch's limits; `layer` names the class in messages. */
export function poolGeometry(layer: string, kernelSize: Size2d, options: Pool2dOptions = {}): PoolGeometry {
  const kernel = pair(`${layer} kernelSize`, kernelSize, 1);
  const stride = pair(`${layer} stride`, options.stride ?? kernel, 1);
  const padding = pair(`${layer} padding`, options.padding ?? 0, 0);
  if (padding[0] > Math.floor(kernel[0] / 2) || padding[1] > Math.floor(kernel[1] / 2)) {
    throw new InvalidArgumentError(
      `${layer}: padding must be at most half the kernel size (${showPair(kernel)}), got padding ${showPair(padding)}`,
    );
  }
  return { kernelSize: kernel, stride, padding };
}
