import { type ActivateOptions, type BackendInfo, type BackendProvider, Rng } from '@nnlab/core';
import { createOptimizer } from '@nnlab/optimizers';
import { type Callback, evaluate, fit } from '@nnlab/trainers';
import { type AccuracyContender, AccuracyTracker } from './accuracy-contender.js';
import { buildRecipeModel, recipeModelKind } from './recipe-model.js';

/** Enough epochs that only the target or the cap ends a run. */
const UNBOUNDED_EPOCHS = 1_000_000;

/**
 * nnlab training a recipe through `fit` on `backend`: the recipe's model and
 * optimizer, a seeded shuffling `DataLoader` (batch tensors made per step,
 * so that cost is in the time), and `evaluate` on the whole test set every
 * `recipe.evalEvery` steps from a callback that asks `fit` to settle there,
 * so the evaluation sees the weights of exactly that step.
 *
 * @example
 * const run = await fitContender(nativeBackend).train(recipe, data, { seed: 0, maxSeconds: 60 });
 */
export function fitContender(backend: BackendProvider, activateOptions?: ActivateOptions): AccuracyContender {
  let info: BackendInfo | undefined;
  let probing: Promise<string | undefined> | undefined;
  const activate = async (): Promise<BackendInfo> => {
    // Every run activates its backend again: runs of different backends take turns.
    info = await backend.activate(activateOptions);
    return info;
  };
  return {
    name: backend.name,
    kind: 'nnlab',
    unavailableReason() {
      probing ??= (async () => {
        const probe = await backend.probe().catch((error: Error) => ({ available: false, reason: `probe failed: ${error.message}` }));
        if (!probe.available) return probe.reason ?? 'not available';
        try {
          await activate();
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      })();
      return probing;
    },
    async setup() {
      if (info === undefined) return undefined;
      return `nnlab fit on ${info.name} (tfjs backend ${info.tfjsBackend}), ${info.threads ?? 1} thread${info.threads === 1 || info.threads === null ? '' : 's'}${info.simd === true ? ', SIMD' : ''}`;
    },
    async train(recipe, data, options) {
      const { DataLoader } = await import('@nnlab/datasets');
      const { threads } = await activate();
      const started = performance.now();
      const flatten = recipeModelKind(recipe.model) === 'mlp';
      const trainLoader = new DataLoader(data.train, { batchSize: recipe.batchSize, shuffle: true, rng: new Rng(options.seed + 1), flatten });
      const testLoader = new DataLoader(data.test, { batchSize: 1000, flatten });
      const dataSeconds = (performance.now() - started) / 1000;
      const tracker = new AccuracyTracker(recipe, data.train.count, options);
      tracker.start();
      const model = buildRecipeModel(recipe.model, new Rng(options.seed));
      const optimizer = createOptimizer(recipe.optimizer.name, model, recipe.optimizer.options);
      const callback: Callback = {
        settleAt: (globalStep) => tracker.isEvaluationStep(globalStep),
        async onBatchEnd(log, context) {
          tracker.steps = log.globalStep;
          if (tracker.isEvaluationStep(log.globalStep)) {
            const { accuracy } = await evaluate(model, testLoader);
            if (tracker.record(log.globalStep, accuracy ?? 0)) context.stop('target reached');
          }
          if (tracker.overTime) context.stop('time cap');
        },
      };
      try {
        await fit(model, optimizer, { train: trainLoader, epochs: UNBOUNDED_EPOCHS, callbacks: [callback] });
        if (!tracker.reached && tracker.stopWithoutTarget()) tracker.recordFinal((await evaluate(model, testLoader)).accuracy ?? 0);
      } finally {
        optimizer.dispose();
        model.dispose();
      }
      return tracker.result(dataSeconds, threads);
    },
  };
}
