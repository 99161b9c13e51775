import type * as Jax from '@jax-js/jax';
import { Rng } from '@nnlab/core';
import { type AccuracyContender, AccuracyTracker } from './accuracy-contender.js';
import { importJaxJs, loadJax } from './jax-js-loader.js';
import { jaxTraining, jaxUnsupportedReason } from './jax-js-training.js';
import type { RecipeData } from './recipe-data.js';
import type { Recipe } from './recipes.js';
import type { Workload } from './workloads.js';

type JaxModule = typeof Jax;
type Tree = Record<string, Jax.Array>;

const EVAL_BATCH = 1000;

/** The recipe as the jax-js training code's workload. */
const recipeWorkload = (recipe: Recipe): Workload => ({
  name: recipe.name,
  description: recipe.description,
  model: recipe.model,
  batchSize: recipe.batchSize,
  inputShape: recipe.inputShape,
  numClasses: 10,
  optimizer: recipe.optimizer,
});

/** Examples `order[from..to)` of `images` gathered into one buffer. */
function gather(images: Float32Array, size: number, order: ArrayLike<number>, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * size);
  for (let i = from; i < to; i++) {
    const k = order[i] as number;
    out.set(images.subarray(k * size, (k + 1) * size), (i - from) * size);
  }
  return out;
}

/**
 * jax-js (`@jax-js/jax` on its wasm device, 1 thread) training a recipe: the
 * same model, optimizer (PyTorch's update rules), batch size and data as
 * nnlab's rows, the whole step jit-compiled, a seeded shuffle per epoch and
 * a jit-compiled test-set evaluation every `recipe.evalEvery` steps.
 *
 * @example
 * const report = await runToAccuracy({ recipes, contenders: [fitContender(wasmBackend), jaxJsContender()] });
 */
export function jaxJsContender(options: { readonly importJax?: () => Promise<unknown> } = {}): AccuracyContender {
  const importJax = (options.importJax as (() => Promise<JaxModule>) | undefined) ?? importJaxJs;
  return {
    name: 'jax-js',
    kind: 'peer',
    async unavailableReason() {
      const jax = await loadJax(importJax);
      return typeof jax === 'string' ? jax : undefined;
    },
    unsupportedRecipeReason: (recipe) => jaxUnsupportedReason(recipeWorkload(recipe)),
    async setup() {
      return typeof (await loadJax(importJax)) === 'string' ? undefined : '@jax-js/jax wasm device, jit-compiled step and evaluation, 1 thread (jax-js threads only through web Workers, which Node lacks)';
    },
    async train(recipe: Recipe, data: RecipeData, trainOptions) {
      const jax = await loadJax(importJax);
      if (typeof jax === 'string') throw new Error(jax);
      const np = jax.numpy;
      const workload = recipeWorkload(recipe);
      const size = data.train.images.length / data.train.count;
      const dataStarted = performance.now();
      const training0 = jaxTraining(jax, workload, trainOptions.seed); // only for the input layout
      const shape = (n: number): number[] => training0.inputShape(n);
      jax.tree.dispose([training0.params, training0.state]);
      const testChunks: Array<[Jax.Array, Jax.Array]> = [];
      for (let from = 0; from < data.test.count; from += EVAL_BATCH) {
        const to = Math.min(from + EVAL_BATCH, data.test.count);
        testChunks.push([
          np.array(data.test.images.slice(from * size, to * size)).reshape(shape(to - from)),
          np.array(data.test.labels.slice(from, to), { dtype: np.int32 }),
        ]);
      }
      const dataSeconds = (performance.now() - dataStarted) / 1000;

      const tracker = new AccuracyTracker(recipe, data.train.count, trainOptions);
      tracker.start();
      const training = jaxTraining(jax, workload, trainOptions.seed);
      const trainStep = jax.jit((p: Tree, s: Tree, xs: Jax.Array, ys: Jax.Array, hyper: Jax.Array[]): [Jax.Array, Tree, Tree] => {
        const [loss, grads] = jax.valueAndGrad(training.loss)(jax.tree.ref(p), xs, ys);
        const [nextP, nextS] = training.update(p, grads, s, hyper);
        return [loss, nextP, nextS];
      });
      const correct = jax.jit((p: Tree, xs: Jax.Array, ys: Jax.Array): Jax.Array => np.argmax(training.logits(p, xs), -1).equal(ys).astype(np.float32).sum());
      let params = training.params;
      let state = training.state;
      const rng = new Rng(trainOptions.seed + 1);
      const n = data.train.count;
      try {
        while (!tracker.reached && !tracker.overTime) {
          const order = rng.permutation(n);
          for (let from = 0; from < n && !tracker.reached && !tracker.overTime; from += recipe.batchSize) {
            const to = Math.min(from + recipe.batchSize, n);
            const x = np.array(gather(data.train.images, size, order, from, to)).reshape(shape(to - from));
            const labels = new Int32Array(to - from);
            for (let i = from; i < to; i++) labels[i - from] = data.train.labels[order[i] as number] as number;
            const y = np.array(labels, { dtype: np.int32 });
            tracker.steps += 1;
            const hyper = training.hyper(tracker.steps).map((value) => np.array(value));
            const [loss, nextParams, nextState] = trainStep(params, state, x, y, hyper);
            loss.dispose();
            params = nextParams;
            state = nextState;
            if (tracker.isEvaluationStep(tracker.steps)) {
              let hits = 0;
              for (const [tx, ty] of testChunks) hits += (await correct(jax.tree.ref(params), tx.ref, ty.ref).data())[0] ?? 0;
              tracker.record(tracker.steps, hits / data.test.count);
            } else {
              // Every step: jax-js is lazy, so without this the loop queues steps faster than they run and
              // checks the cap before any has (8 jaxjs-convnet steps took 690 s against a 15 s cap under load).
              // One wasm thread runs them either way, so waiting costs no overlap.
              await jax.blockUntilReady([params, state]);
            }
          }
        }
        await jax.blockUntilReady([params, state]);
        if (!tracker.reached && tracker.stopWithoutTarget()) {
          let hits = 0;
          for (const [tx, ty] of testChunks) hits += (await correct(jax.tree.ref(params), tx.ref, ty.ref).data())[0] ?? 0;
          tracker.recordFinal(hits / data.test.count);
        }
      } finally {
        jax.tree.dispose([params, state, testChunks]);
        trainStep.dispose();
        correct.dispose();
      }
      return tracker.result(dataSeconds, 1);
    },
  };
}
