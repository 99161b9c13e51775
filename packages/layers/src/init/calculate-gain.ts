import { assertNumber, assertOneOf } from '@nnlab/core';

/** Nonlinearities known to {@link calculateGain}. */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

const NONLINEARITIES: readonly Nonlinearity[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * The recommended gain for a nonlinearity, as PyTorch's `nn.init.calculate_gain`:
 * linear and sigmoid 1, tanh 5/3, relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2))
 * (slope defaults to 0.01), selu 3/4.
 *
 * @example
 * calculateGain('relu');               // 1.4142...
 * calculateGain('leaky_relu', Math.sqrt(5)); // sqrt(1/3), PyTorch's Linear default
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (assertOneOf('nonlinearity', nonlinearity, NONLINEARITIES)) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = assertNumber('negativeSlope', negativeSlope);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
}
