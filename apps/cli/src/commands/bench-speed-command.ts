import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry } from '@nnlab/core';
import { fitVariant, formatBenchTable, handwrittenVariant, nnlabVariant, type Peer, runBench, selectPeers, selectWorkloads, type StepVariant, tfjsLayersVariant } from '@nnlab/bench';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { progressTimes } from '../progress-time.js';
import { checkOutputFile, writeFileAtomic } from '@nnlab/core/node';
import { addBrowserRows } from './browser-bench.js';

/** Options of `nnlab bench`, already parsed from the command line. */
export interface BenchSpeedOptions {
  readonly backends?: readonly string[];
  readonly workloads?: readonly string[];
  readonly quick?: boolean;
  readonly budget?: number;
  readonly repeats?: number;
  readonly compareOverhead?: boolean;
  /** Also run the workloads in headless Chromium (webgl, webgpu, wasm, cpu) and add those rows, marked `environment: 'browser'`. */
  readonly browser?: boolean;
  /** Peer frameworks timed alongside, interleaved with our repeats (`torch`); `auto` (default): every installed one; `none`. */
  readonly peers?: readonly string[];
  readonly threads?: number;
  readonly output?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

const PEER_INSTALL: Readonly<Record<string, string>> = {
  torch: 'apt-get install python3-torch (or bash tools/setup.sh --with-peers)',
  'jax-js': 'npm i @jax-js/jax@0.1.25',
};

/**
 * The peers to time: the named ones; `none`; or `auto` (the default) every
 * installed one, saying on stderr which are not and how to install them.
 */
async function choosePeers(names: readonly string[], output: Output): Promise<Peer[]> {
  if (names.length === 1 && names[0] === 'none') return [];
  if (!(names.length === 1 && names[0] === 'auto')) return selectPeers(names);
  const chosen: Peer[] = [];
  const missing: string[] = [];
  for (const name of ['torch', 'jax-js']) {
    const peers = selectPeers([name]);
    if ((await peers[0]?.unavailableReason()) === undefined) chosen.push(...peers);
    else missing.push(`${name} (${PEER_INSTALL[name] ?? 'see docs/BENCHMARKS.md'})`);
  }
  output.stderr.write(`nnlab: peers (auto): ${chosen.length === 0 ? 'none installed' : chosen.map((p) => p.name).join(', ')}${missing.length > 0 ? `; not installed: ${missing.join('; ')}` : ''}
`);
  return chosen;
}

/**
 * `nnlab bench` (without --to-accuracy): times training steps of the benchmark workloads on every
 * backend (or those named) and prints a table; unavailable backends get a
 * line saying why. `--compare-overhead` times the same step written by hand
 * with tfjs-core ops and with tfjs-layers beside nnlab's. `--peers torch`
 * trains the same workloads in PyTorch between nnlab's repeats and adds a
 * `vs torch` ratio column.
 */
export async function benchSpeedCommand(allBackends: readonly BackendProvider[], options: BenchSpeedOptions, output: Output): Promise<void> {
  const registry = new BackendRegistry(allBackends);
  const backends = options.backends === undefined || options.backends.length === 0 ? registry.list() : options.backends.map((name) => registry.get(name));
  // With --browser the page measures webgl and webgpu; Node skips those browser-only placeholders.
  const nodeBackends = options.browser === true ? backends.filter((b) => b.environments.includes('node')) : backends;
  const workloads = selectWorkloads(options.workloads);
  // The fit row beside the bare step: what the trainer's loop costs or saves over a plain step loop.
  const variants: StepVariant[] = options.compareOverhead === true ? [nnlabVariant, fitVariant, handwrittenVariant, tfjsLayersVariant] : [nnlabVariant, fitVariant];
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  const peers = await choosePeers(options.peers ?? ['auto'], output);

  // commander sets progress to true unless --no-progress. A terminal gets the bar; anything else (a pipe,
  // a CI log) one labelled line per cell, so a long bench is never silent.
  const showProgress = options.progress !== false && output.stderr.isTTY === true;
  const progressLines = options.progress !== false && !showProgress;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { stream: output.stderr as NodeJS.WritableStream, format: 'bench [{bar}] {value}/{total} {cell} | {duration_formatted} elapsed, ETA {remaining}', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const cells = nodeBackends.length * workloads.length;
  const started = performance.now();
  let current = 0;
  bar?.start(cells, 0, { cell: '', ...progressTimes(started, 0, cells) });
  const nodeReport = await runBench({
    backends: nodeBackends,
    workloads,
    variants,
    ...(peers.length > 0 ? { peers } : {}),
    quick: options.quick ?? false,
    ...(options.budget === undefined ? {} : { budgetSeconds: options.budget }),
    ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
    ...(options.threads === undefined ? {} : { activateOptions: { threads: options.threads } }),
    onProgress(event) {
      if (event.type === 'row') {
        // Each row as its cell ends: what was measured, so a long bench says how it goes, not only where it is.
        const row = event.row;
        const times = progressTimes(started, current, cells);
        const what = row.available ? `${Math.round(row.samplesPerSec ?? 0).toLocaleString('en-US')} samples/s${row.threads === null ? '' : ` (${row.threads} thread${row.threads === 1 ? '' : 's'})`}` : `unavailable: ${row.reason ?? 'not available'}`;
        const label = `${row.backend} ${row.workload}${row.variant === 'nnlab' ? '' : ` ${row.variant}`}`;
        bar?.update(current, { cell: `${label}: ${what}`, ...times });
        if (progressLines) output.stderr.write(`nnlab: bench [${current}/${cells}] ${label}: ${what}; ${times.elapsed} elapsed, ETA ${times.remaining}\n`);
        return;
      }
      if (event.type !== 'cell') return;
      current = event.index;
      const times = progressTimes(started, event.index - 1, cells);
      bar?.update(event.index - 1, { cell: `${event.backend} ${event.workload}`, ...times });
      if (progressLines) output.stderr.write(`nnlab: bench [${event.index}/${cells}] ${event.backend} ${event.workload}: ${times.elapsed} elapsed, ETA ${times.remaining}\n`);
    },
  });
  bar?.update(cells, { cell: 'done', ...progressTimes(started, cells, cells) });
  bar?.stop();
  const { report, browser } =
    options.browser === true
      ? await addBrowserRows(nodeReport, {
          ...(options.backends === undefined ? {} : { requested: options.backends }),
          ...(options.workloads === undefined ? {} : { workloads: options.workloads }),
          quick: options.quick ?? false,
          ...(options.budget === undefined ? {} : { budgetSeconds: options.budget }),
          ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
          log: (line) => output.stderr.write(`${line}\n`),
        })
      : { report: nodeReport, browser: undefined };
  if (browser !== undefined && 'skipped' in browser) output.stderr.write(`nnlab: ${browser.skipped}\n`);

  output.stdout.write(`${formatBenchTable(report)}\n`);
  const result = { command: 'bench', ...report, ...(browser === undefined ? {} : { browser }) };
  if (options.output !== undefined) {
    await writeFileAtomic(options.output, `${JSON.stringify(result, null, 2)}\n`);
    output.stdout.write(`wrote ${options.output}\n`);
  }
  if (options.json === true) printJson(output, result);
}
