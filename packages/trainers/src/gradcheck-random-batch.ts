import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, type Rng } from '@nnlab/core';
import { crossEntropy, type LossFunction, type Module } from '@nnlab/layers';
import { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';

/** Options of {@link gradcheckRandomBatch}. */
export interface GradcheckRandomBatchOptions extends Omit<GradcheckOptions, 'l2'> {
  /** One example's shape, without the batch axis (`[28, 28, 1]`, `[3]`). */
  readonly inputShape: readonly number[];
  /** Classes the targets are drawn from (the model's outputs). */
  readonly classes: number;
  /** Examples in the batch (integer >= 1). */
  readonly batch: number;
  /** Draws the inputs (standard normal) and the class targets. */
  readonly rng: Rng;
  /** L2 strengths to check, one {@link gradcheck} run each. Default `[0]`. */
  readonly l2?: readonly number[];
  /** Default `crossEntropy`. */
  readonly loss?: LossFunction;
}

/**
 * The backprop lab's gradient check on made-up data: draws `batch`
 * standard-normal inputs and uniform class targets from `rng`, then runs
 * {@link gradcheck} of `loss` once per L2 strength. Disposes what it made;
 * the model stays the caller's. `nnlab gradcheck` runs it on every backend
 * with the same seed, so the backends' numbers are comparable.
 *
 * @example
 * const rng = new Rng(0);
 * const model = buildModel('mlp:3-5-3', { rng: rng.fork('model') });
 * const [plain, withL2] = await gradcheckRandomBatch(model, { inputShape: [3], classes: 3, batch: 5, rng: rng.fork('data'), l2: [0, 0.1] });
 */
export async function gradcheckRandomBatch(model: Module, options: GradcheckRandomBatchOptions): Promise<GradcheckResult[]> {
  const { inputShape, classes, batch, rng, l2 = [0], loss = crossEntropy, ...check } = options;
  assertInteger('batch', batch, 1);
  assertInteger('classes', classes, 1);
  const inputs = tf.tensor(rng.normalArray(batch * inputShape.reduce((a, b) => a * b, 1)), [batch, ...inputShape]);
  const targets = tf.tensor1d(Array.from({ length: batch }, () => rng.int(classes)), 'int32');
  try {
    const results: GradcheckResult[] = [];
    for (const lambda of l2) results.push(await gradcheck(model, loss, inputs, targets, { ...check, l2: lambda }));
    return results;
  } finally {
    inputs.dispose();
    targets.dispose();
  }
}
