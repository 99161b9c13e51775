import type { Rng } from '@nnlab/core';
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@nnlab/layers';
import { buildModel, parseModelSpec } from '@nnlab/models';

/**
 * The model of the `jaxjs-convnet` recipe: jax-js's MNIST demo convnet,
 * conv5x5x24 - ReLU - pool2 - conv3x3x32 - ReLU - pool2 - fc128 - ReLU - fc10
 * (no padding: 28 -> 24 -> 12 -> 10 -> 5, so 800 features), for NHWC
 * `[N, 28, 28, 1]` images. Not one of `@nnlab/models`' lab models: it exists
 * so jax-js is compared on the network it chose.
 */
export const JAXJS_CONVNET = 'jaxjs-convnet';

/** Whether a recipe's model takes flat vectors (`mlp`) or images (`cnn`). */
export function recipeModelKind(model: string): 'mlp' | 'cnn' {
  return model === JAXJS_CONVNET ? 'cnn' : parseModelSpec(model).kind;
}

/** First convolution's output channels of the two small CNNs the peers write (`cnn`: 16, `jaxjs-convnet`: 24). */
export function firstConvChannels(model: string): number {
  return model === JAXJS_CONVNET ? 24 : 16;
}

/**
 * Builds a recipe's model: `jaxjs-convnet` here, everything else with
 * `@nnlab/models`' `buildModel`.
 *
 * @example
 * const model = buildRecipeModel('jaxjs-convnet', new Rng(0));
 */
export function buildRecipeModel(model: string, rng: Rng): Module {
  if (model !== JAXJS_CONVNET) return buildModel(model, { rng });
  return new Sequential(
    new Conv2d(1, 24, 5, { rng: rng.fork('conv0') }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(24, 32, 3, { rng: rng.fork('conv3') }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(800, 128, { rng: rng.fork('linear7') }),
    new ReLU(),
    new Linear(128, 10, { rng: rng.fork('linear9') }),
  );
}
