import * as tf from '@tensorflow/tfjs-core';
import { parseModelSpec } from '@nnlab/models';
import { randomBatch, type StepVariant } from './step-runner.js';

type TfjsLayers = typeof import('@tensorflow/tfjs-layers');

async function loadTfjsLayers(): Promise<TfjsLayers | undefined> {
  try {
    return await import('@tensorflow/tfjs-layers');
  } catch {
    return undefined;
  }
}

/**
 * The same model trained with `@tensorflow/tfjs-layers`' `trainOnBatch`,
 * the step most tfjs users write today. Optional: reported as unavailable
 * when `@tensorflow/tfjs-layers` is not installed.
 */
export const tfjsLayersVariant: StepVariant = {
  name: 'tfjs-layers',
  description: '@tensorflow/tfjs-layers model.trainOnBatch',
  async unavailableReason() {
    return (await loadTfjsLayers()) === undefined ? '@tensorflow/tfjs-layers is not installed (npm i @tensorflow/tfjs-layers)' : undefined;
  },
  unsupportedReason(workload) {
    const spec = parseModelSpec(workload.model);
    if (spec.kind !== 'mlp') return 'tfjs-layers comparison exists for MLP workloads only';
    if (spec.batchNorm || spec.dropout > 0) return 'no batch norm or dropout in this comparison';
    if (!['adam', 'adagrad', 'sgd'].includes(workload.optimizer.name)) return `no tfjs optimizer for ${workload.optimizer.name}`;
    return undefined;
  },
  async create(workload, { seed, batchSize }) {
    const tfl = (await loadTfjsLayers()) as TfjsLayers;
    const spec = parseModelSpec(workload.model);
    if (spec.kind !== 'mlp') throw new Error(`tfjs-layers comparison exists for MLP workloads only, got ${workload.model}`);
    const model = tfl.sequential();
    model.add(tfl.layers.flatten({ inputShape: [...workload.inputShape] }));
    spec.sizes.slice(1).forEach((units: number, i: number) => {
      const isLast = i + 2 === spec.sizes.length;
      model.add(tfl.layers.dense({ units, activation: isLast ? 'softmax' : spec.activation === 'relu' ? 'relu' : 'linear' }));
      if (!isLast && spec.activation === 'leaky_relu') model.add(tfl.layers.leakyReLU({ alpha: 0.01 }));
    });
    const lr = Number(workload.optimizer.options.learningRate ?? 1e-3);
    const optimizer =
      workload.optimizer.name === 'adam' ? tf.train.adam(lr) : workload.optimizer.name === 'adagrad' ? tf.train.adagrad(lr) : tf.train.sgd(lr);
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { x, y } = randomBatch(workload, batchSize, seed + 1);
    const target = tf.oneHot(y, workload.numClasses);
    return {
      async step() {
        const result = await model.trainOnBatch(x, target);
        return Array.isArray(result) ? (result[0] as number) : result;
      },
      dispose() {
        tf.dispose([x, y, target]);
        model.dispose();
        optimizer.dispose();
      },
    };
  },
};
