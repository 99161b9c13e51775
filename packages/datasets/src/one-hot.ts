import { InvalidArgumentError, assertInteger } from '@nnlab/core';

/**
 * One-hot encodes class indices: row `i` of the `[labels.length, numClasses]`
 * result (row-major) has a 1 at column `labels[i]`, zeros elsewhere.
 *
 * @example
 * oneHot(Int32Array.from([2, 0]), 3); // Float32Array [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: ArrayLike<number>, numClasses: number): Float32Array {
  assertInteger('numClasses', numClasses);
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new InvalidArgumentError(`labels[${i}] is ${label}, expected an integer in [0, ${numClasses})`);
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}
