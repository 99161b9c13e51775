import { type BackendProvider, BackendRegistry } from '@nnlab/core';
import type { AccuracyContender } from './accuracy-contender.js';
import type { PeerGroup } from './choose-peers.js';
import { fitVariant } from './fit-variant.js';
import { handwrittenVariant } from './handwritten-variant.js';
import { jaxJsContender } from './jax-js-contender.js';
import { nnlabVariant } from './nnlab-variant.js';
import type { Peer } from './peer.js';
import { selectPeers } from './select-peers.js';
import type { StepVariant } from './step-runner.js';
import { tfjsLayersContender } from './tfjs-layers-contender.js';
import { tfjsLayersVariant } from './tfjs-layers-variant.js';
import { torchPeer } from './torch-peer.js';
import { selectWorkloads, type Workload } from './workloads.js';

const TORCH_INSTALL = 'apt-get install python3-torch (or bash tools/setup.sh --with-peers)';
const JAX_JS_INSTALL = 'npm i @jax-js/jax@0.1.25';

/** Which backends run in this process: the named ones, else `fallback` of the registry's; with `browser`, only those that run in Node (the page measures the rest). */
function nodeBackends(all: readonly BackendProvider[], names: readonly string[] | undefined, browser: boolean, fallback: (b: BackendProvider) => boolean): BackendProvider[] {
  const registry = new BackendRegistry(all);
  const chosen = names !== undefined && names.length > 0 ? names.map((name) => registry.get(name)) : registry.list().filter(fallback);
  return browser ? chosen.filter((b) => b.environments.includes('node')) : chosen;
}

/** Options of {@link planSpeedBench}. */
export interface SpeedBenchPlanOptions {
  /** Backend names (default every backend, with a row saying why for those that cannot run). */
  readonly backends?: readonly string[];
  /** Workload names (default all, see `selectWorkloads`). */
  readonly workloads?: readonly string[];
  /** The page measures the browser backends: leave out those that do not run in Node. */
  readonly browser?: boolean;
  /** Also time the step hand-written with tfjs-core ops and with tfjs-layers. */
  readonly compareOverhead?: boolean;
}

/**
 * What the speed bench runs in this process: backends, workloads and step
 * variants (nnlab's step and `fit`'s, with `compareOverhead` also the
 * hand-written and tfjs-layers steps). Throws `InvalidArgumentError` for an
 * unknown backend or workload name.
 *
 * @example
 * const report = await runBench({ ...planSpeedBench(knownBackends(), { workloads: ['mlp'] }), quick: true });
 */
export function planSpeedBench(all: readonly BackendProvider[], options: SpeedBenchPlanOptions = {}): { backends: BackendProvider[]; workloads: Workload[]; variants: StepVariant[] } {
  return {
    backends: nodeBackends(all, options.backends, options.browser === true, () => true),
    workloads: selectWorkloads(options.workloads),
    // The fit row beside the bare step: what the trainer's loop costs or saves over a plain step loop.
    variants: options.compareOverhead === true ? [nnlabVariant, fitVariant, handwrittenVariant, tfjsLayersVariant] : [nnlabVariant, fitVariant],
  };
}

/** The speed bench's peers by group name (`jax-js` brings `jax-js-eager`), for `choosePeers(groups, names, selectPeers)`. */
export function speedPeerGroups(): Record<string, PeerGroup<Peer>> {
  return { torch: { contenders: selectPeers(['torch']), install: TORCH_INSTALL }, 'jax-js': { contenders: selectPeers(['jax-js']), install: JAX_JS_INSTALL } };
}

/**
 * The time-to-accuracy bench's peers by name, for `choosePeers`: torch,
 * jax-js, and tfjs-layers' `model.fit` on the `cpu` and `wasm-stock`
 * (unmodified tfjs wasm) backends of `all` where present.
 */
export function toAccuracyPeerGroups(all: readonly BackendProvider[]): Record<string, PeerGroup<AccuracyContender>> {
  const layers = [['cpu', 'cpu'], ['wasm-stock', 'wasm']].flatMap(([name, label]) => {
    const backend = all.find((b) => b.name === name);
    return backend === undefined ? [] : [tfjsLayersContender(backend, label as string)];
  });
  return {
    torch: { contenders: [torchPeer], install: TORCH_INSTALL },
    'jax-js': { contenders: [jaxJsContender()], install: JAX_JS_INSTALL },
    'tfjs-layers': { contenders: layers, install: 'npm i @tensorflow/tfjs-layers@4.22.0' },
  };
}

/** The backends the bench page trains recipes on, in row order; cpu only when named. */
export const BROWSER_RECIPE_BACKENDS: readonly string[] = ['webgl', 'webgpu', 'wasm', 'cpu'];

/**
 * Where the time-to-accuracy bench trains: Node backends (the named ones, or
 * every Node backend but `wasm-stock`) and, with `browser`, the backend
 * names the page trains on (the named ones it can, else webgl, webgpu and
 * wasm). `browser` comes back empty when the names include no page backend.
 */
export function planToAccuracyBackends(all: readonly BackendProvider[], options: { readonly backends?: readonly string[]; readonly browser?: boolean } = {}): { node: BackendProvider[]; browser: string[] } {
  const named = options.backends !== undefined && options.backends.length > 0;
  const browser = options.browser !== true ? [] : named ? (options.backends ?? []).filter((name) => BROWSER_RECIPE_BACKENDS.includes(name)) : BROWSER_RECIPE_BACKENDS.filter((name) => name !== 'cpu');
  // The unmodified-tfjs comparison backend is tfjs-layers' wasm row, not an nnlab row.
  return { node: nodeBackends(all, options.backends, options.browser === true, (b) => b.environments.includes('node') && b.name !== 'wasm-stock'), browser };
}
