import {
  type AccuracyContender,
  type AccuracyPoint,
  type AccuracyRun,
  fitContender,
  type RecipeDataLayout,
  recipeDataFromParts,
  type RemoteBackendCheck,
  selectRecipes,
} from '@nnlab/bench';
import { ACTIVATION_TIMEOUT_MS, activateBrowserBackend, browserBackend } from '../browser-backends.js';
import { browserName } from './run-browser-bench.js';

/** One time-to-accuracy run, as `nnlab bench --to-accuracy --browser` asks the page for it. */
export interface PageRecipeRequest {
  /** Browser backend: webgl, webgpu, wasm or cpu. */
  readonly backend: string;
  /** Recipe name (`mnist-mlp`): the page takes the recipe from `@nnlab/bench`, as Node does. */
  readonly recipe: string;
  readonly seed: number;
  readonly maxSeconds: number;
  /** URL prefix of the data's binary parts (`${dataUrl}train-images`, ...), served by the Node side. */
  readonly dataUrl: string;
  readonly layout: RecipeDataLayout;
  /** wasm threads (`--threads`), as the Node rows get them. */
  readonly threads?: number;
}

// One contender per backend and thread count for the page's life: each keeps its backend's activation info.
const contenders = new Map<string, AccuracyContender>();

function contender(backend: string, threads?: number): AccuracyContender {
  const key = `${backend}/${threads ?? ''}`;
  let found = contenders.get(key);
  if (found === undefined) {
    found = fitContender(browserBackend(backend), { timeoutMs: ACTIVATION_TIMEOUT_MS, ...(threads === undefined ? {} : { threads }) });
    contenders.set(key, found);
  }
  return found;
}

/**
 * Whether `backend` can train in this page (probe and activation), and if
 * so its set-up line with the browser and the adapter or renderer it got
 * (SwiftShader in headless Chromium without a GPU).
 *
 * @example
 * const { reason, setup, device } = await checkRecipeBackend('webgpu');
 */
export async function checkRecipeBackend(backend: string, threads?: number): Promise<RemoteBackendCheck> {
  const reason = await contender(backend, threads).unavailableReason();
  if (reason !== undefined) return { reason };
  const info = await activateBrowserBackend(backend, threads === undefined ? {} : { threads });
  const setup = `${(await contender(backend, threads).setup?.()) ?? `nnlab fit on ${backend}`}, in ${browserName(navigator.userAgent)}`;
  if (info.device === undefined || info.device === '') return { setup };
  return { setup: `${setup}; ${backend === 'webgpu' ? 'adapter' : 'renderer'}: ${info.device}`, device: info.device };
}

/**
 * Trains one recipe with nnlab's `fit` on a browser backend: the same
 * `fitContender` as the Node rows (model, optimizer, seeded shuffle,
 * evaluation cadence, cap), on the Node side's own data fetched from
 * `dataUrl`. The fetch is the run's data time, apart from training.
 *
 * @example
 * const run = await trainRecipeInPage({ backend: 'webgl', recipe: 'mnist-mlp', seed: 0, maxSeconds: 60, dataUrl, layout });
 */
export async function trainRecipeInPage(request: PageRecipeRequest, onEvaluation?: (point: AccuracyPoint) => void): Promise<AccuracyRun> {
  const [recipe] = selectRecipes([request.recipe]);
  if (recipe === undefined) throw new Error(`no recipe ${request.recipe}`);
  const data = await recipeDataFromParts(request.layout, async (part) => {
    const response = await fetch(`${request.dataUrl}${part}`);
    if (!response.ok) throw new Error(`fetching ${request.dataUrl}${part}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const run = await contender(request.backend, request.threads).train(recipe, data, {
    seed: request.seed,
    maxSeconds: request.maxSeconds,
    ...(onEvaluation === undefined ? {} : { onEvaluation }),
  });
  return { ...run, dataSeconds: run.dataSeconds + data.seconds };
}
