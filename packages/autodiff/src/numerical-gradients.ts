import { assertNumber } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options for {@link numericalGradients}. */
export interface NumericalGradientOptions {
  /** Step of the central difference (default 1e-2: float32 round-off dominates below ~1e-3). */
  readonly epsilon?: number;
}

/**
 * Central finite differences of `f` with respect to each input, the
 * reference that analytic gradients are checked against (`gradcheck`).
 * The objective is the sum of all elements of `f(...inputs)`, accumulated in
 * float64 in JavaScript; each input element is moved by ±epsilon and `f`
 * re-evaluated, so this costs two calls of `f` per input element: use it on
 * small shapes. Inputs are treated as float32. Returns one float64 array per input, in the input's
 * (row-major) element order. Allocates no lasting tensors.
 *
 * @example
 * const [dx] = numericalGradients((x) => tf.square(x), [tf.tensor1d([1, 2])]); // ≈ [2, 4]
 */
export function numericalGradients(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly tf.Tensor[],
  options: NumericalGradientOptions = {},
): Float64Array[] {
  const epsilon = assertNumber('options.epsilon', options.epsilon ?? 1e-2, { min: 0, exclusiveMin: true });
  const values = inputs.map((input) => Float64Array.from(input.dataSync()));
  const objective = (): number =>
    tf.tidy(() => {
      const tensors = inputs.map((input, i) => tf.tensor(Float32Array.from(values[i] as Float64Array), input.shape, 'float32'));
      let total = 0;
      for (const v of f(...tensors).dataSync()) total += v;
      return total;
    });
  return values.map((array) => {
    const gradient = new Float64Array(array.length);
    for (let j = 0; j < array.length; j++) {
      const original = array[j] as number;
      array[j] = original + epsilon;
      const plus = objective();
      array[j] = original - epsilon;
      const minus = objective();
      array[j] = original;
      gradient[j] = (plus - minus) / (2 * epsilon);
    }
    return gradient;
  });
}
