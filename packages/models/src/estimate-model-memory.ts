import { assertInteger } from '@nnlab/core';
import type { CnnName, ModelSpec } from './model-spec.js';

/** What {@link estimateModelMemory} finds, before a model is built. */
export interface ModelMemoryEstimate {
  /** Parameters and buffers (batch-norm statistics), as `numParameters()` counts parameters. */
  readonly parameters: number;
  /** Elements of the largest single weight tensor (a typed array holds at most 2^32). */
  readonly largestTensor: number;
  /** Values every example leaves in the forward pass (layer outputs, dropout masks). */
  readonly activationsPerExample: number;
  /** Bytes of the weights, their gradients, two optimizer slots and a checkpoint's copy (float32). */
  readonly parameterBytes: number;
  /** Bytes of the activations of a training batch (forward and backward) or an evaluation batch, whichever is larger. */
  readonly activationBytes: number;
  /** `parameterBytes + activationBytes`. */
  readonly bytes: number;
}

/** Per layer of a lab CNN: [parameters (and buffers), output values per example]. */
const CNN_LAYERS: Readonly<Record<CnnName, ReadonlyArray<readonly [number, number]>>> = {
  // Conv(1,16,5) ReLU Pool Conv(16,32,3) ReLU Pool Flatten Linear(800,128) ReLU Linear(128,10)
  cnn: [[416, 9216], [0, 9216], [0, 2304], [4640, 3200], [0, 3200], [0, 800], [0, 800], [102528, 128], [0, 128], [1290, 10]],
  // Conv(1,32,5,same) ReLU Pool Conv(32,64,5,same) ReLU Pool Flatten Linear(3136,256) ReLU Linear(256,10)
  cnn2: [[832, 25088], [0, 25088], [0, 6272], [51264, 12544], [0, 12544], [0, 3136], [0, 3136], [803072, 256], [0, 256], [2570, 10]],
  // Four Conv(5,same)+BatchNorm+ReLU blocks (pools after the third and fourth), Flatten, Dropout (output and mask), Linear(18432,10)
  cnn3: [
    [416, 12544], [65, 12544], [0, 12544],
    [12832, 25088], [129, 25088], [0, 25088],
    [51264, 50176], [257, 50176], [0, 50176], [0, 12544],
    [204928, 25088], [513, 25088], [0, 25088], [0, 18432],
    [0, 18432], [0, 36864], [184330, 10],
  ],
};
const CNN_LARGEST: Readonly<Record<CnnName, number>> = { cnn: 102400, cnn2: 802816, cnn3: 204800 };

/**
 * Estimates the memory a model of `spec` takes to train, from the spec alone
 * (nothing is built or allocated): its parameters, and the activations of a
 * batch of `batchSize` (forward and backward) or of an evaluation batch of
 * `evalBatchSize` (forward), in float32. The CLI refuses a model whose
 * estimate is over its memory limit, so `mlp:784-100000000-10` fails with a
 * message instead of an allocation error after minutes.
 *
 * @example
 * estimateModelMemory(parseModelSpec('mlp:784-300-10'), { batchSize: 64 }).parameters; // 238510
 */
export function estimateModelMemory(spec: ModelSpec, options: { batchSize: number; evalBatchSize?: number }): ModelMemoryEstimate {
  const batchSize = assertInteger('batchSize', options.batchSize, 1);
  const evalBatchSize = assertInteger('evalBatchSize', options.evalBatchSize ?? 1000, 1);
  let parameters = 0;
  let largestTensor = 0;
  let activationsPerExample = 0;
  if (spec.kind === 'cnn') {
    for (const [count, outputs] of CNN_LAYERS[spec.name]) {
      parameters += count;
      activationsPerExample += outputs;
    }
    largestTensor = CNN_LARGEST[spec.name];
  } else {
    const { sizes } = spec;
    activationsPerExample = sizes[0] as number;
    for (let i = 0; i + 1 < sizes.length; i++) {
      const [inputs, outputs] = [sizes[i] as number, sizes[i + 1] as number];
      parameters += inputs * outputs + outputs;
      largestTensor = Math.max(largestTensor, inputs * outputs);
      activationsPerExample += outputs;
      if (i + 2 === sizes.length) continue;
      if (spec.batchNorm) {
        parameters += 4 * outputs + 1; // weight, bias, running mean and variance, batches seen
        activationsPerExample += outputs;
      }
      activationsPerExample += outputs; // the activation's output
      if (spec.dropout > 0) activationsPerExample += 2 * outputs; // output and mask
    }
  }
  const parameterBytes = parameters * 4 * 5;
  const activationBytes = activationsPerExample * 4 * Math.max(2 * batchSize, evalBatchSize);
  return { parameters, largestTensor, activationsPerExample, parameterBytes, activationBytes, bytes: parameterBytes + activationBytes };
}
