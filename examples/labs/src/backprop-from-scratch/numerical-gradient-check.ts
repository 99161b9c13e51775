import * as tf from '@tensorflow/tfjs-core';
import type { SigmoidNetwork } from './sigmoid-network.js';

/**
 * ex4's `checkNNGradients` relative difference, `||num - grad|| / ||num + grad||`
 * over all parameters unrolled, where `grad` is the autodiff gradient of
 * `cost` (nnlab's registered gradients, `tf.variableGrads`) and `num` is
 * ex4's `computeNumericalGradient`: `(J(w + e) - J(w - e)) / 2e` per element,
 * in float32 (the step taken is `fround(w + e) - fround(w - e)`).
 */
export function numericalGradientCheck(network: SigmoidNetwork, cost: () => tf.Scalar, epsilon: number): number {
  const parameters = network.parameters();
  const analytic = tf.tidy(() => {
    const { grads } = tf.variableGrads(cost, parameters);
    return parameters.flatMap((p) => Array.from((grads[p.name] as tf.Tensor).dataSync()));
  });
  const numerical: number[] = [];
  for (const parameter of parameters) {
    const values = parameter.dataSync().slice();
    for (let i = 0; i < values.length; i++) {
      const w = values[i] as number;
      const at = (x: number): number => {
        values[i] = x;
        tf.tidy(() => parameter.assign(tf.tensor(values, parameter.shape)));
        return tf.tidy(() => cost().dataSync()[0] as number);
      };
      const plus = Math.fround(w + epsilon);
      const minus = Math.fround(w - epsilon);
      numerical.push((at(plus) - at(minus)) / (plus - minus));
      at(w);
    }
  }
  let difference = 0;
  let sum = 0;
  numerical.forEach((n, k) => {
    difference += (n - (analytic[k] as number)) ** 2;
    sum += (n + (analytic[k] as number)) ** 2;
  });
  return Math.sqrt(difference) / Math.sqrt(sum);
}
