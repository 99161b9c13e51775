import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry } from '@nnlab/core';
import { formatBenchTable, handwrittenVariant, nnlabVariant, runBench, selectWorkloads, type StepVariant, tfjsLayersVariant } from '@nnlab/bench';
import type { Output } from '../output.js';
import { printJson } from '../output.js';

/** Options of `nnlab bench`, already parsed from the command line. */
export interface BenchCommandOptions {
  readonly backends?: readonly string[];
  readonly workloads?: readonly string[];
  readonly quick?: boolean;
  readonly budget?: number;
  readonly repeats?: number;
  readonly compareOverhead?: boolean;
  readonly threads?: number;
  readonly output?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

/**
 * `nnlab bench`: times training steps of the benchmark workloads on every
 * backend (or those named) and prints a table; unavailable backends get a
 * line saying why. `--compare-overhead` times the same step written by hand
 * with tfjs-core ops and with tfjs-layers beside nnlab's.
 */
export async function benchCommand(allBackends: readonly BackendProvider[], options: BenchCommandOptions, output: Output): Promise<void> {
  const registry = new BackendRegistry(allBackends);
  const backends = options.backends === undefined || options.backends.length === 0 ? registry.list() : options.backends.map((name) => registry.get(name));
  const workloads = selectWorkloads(options.workloads);
  const variants: StepVariant[] = options.compareOverhead === true ? [nnlabVariant, handwrittenVariant, tfjsLayersVariant] : [nnlabVariant];

  const showProgress = options.progress ?? output.stderr.isTTY === true;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { stream: output.stderr as NodeJS.WritableStream, format: 'bench [{bar}] {value}/{total} {cell}', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(backends.length * workloads.length, 0, { cell: '' });
  const report = await runBench({
    backends,
    workloads,
    variants,
    quick: options.quick ?? false,
    ...(options.budget === undefined ? {} : { budgetSeconds: options.budget }),
    ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
    ...(options.threads === undefined ? {} : { activateOptions: { threads: options.threads } }),
    onProgress(event) {
      if (event.type === 'cell') bar?.update(event.index - 1, { cell: `${event.backend} ${event.workload}` });
    },
  });
  bar?.update(backends.length * workloads.length, { cell: 'done' });
  bar?.stop();

  output.stdout.write(`${formatBenchTable(report)}\n`);
  const result = { command: 'bench', ...report };
  if (options.output !== undefined) {
    await writeFile(options.output, `${JSON.stringify(result, null, 2)}\n`);
    output.stdout.write(`wrote ${options.output}\n`);
  }
  if (options.json === true) printJson(output, result);
}
