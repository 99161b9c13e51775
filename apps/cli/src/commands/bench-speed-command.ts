import type { BackendProvider } from '@nnlab/core';
import { choosePeers, describeBenchRow, describePeerChoice, formatBenchTable, planSpeedBench, runBench, selectPeers, speedPeerGroups } from '@nnlab/bench';
import { addBrowserRows } from '@nnlab/bench/node';
import { checkOutputFile } from '@nnlab/core/node';
import { ensureDemoBuild } from '../browser/demo-site.js';
import { type BenchCommonOptions, benchProgress, writeBenchResult } from '../bench-output.js';
import type { Output } from '../output.js';
import { progressTimes } from '../progress-time.js';

/** Options of `nnlab bench`, already parsed from the command line. */
export interface BenchSpeedOptions extends BenchCommonOptions {
  readonly workloads?: readonly string[];
  readonly quick?: boolean;
  readonly budget?: number;
  readonly repeats?: number;
  readonly compareOverhead?: boolean;
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
  const plan = planSpeedBench(allBackends, options);
  if (options.output !== undefined) await checkOutputFile('--output', options.output);
  const { chosen: peers, auto } = await choosePeers(speedPeerGroups(), options.peers ?? ['auto'], selectPeers);
  if (auto !== undefined) output.stderr.write(`nnlab: ${describePeerChoice(auto)}\n`);

  const { bar, lines } = benchProgress(output, options.progress, 'bench [{bar}] {value}/{total} {cell} | {duration_formatted} elapsed, ETA {remaining}');
  const cells = plan.backends.length * plan.workloads.length;
  const started = performance.now();
  let current = 0;
  bar?.start(cells, 0, { cell: '', ...progressTimes(started, 0, cells) });
  const nodeReport = await runBench({
    ...plan,
    ...(peers.length > 0 ? { peers: [...peers] } : {}),
    quick: options.quick ?? false,
    ...(options.budget === undefined ? {} : { budgetSeconds: options.budget }),
    ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
    ...(options.threads === undefined ? {} : { activateOptions: { threads: options.threads } }),
    onProgress(event) {
      if (event.type === 'row') {
        // Each row as its cell ends: what was measured, so a long bench says how it goes, not only where it is.
        const times = progressTimes(started, current, cells);
        const row = describeBenchRow(event.row);
        bar?.update(current, { cell: row, ...times });
        if (lines) output.stderr.write(`nnlab: bench [${current}/${cells}] ${row}; ${times.elapsed} elapsed, ETA ${times.remaining}\n`);
        return;
      }
      if (event.type !== 'cell') return;
      current = event.index;
      const times = progressTimes(started, event.index - 1, cells);
      bar?.update(event.index - 1, { cell: `${event.backend} ${event.workload}`, ...times });
      if (lines) output.stderr.write(`nnlab: bench [${event.index}/${cells}] ${event.backend} ${event.workload}: ${times.elapsed} elapsed, ETA ${times.remaining}\n`);
    },
  });
  bar?.update(cells, { cell: 'done', ...progressTimes(started, cells, cells) });
  bar?.stop();
  const { report, browser } =
    options.browser === true
      ? await addBrowserRows(nodeReport, {
          site: (log) => ensureDemoBuild({ onBuild: (why) => log(`building the bench page (apps/demo, ${why})...`) }),
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
  await writeBenchResult(output, { command: 'bench', ...report, ...(browser === undefined ? {} : { browser }) }, options);
}
