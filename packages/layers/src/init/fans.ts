import { InvalidArgumentError } from '@nnlab/core';

/** Fan-in and fan-out of a weight tensor, as used by Kaiming and Xavier initialisation. */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Fan-in and fan-out for nnlab's weight layouts, where the last two axes are
 * `[in, out]`: `[in, out]` for `Linear`, `[kh, kw, in, out]` for convolutions
 * (tfjs' `conv2d` filter layout). Leading axes form the receptive field, which
 * multiplies both fans. This gives the same numbers as PyTorch's
 * `_calculate_fan_in_and_fan_out` on the transposed (`[out, in, kh, kw]`) layout.
 *
 * @example
 * computeFans([784, 300]);      // { fanIn: 784, fanOut: 300 }
 * computeFans([3, 3, 16, 32]);  // { fanIn: 144, fanOut: 288 }
 */
export function computeFans(shape: readonly number[]): Fans {
  if (shape.length < 2) {
    throw new InvalidArgumentError(
      `fan in and fan out need a weight of rank >= 2 ([in, out] or [kh, kw, in, out]), got shape [${shape.join(', ')}]`,
    );
  }
  const receptiveField = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return {
    fanIn: (shape[shape.length - 2] as number) * receptiveField,
    fanOut: (shape[shape.length - 1] as number) * receptiveField,
  };
}
