import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, InvalidArgumentError } from '@nnlab/core';
import {
  type AccuracyContender,
  fitContender,
  formatToAccuracyTable,
  jaxJsContender,
  remoteFitContender,
  runToAccuracy,
  selectRecipes,
  tfjsLayersContender,
  torchPeer,
} from '@nnlab/bench';
import { cpuBackend } from '@nnlab/backend-cpu';
import { wasmStockBackend } from '@nnlab/backend-wasm';
import { BROWSER_RECIPE_BACKENDS, browserRecipeTrainer } from '../browser/browser-recipe-trainer.js';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { formatDuration } from '../progress-time.js';
import { checkOutputFile, writeFileAtomic } from '@nnlab/core/node';
import { writeToAccuracyReport } from '@nnlab/report/node';
import { rasterizeSvgs } from '@nnlab/browser-harness';

/** Options of `nnlab bench --to-accuracy`, already parsed. */
export interface BenchToAccuracyOptions {
  readonly backends?: readonly string[];
  readonly recipes?: readonly string[];
  /** Peer names, or `auto` (default): every installed one. */
  readonly peers?: readonly string[];
  readonly seeds?: number;
  readonly maxSeconds?: number;
  readonly threads?: number;
  /** Also train in headless Chromium through `fit` on webgl, webgpu and wasm (rows labelled `(browser, <renderer>)`). */
  readonly browser?: boolean;
  /** Folder for the chart (SVG, PNG) and its HTML page (default `bench-to-accuracy`). */
  readonly report?: string;
  readonly output?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

/** Peers of the time-to-accuracy bench, by the name `--peers` takes, with how to install each. */
function accuracyPeers(): Record<string, { contenders: AccuracyContender[]; install: string }> {
  return {
    torch: { contenders: [torchPeer], install: 'apt-get install python3-torch (or bash tools/setup.sh --with-peers)' },
    'jax-js': { contenders: [jaxJsContender()], install: 'npm i @jax-js/jax@0.1.25' },
    'tfjs-layers': { contenders: [tfjsLayersContender(cpuBackend, 'cpu'), tfjsLayersContender(wasmStockBackend, 'wasm')], install: 'npm i @tensorflow/tfjs-layers@4.22.0' },
  };
}

/** The peers to run: the named ones, or with `auto` every installed one; says on stderr which are missing and how to get them. */
async function choosePeers(names: readonly string[], output: Output): Promise<AccuracyContender[]> {
  const known = accuracyPeers();
  if (names.length === 1 && names[0] === 'none') return [];
  const auto = names.length === 1 && names[0] === 'auto';
  if (!auto) {
    return names.flatMap((name) => {
      const peer = known[name];
      if (peer === undefined) throw new InvalidArgumentError(`unknown peer "${name}" for --to-accuracy; known peers: ${Object.keys(known).join(', ')}, or auto, or none`);
      return peer.contenders;
    });
  }
  const chosen: AccuracyContender[] = [];
  const missing: string[] = [];
  for (const [name, peer] of Object.entries(known)) {
    const reasons = await Promise.all(peer.contenders.map((c) => c.unavailableReason()));
    if (reasons.every((r) => r !== undefined)) missing.push(`${name} (${peer.install})`);
    else chosen.push(...peer.contenders);
  }
  output.stderr.write(`nnlab: peers (auto): ${chosen.length === 0 ? 'none installed' : [...new Set(chosen.map((c) => c.name.split(' ')[0]))].join(', ')}${missing.length > 0 ? `; not installed: ${missing.join('; ')}` : ''}\n`);
  return chosen;
}

/**
 * `nnlab bench --to-accuracy`: trains the named recipes with nnlab's `fit` on
 * every Node backend and with the peers until the test accuracy reaches each
 * recipe's target, seeds interleaved, and prints the median time to target;
 * writes a chart of accuracy against wall-clock seconds (SVG, PNG and an
 * HTML page) into the report folder.
 */
export async function benchToAccuracyCommand(allBackends: readonly BackendProvider[], options: BenchToAccuracyOptions, output: Output): Promise<void> {
  const recipes = selectRecipes(options.recipes ?? ['mnist-mlp']);
  const registry = new BackendRegistry(allBackends);
  // Every Node backend except the unmodified-tfjs comparison one (tfjs-layers' wasm row runs on it).
  const named = options.backends !== undefined && options.backends.length > 0;
  const nodeBackends = named ? (options.backends ?? []).map((name) => registry.get(name)) : registry.list().filter((b) => b.environments.includes('node') && b.name !== 'wasm-stock');
  // With --browser the page trains the browser backends; Node leaves out those it cannot run.
  const backends = options.browser === true ? nodeBackends.filter((b) => b.environments.includes('node')) : nodeBackends;
  const inPage: readonly string[] = [...BROWSER_RECIPE_BACKENDS, 'cpu'];
  const browserBackends = options.browser !== true ? [] : named ? (options.backends ?? []).filter((name) => inPage.includes(name)) : [...BROWSER_RECIPE_BACKENDS];
  if (options.browser === true && browserBackends.length === 0) {
    throw new InvalidArgumentError(`--browser: --backend ${options.backends?.join(',')} names no browser backend (${inPage.join(', ')})`);
  }
  const seedCount = options.seeds ?? 3;
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  const reportDir = options.report ?? 'bench-to-accuracy';
  const peers = await choosePeers(options.peers ?? ['auto'], output);
  const showLines = options.progress !== false;
  const trainer = browserBackends.length === 0 ? undefined : browserRecipeTrainer({
          log: (line) => showLines && output.stderr.write(`nnlab: ${line}\n`),
          ...(options.threads === undefined ? {} : { threads: options.threads }),
        });
  const contenders = [
    ...backends.map((b) => fitContender(b, options.threads === undefined ? undefined : { threads: options.threads })),
    ...(trainer === undefined ? [] : browserBackends.map((name) => remoteFitContender(name, trainer))),
    ...peers,
  ];

  const showBar = options.progress !== false && output.stderr.isTTY === true;
  const lines = options.progress !== false && !showBar;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { stream: output.stderr as NodeJS.WritableStream, format: 'to-accuracy [{bar}] {value}/{total} {cell} | {duration_formatted} elapsed', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = performance.now();
  const maxSeconds = options.maxSeconds ?? 300;
  let barStarted = false;
  const report = await runToAccuracy({
    recipes,
    contenders,
    seeds: Array.from({ length: seedCount }, (_, i) => i),
    maxSeconds,
    onProgress(event) {
      const elapsed = (performance.now() - started) / 1000;
      const cell = `${event.contender} ${event.recipe} seed ${event.seed}`;
      if (event.type === 'start') {
        if (bar !== undefined && !barStarted) {
          bar.start(event.total, event.index - 1, { cell });
          barStarted = true;
        }
        bar?.update(event.index - 1, { cell });
        // At most the cap per remaining run: an upper bound, since most runs stop at the target.
        const bound = (event.total - event.index + 1) * maxSeconds;
        if (lines) output.stderr.write(`nnlab: to-accuracy [${event.index}/${event.total}] ${cell}: start; ${formatDuration(elapsed)} elapsed, at most ${formatDuration(bound)} left\n`);
      } else if (event.type === 'evaluation') {
        bar?.update({ cell: `${cell} ${(event.point.accuracy * 100).toFixed(1)}% at ${event.point.seconds.toFixed(0)}s` });
      } else {
        bar?.update(event.index, { cell });
        const result =
          event.error !== undefined
            ? `failed: ${event.error}`
            : event.run?.reached === true
              ? `reached in ${event.run.seconds?.toFixed(1)} s (${event.run.epochs.toFixed(2)} epochs)`
              : `not reached in ${event.run?.trainSeconds.toFixed(0)} s, best ${((event.run?.bestAccuracy ?? 0) * 100).toFixed(2)}%`;
        if (lines) output.stderr.write(`nnlab: to-accuracy [${event.index}/${event.total}] ${cell}: ${result}; ${formatDuration(elapsed)} elapsed\n`);
      }
    },
  });
  bar?.stop();
  output.stdout.write(`${formatToAccuracyTable(report)}\n`);
  const chart = await writeToAccuracyReport(reportDir, report, { rasterize: rasterizeSvgs, title: 'nnlab bench --to-accuracy' });
  output.stdout.write(`wrote ${chart.files.join(', ')}${chart.pngSkipped === undefined ? '' : ` (no PNG: ${chart.pngSkipped})`}\n`);
  const result = { command: 'bench', mode: 'to-accuracy', ...report, report: chart };
  if (options.output !== undefined) {
    await writeFileAtomic(options.output, `${JSON.stringify(result, null, 2)}\n`);
    output.stdout.write(`wrote ${options.output}\n`);
  }
  if (options.json === true) printJson(output, result);
}
