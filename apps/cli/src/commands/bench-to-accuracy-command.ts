import type { BackendProvider } from '@nnlab/core';
import { InvalidArgumentError } from '@nnlab/core';
import { BROWSER_RECIPE_BACKENDS, choosePeers, describeAccuracyRunEnd, describePeerChoice, formatToAccuracyTable, planToAccuracyBackends, runToAccuracy, selectRecipes, toAccuracyPeerGroups } from '@nnlab/bench';
import { toAccuracyContenders } from '@nnlab/bench/node';
import { checkOutputFile } from '@nnlab/core/node';
import { writeToAccuracyReport } from '@nnlab/report/node';
import { rasterizeSvgs } from '@nnlab/browser-harness';
import { ensureDemoBuild } from '../browser/demo-site.js';
import { type BenchCommonOptions, benchProgress, writeBenchResult } from '../bench-output.js';
import type { Output } from '../output.js';
import { formatDuration } from '../progress-time.js';

/** Options of `nnlab bench --to-accuracy`, already parsed. */
export interface BenchToAccuracyOptions extends BenchCommonOptions {
  readonly recipes?: readonly string[];
  readonly seeds?: number;
  readonly maxSeconds?: number;
  /** Folder for the chart (SVG, PNG) and its HTML page (default `bench-to-accuracy`). */
  readonly report?: string;
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
  const { node, browser } = planToAccuracyBackends(allBackends, options);
  if (options.browser === true && browser.length === 0) {
    throw new InvalidArgumentError(`--browser: --backend ${options.backends?.join(',')} names no browser backend (${BROWSER_RECIPE_BACKENDS.join(', ')})`);
  }
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  const { chosen: peers, auto } = await choosePeers(toAccuracyPeerGroups(allBackends), options.peers ?? ['auto']);
  if (auto !== undefined) output.stderr.write(`nnlab: ${describePeerChoice(auto)}\n`);
  const showLines = options.progress !== false;
  const contenders = toAccuracyContenders({
    node,
    browser,
    page: {
      site: (log) => ensureDemoBuild({ onBuild: (why) => log(`building the bench page (apps/demo, ${why})...`) }),
      log: (line) => showLines && output.stderr.write(`nnlab: ${line}\n`),
    },
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    peers,
  });

  const { bar, lines } = benchProgress(output, options.progress, 'to-accuracy [{bar}] {value}/{total} {cell} | {duration_formatted} elapsed');
  const started = performance.now();
  const maxSeconds = options.maxSeconds ?? 300;
  let barStarted = false;
  const report = await runToAccuracy({
    recipes,
    contenders,
    seeds: Array.from({ length: options.seeds ?? 3 }, (_, i) => i),
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
        if (lines) output.stderr.write(`nnlab: to-accuracy [${event.index}/${event.total}] ${cell}: ${describeAccuracyRunEnd(event)}; ${formatDuration(elapsed)} elapsed\n`);
      }
    },
  });
  bar?.stop();
  output.stdout.write(`${formatToAccuracyTable(report)}\n`);
  const chart = await writeToAccuracyReport(options.report ?? 'bench-to-accuracy', report, { rasterize: rasterizeSvgs, title: 'nnlab bench --to-accuracy' });
  output.stdout.write(`wrote ${chart.files.join(', ')}${chart.pngSkipped === undefined ? '' : ` (no PNG: ${chart.pngSkipped})`}\n`);
  await writeBenchResult(output, { command: 'bench', mode: 'to-accuracy', ...report, report: chart }, options);
}
