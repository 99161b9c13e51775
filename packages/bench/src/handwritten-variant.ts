import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { parseModelSpec } from '@nnlab/models';
import { randomBatch, type StepVariant } from './step-runner.js';
import type { Workload } from './workloads.js';

type Update = (param: tf.Variable, gradient: tf.Tensor, slot: tf.Variable[], step: number) => void;

/** Adam and Adagrad written out directly with tfjs-core ops, PyTorch's equations. */
function handwrittenUpdate(workload: Workload): { slots: number; update: Update } {
  const lr = Number(workload.optimizer.options.learningRate ?? 1e-3);
  if (workload.optimizer.name === 'adam') {
    const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
    return {
      slots: 2,
      update(param, g, [m, v], t) {
        (m as tf.Variable).assign(tf.add(tf.mul(m as tf.Variable, beta1), tf.mul(g, 1 - beta1)));
        (v as tf.Variable).assign(tf.add(tf.mul(v as tf.Variable, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const mHat = tf.div(m as tf.Variable, 1 - beta1 ** t);
        const vHat = tf.div(v as tf.Variable, 1 - beta2 ** t);
        param.assign(tf.sub(param, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr)));
      },
    };
  }
  if (workload.optimizer.name === 'adagrad') {
    const epsilon = 1e-10;
    return {
      slots: 1,
      update(param, g, [sum], _t) {
        (sum as tf.Variable).assign(tf.add(sum as tf.Variable, tf.square(g)));
        param.assign(tf.sub(param, tf.mul(tf.div(g, tf.add(tf.sqrt(sum as tf.Variable), epsilon)), lr)));
      },
    };
  }
  throw new Error(`no hand-written ${workload.optimizer.name}`);
}

/**
 * The same training step written by hand with tfjs-core ops (variables,
 * matMul, logSoftmax cross-entropy, the optimizer's equations): the yardstick
 * for nnlab's own overhead.
 */
export const handwrittenVariant: StepVariant = {
  name: 'tfjs-handwritten',
  description: 'same step written by hand with tfjs-core ops',
  unavailableReason: async () => undefined,
  unsupportedReason(workload) {
    const spec = parseModelSpec(workload.model);
    if (spec.kind !== 'mlp') return 'hand-written step exists for MLP workloads only';
    if (spec.batchNorm || spec.dropout > 0) return 'no batch norm or dropout in this comparison';
    if (!['adam', 'adagrad'].includes(workload.optimizer.name)) return `no hand-written ${workload.optimizer.name}`;
    return undefined;
  },
  async create(workload, { seed, batchSize }) {
    const spec = parseModelSpec(workload.model);
    if (spec.kind !== 'mlp') throw new Error(`hand-written step exists for MLP workloads only, got ${workload.model}`);
    const rng = new Rng(seed);
    const weights: tf.Variable[] = [];
    const biases: tf.Variable[] = [];
    for (let i = 0; i + 1 < spec.sizes.length; i++) {
      const [fanIn, fanOut] = [spec.sizes[i] as number, spec.sizes[i + 1] as number];
      const bound = 1 / Math.sqrt(fanIn);
      weights.push(tf.variable(tf.tensor2d(rng.uniformArray(fanIn * fanOut, -bound, bound), [fanIn, fanOut])));
      biases.push(tf.variable(tf.tensor1d(rng.uniformArray(fanOut, -bound, bound))));
    }
    const params = [...weights, ...biases];
    const { slots, update } = handwrittenUpdate(workload);
    const state = params.map((p) => Array.from({ length: slots }, () => tf.variable(tf.zerosLike(p))));
    const activate = (h: tf.Tensor): tf.Tensor => (spec.activation === 'leaky_relu' ? tf.leakyRelu(h, 0.01) : tf.relu(h));
    const { x, y } = randomBatch(workload, batchSize, seed + 1);
    const numClasses = spec.sizes[spec.sizes.length - 1] as number;
    let t = 0;
    return {
      step() {
        t += 1;
        const [loss, correct] = tf.tidy(() => {
          let logits: tf.Tensor | undefined;
          const { value, grads } = tf.variableGrads(() => {
            let h = tf.reshape(x, [batchSize, -1]);
            weights.forEach((w, i) => {
              h = tf.add(tf.matMul(h, w), biases[i] as tf.Variable);
              if (i + 1 < weights.length) h = activate(h);
            });
            logits = tf.keep(h);
            const logProbabilities = tf.logSoftmax(h);
            return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(y, numClasses), logProbabilities), -1))) as tf.Scalar;
          }, params);
          params.forEach((p, i) => update(p, grads[p.name] as tf.Tensor, state[i] as tf.Variable[], t));
          const correctCount = tf.sum(tf.cast(tf.equal(tf.argMax(logits as tf.Tensor, -1), y), 'float32'));
          (logits as tf.Tensor).dispose();
          return [value, correctCount];
        });
        const value = loss.dataSync()[0] ?? Number.NaN;
        correct.dataSync();
        loss.dispose();
        correct.dispose();
        return value;
      },
      dispose() {
        tf.dispose([x, y, ...params, ...state.flat()]);
      },
    };
  },
};
