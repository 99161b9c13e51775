import * as tf from '@tensorflow/tfjs-core';
import type { BackendInfo, BackendProvider } from '@nnlab/core';
import { parseModelSpec } from '@nnlab/models';
import { type AccuracyContender, AccuracyTracker } from './accuracy-contender.js';
import { firstConvChannels, JAXJS_CONVNET } from './recipe-model.js';
import type { RecipeData } from './recipe-data.js';
import type { Recipe } from './recipes.js';

type TfjsLayers = typeof import('@tensorflow/tfjs-layers');
type LayersModel = import('@tensorflow/tfjs-layers').Sequential;

const INSTALL_HINT = 'npm i @tensorflow/tfjs-layers@4.22.0';

async function loadTfjsLayers(): Promise<TfjsLayers | string> {
  try {
    return await import('@tensorflow/tfjs-layers');
  } catch (error) {
    return `not installed (${INSTALL_HINT}): ${(error as Error).message.split('\n')[0]}`;
  }
}

/** The recipe's model in tfjs-layers (its default initialisers, as its users get them). */
function buildLayersModel(tfl: TfjsLayers, recipe: Recipe): LayersModel {
  const spec = recipe.model === JAXJS_CONVNET ? ({ kind: 'cnn' } as const) : parseModelSpec(recipe.model);
  const decay = Number(recipe.optimizer.options.weightDecay ?? 0);
  // PyTorch's weight decay wd adds wd * w to the gradient; an L2 penalty l2 * w^2 adds 2 * l2 * w.
  const regularizer = decay > 0 ? { kernelRegularizer: tfl.regularizers.l2({ l2: decay / 2 }), biasRegularizer: tfl.regularizers.l2({ l2: decay / 2 }) } : {};
  const model = tfl.sequential();
  if (spec.kind === 'mlp') {
    model.add(tfl.layers.flatten({ inputShape: [...recipe.inputShape] }));
    spec.sizes.slice(1).forEach((units, i) => {
      const last = i + 2 === spec.sizes.length;
      model.add(tfl.layers.dense({ units, activation: last ? 'softmax' : 'relu', ...regularizer }));
    });
    return model;
  }
  // nnlab's `cnn` (conv5x5x16-pool-conv3x3x32-pool-128-10, ReLU), or with 24 first filters `jaxjs-convnet`.
  model.add(tfl.layers.conv2d({ inputShape: [...recipe.inputShape], filters: firstConvChannels(recipe.model), kernelSize: 5, activation: 'relu', ...regularizer }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', ...regularizer }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128, activation: 'relu', ...regularizer }));
  model.add(tfl.layers.dense({ units: 10, activation: 'softmax', ...regularizer }));
  return model;
}

function optimizerFor(recipe: Recipe): tf.Optimizer {
  const { name, options } = recipe.optimizer;
  const lr = Number(options.learningRate ?? 1e-3);
  if (name === 'adam') return tf.train.adam(lr);
  const momentum = Number(options.momentum ?? 0);
  return momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr);
}

/** Test-set accuracy of `model`, predicted in chunks of 1,000. */
function testAccuracy(model: LayersModel, x: tf.Tensor, labels: tf.Tensor1D): number {
  return tf.tidy(() => {
    const predicted = tf.argMax(model.predict(x, { batchSize: 1000 }) as tf.Tensor, -1);
    return (tf.sum(tf.cast(tf.equal(predicted, labels), 'float32')).dataSync()[0] ?? 0) / (labels.shape[0] as number);
  });
}

/**
 * A `@tensorflow/tfjs-layers` peer: the recipe's model trained with
 * `model.fit` (its own shuffling, `categoricalCrossentropy`, tfjs's Adam or
 * momentum SGD, weight decay as an L2 penalty of half the decay), on the tfjs
 * backend `backend` activates (`cpu`: tfjs-backend-cpu; `wasm-stock`: stock
 * tfjs-backend-wasm). Evaluates the test set every `recipe.evalEvery` steps
 * from `onBatchEnd` and stops with `model.stopTraining`.
 *
 * @example
 * const contenders = [tfjsLayersContender(cpuBackend, 'cpu'), tfjsLayersContender(wasmStockBackend, 'wasm')];
 */
export function tfjsLayersContender(backend: BackendProvider, label: string): AccuracyContender {
  let info: BackendInfo | undefined;
  let checking: Promise<string | undefined> | undefined;
  return {
    name: `tfjs-layers (${label})`,
    kind: 'peer',
    unavailableReason() {
      checking ??= (async () => {
        const tfl = await loadTfjsLayers();
        if (typeof tfl === 'string') return tfl;
        const probe = await backend.probe().catch((error: Error) => ({ available: false, reason: error.message }));
        return probe.available ? undefined : `tfjs ${label} backend: ${probe.reason ?? 'not available'}`;
      })();
      return checking;
    },
    unsupportedRecipeReason(recipe) {
      if (recipe.model === JAXJS_CONVNET) return backend.name === 'wasm-stock' ? 'stock tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: tfjs-layers cannot train a CNN on it' : undefined;
      const spec = parseModelSpec(recipe.model);
      if (spec.kind === 'cnn' && spec.name !== 'cnn') return `this peer writes only the "cnn" CNN, not "${spec.name}"`;
      if (spec.kind === 'mlp' && (spec.batchNorm || spec.dropout > 0 || spec.activation !== 'relu')) return 'this peer writes ReLU MLPs without batch norm or dropout';
      if (spec.kind === 'cnn' && backend.name === 'wasm-stock') return 'stock tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel: tfjs-layers cannot train a CNN on it';
      return undefined;
    },
    async setup() {
      if (info === undefined) return undefined;
      return `@tensorflow/tfjs-layers ${tf.version_core} model.fit on tfjs backend ${info.tfjsBackend} (${info.threads ?? 1} thread${(info.threads ?? 1) === 1 ? '' : 's'}), tfjs-layers' default initialisers`;
    },
    async train(recipe: Recipe, data: RecipeData, options) {
      const tfl = await loadTfjsLayers();
      if (typeof tfl === 'string') throw new Error(tfl);
      info = await backend.activate();
      const dataStarted = performance.now();
      const shape = [data.train.count, ...recipe.inputShape];
      const x = tf.tensor(data.train.images, shape);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 10));
      const testX = tf.tensor(data.test.images, [data.test.count, ...recipe.inputShape]);
      const testY = tf.tensor1d(data.test.labels, 'int32');
      const dataSeconds = (performance.now() - dataStarted) / 1000;
      const tracker = new AccuracyTracker(recipe, data.train.count, options);
      tracker.start();
      const model = buildLayersModel(tfl, recipe);
      const optimizer = optimizerFor(recipe);
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      try {
        await model.fit(x, y, {
          batchSize: recipe.batchSize,
          epochs: 1_000_000,
          shuffle: true,
          verbose: 0,
          callbacks: {
            onBatchEnd: async () => {
              tracker.steps += 1;
              if (tracker.isEvaluationStep(tracker.steps) && tracker.record(tracker.steps, testAccuracy(model, testX, testY))) model.stopTraining = true;
              if (tracker.overTime) model.stopTraining = true;
            },
          },
        });
        if (!tracker.reached && tracker.stopWithoutTarget()) tracker.recordFinal(testAccuracy(model, testX, testY));
      } finally {
        tf.dispose([x, y, testX, testY]);
        model.dispose();
        optimizer.dispose();
      }
      return tracker.result(dataSeconds, info.threads);
    },
  };
}
