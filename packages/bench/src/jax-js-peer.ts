import type * as Jax from '@jax-js/jax';
import { Rng } from '@nnlab/core';
import { importJaxJs, type JaxModule, loadJax } from './jax-js-loader.js';
import { jaxTraining, jaxUnsupportedReason } from './jax-js-training.js';
import type { Peer, PeerMeasureOptions, PeerRun } from './peer.js';
import type { Workload } from './workloads.js';

type Tree = Record<string, Jax.Array>;

/** How the peer runs its training step. */
export type JaxJsMode = 'jit' | 'eager';

/** A workload built in jax-js and ready to step. */
interface Session {
  readonly key: string;
  step(): number;
  /** Resolves once every pending (lazy) update has been computed. */
  settle(): Promise<void>;
  dispose(): void;
}

/** Options of {@link createJaxJsPeer}. */
export interface JaxJsPeerOptions {
  /**
   * Imports `@jax-js/jax` (default: a dynamic import; tests pass a failing one).
   * Typed `unknown` so the published types do not need the optional peer installed.
   */
  readonly importJax?: () => Promise<unknown>;
}

/** Random inputs in [0, 1) and labels, drawn like the bench's `randomBatch` (same seed, same values). */
function randomBatch(jax: JaxModule, workload: Workload, shape: number[], batchSize: number, seed: number): [Jax.Array, Jax.Array] {
  const rng = new Rng(seed);
  const x = jax.numpy.array(rng.uniformArray(shape.reduce((a, b) => a * b, 1), 0, 1)).reshape(shape);
  const labels = new Int32Array(batchSize);
  for (let i = 0; i < batchSize; i++) labels[i] = rng.int(workload.numClasses);
  return [x, jax.numpy.array(labels, { dtype: jax.numpy.int32 })];
}

function createSession(jax: JaxModule, workload: Workload, mode: JaxJsMode, batchSize: number, seed: number): Session {
  const training = jaxTraining(jax, workload, seed);
  const [x, y] = randomBatch(jax, workload, training.inputShape(batchSize), batchSize, seed + 1);
  const trainStep = (p: Tree, s: Tree, xs: Jax.Array, ys: Jax.Array, hyper: Jax.Array[]): [Jax.Array, Tree, Tree] => {
    const [loss, grads] = jax.valueAndGrad(training.loss)(jax.tree.ref(p), xs, ys);
    const [nextP, nextS] = training.update(p, grads, s, hyper);
    return [loss, nextP, nextS];
  };
  // jit compiles the whole step (forward, backward, optimizer) into one wasm program on the first call.
  const compiled = mode === 'jit' ? jax.jit(trainStep) : undefined;
  let params = training.params;
  let state = training.state;
  let count = 0;
  return {
    key: `${workload.name}/${batchSize}/${seed}`,
    step() {
      count += 1;
      const hyper = training.hyper(count).map((value) => jax.numpy.array(value));
      const [loss, nextParams, nextState] = (compiled ?? trainStep)(params, state, x.ref, y.ref, hyper);
      params = nextParams;
      state = nextState;
      return loss.dataSync()[0] ?? Number.NaN;
    },
    async settle() {
      await jax.blockUntilReady([params, state]);
    },
    dispose() {
      jax.tree.dispose([params, state, x, y]);
      compiled?.dispose();
    },
  };
}

/**
 * A {@link Peer} that trains the workloads with `@jax-js/jax` (0.1.x) on
 * its wasm device, in this process: the same model, batch size, optimizer
 * (PyTorch's update rules, written here with jax-js' public API, since its
 * optax package is not on npm) and random data as nnlab's rows. `jit` (the
 * `jax-js` peer) compiles the whole step (`valueAndGrad`, loss and
 * optimizer update) with `jit`; `eager` (`jax-js-eager`) runs it op by op.
 * jax-js threads its wasm device only where a web `Worker` exists, which
 * Node lacks, so it reports 1 thread. Writes `mlp:` models without batch
 * norm or dropout and the `cnn` CNN; other workloads get a row saying so.
 *
 * @example
 * const report = await runBench({ backends: [wasmBackend], workloads: selectWorkloads(['mlp']), peers: [jaxJsPeer, jaxJsEagerPeer] });
 */
export function createJaxJsPeer(mode: JaxJsMode, options: JaxJsPeerOptions = {}): Peer {
  const importJax = (options.importJax as (() => Promise<JaxModule>) | undefined) ?? importJaxJs;
  let session: Session | undefined;
  return {
    name: mode === 'jit' ? 'jax-js' : 'jax-js-eager',
    description: `@jax-js/jax on its wasm device, ${mode === 'jit' ? 'jit-compiled training step' : 'eager (op by op)'}, 1 thread`,
    async unavailableReason() {
      const jax = await loadJax(importJax);
      return typeof jax === 'string' ? jax : undefined;
    },
    async setup() {
      if (typeof (await loadJax(importJax)) === 'string') return undefined;
      // Its wasm device spreads work over web Workers only, which Node lacks: 1 thread is all it can use here.
      return `@jax-js/jax wasm device, ${mode === 'jit' ? 'jit-compiled step' : 'eager'}, 1 thread (jax-js threads only through web Workers, which Node lacks)`;
    },
    unsupportedReason: jaxUnsupportedReason,
    async measure(workload: Workload, options: PeerMeasureOptions): Promise<PeerRun[]> {
      const jax = await loadJax(importJax);
      if (typeof jax === 'string') throw new Error(jax);
      const key = `${workload.name}/${options.batchSize}/${options.seed}`;
      if (session?.key !== key) {
        session?.dispose();
        session = createSession(jax, workload, mode, options.batchSize, options.seed);
        session.step(); // first call: tracing and compilation
        session.step();
        await session.settle();
      }
      const started = performance.now();
      let steps = 0;
      let elapsed = 0;
      do {
        session.step();
        steps += 1;
        elapsed = (performance.now() - started) / 1000;
      } while (elapsed < options.seconds);
      await session.settle();
      elapsed = (performance.now() - started) / 1000;
      return [{ threads: 1, samplesPerSec: (steps * options.batchSize) / elapsed, stepMs: (elapsed * 1000) / steps, steps }];
    },
    async dispose() {
      session?.dispose();
      session = undefined;
    },
  };
}

/** jax-js with its training step jit-compiled (the `jax-js` peer). */
export const jaxJsPeer: Peer = createJaxJsPeer('jit');

/** jax-js running the same step eagerly, op by op (the `jax-js-eager` peer). */
export const jaxJsEagerPeer: Peer = createJaxJsPeer('eager');
