import type { AccuracyContender, AccuracyRun, AccuracyTrainOptions } from './accuracy-contender.js';
import type { RecipeData } from './recipe-data.js';
import type { Recipe } from './recipes.js';

/** What a {@link RemoteTrainer} says about one backend before any training. */
export interface RemoteBackendCheck {
  /** Why the backend cannot train there (no WebGPU adapter, ...), or undefined when it can. */
  readonly reason?: string;
  /** One line for the report: what ran, on which adapter or renderer. */
  readonly setup?: string;
  /** The GPU adapter or renderer the backend got (`BackendInfo.device`), when it has one. */
  readonly device?: string;
}

/**
 * Something that runs nnlab's `fit` outside this process, such as a headless
 * browser page: {@link remoteFitContender} turns each of its backends into
 * a time-to-accuracy contender. `train` gets the bench's own data, so the
 * remote side trains on the same examples, split and preprocessing.
 */
export interface RemoteTrainer {
  /** Where the training runs (`browser`): part of every row's label. */
  readonly environment: string;
  check(backend: string): Promise<RemoteBackendCheck>;
  /** Trains `recipe` on `backend` there; the run's `dataSeconds` includes getting `data` there. */
  train(backend: string, recipe: Recipe, data: RecipeData, options: AccuracyTrainOptions): Promise<AccuracyRun>;
  /** Stops what the trainer started (safe to call more than once). */
  dispose(): Promise<void>;
}

/**
 * The short name of a software rasteriser in an adapter or renderer string
 * (`SwiftShader`, `llvmpipe`, `WARP`...), or undefined for real hardware.
 * Rows trained on one must say so: its speed is a CPU's, not a GPU's.
 *
 * @example
 * softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // 'SwiftShader'
 */
export function softwareRenderer(device: string): string | undefined {
  const known: ReadonlyArray<[RegExp, string]> = [
    [/swiftshader/i, 'SwiftShader'],
    [/llvmpipe/i, 'llvmpipe'],
    [/softpipe/i, 'softpipe'],
    [/basic render driver|\bwarp\b/i, 'WARP'],
    [/software/i, 'software renderer'],
  ];
  return known.find(([pattern]) => pattern.test(device))?.[1];
}

/** The adapter or renderer as a row shows it: a software rasteriser's name with "software", else the device (at most 48 characters). */
function deviceLabel(device: string): string {
  const software = softwareRenderer(device);
  if (software !== undefined) return `${software}, software`;
  return device.length <= 48 ? device : `${device.slice(0, 47)}…`;
}

/**
 * A time-to-accuracy contender for nnlab's `fit` on `backend` run by a
 * {@link RemoteTrainer} (e.g. webgl in headless Chromium). Its row label is
 * `backend (environment)`, with the adapter or renderer for GPU backends
 * once checked (`webgl (browser, SwiftShader, software)`), so a software
 * GPU is never read as a GPU's speed.
 *
 * @example
 * const contenders = ['webgl', 'webgpu', 'wasm'].map((b) => remoteFitContender(b, pageTrainer));
 */
export function remoteFitContender(backend: string, trainer: RemoteTrainer): AccuracyContender {
  let checking: Promise<RemoteBackendCheck> | undefined;
  let checked: RemoteBackendCheck | undefined;
  const check = (): Promise<RemoteBackendCheck> => {
    checking ??= trainer.check(backend).then(
      (result) => (checked = result),
      (error: Error) => (checked = { reason: `${trainer.environment} check failed: ${error.message.split('\n')[0]}` }),
    );
    return checking;
  };
  return {
    get name() {
      const device = checked?.reason === undefined ? checked?.device : undefined;
      return device === undefined || device === '' ? `${backend} (${trainer.environment})` : `${backend} (${trainer.environment}, ${deviceLabel(device)})`;
    },
    kind: 'nnlab',
    environment: trainer.environment,
    async unavailableReason() {
      return (await check()).reason;
    },
    async setup() {
      return (await check()).setup;
    },
    train: (recipe: Recipe, data: RecipeData, options: AccuracyTrainOptions) => trainer.train(backend, recipe, data, options),
    dispose: () => trainer.dispose(),
  };
}
