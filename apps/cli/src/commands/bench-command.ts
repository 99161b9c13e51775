import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { integer, JSON_HELP, positiveNumber } from '../option-parsers.js';
import { parseListOption } from '../usage-error.js';

interface BenchFlags extends Record<string, unknown> {
  readonly backend?: string[];
  readonly workload?: string[];
  readonly recipe?: string[];
  readonly toAccuracy?: boolean;
}

/**
 * `nnlab bench`: speed (`benchSpeedCommand`) or, with `--to-accuracy`, time
 * to a target accuracy (`benchToAccuracyCommand`). Both load the benchmark
 * harness and the headless browser, which took ~1 s of every start: imported only when run.
 */
export function createBenchCommand(context: CommandContext): Command {
  const { backends, output } = context;
  return new Command('bench')
    .description('time training steps of the benchmark workloads on every available backend')
    .option('--backend <list>', 'comma-separated backends (default: all)', parseListOption)
    .option('--workload <list>', 'comma-separated workloads: mlp, mlp-deep, cnn, cnn3 (default: all; cnn3 only on backends fast enough for the budget unless named)', parseListOption)
    .option('--quick', 'small batches and a short budget: finishes in seconds')
    .option('--budget <seconds>', 'timed seconds per backend x workload (default 8, quick 0.6)', positiveNumber('--budget'))
    .option('--repeats <n>', 'timed repeats; the median is reported (default 5, quick 2)', integer('--repeats'))
    .option('--compare-overhead', 'also time the same step hand-written with tfjs-core ops and with tfjs-layers trainOnBatch')
    .option('--browser', 'also run the workloads in headless Chromium on webgl, webgpu, wasm and cpu (rows marked "(browser)"); needs `apt-get install chromium`')
    .option('--peers <list>', 'comma-separated frameworks that train the same workloads, timed between our repeats: torch (PyTorch via /usr/bin/python3), jax-js (@jax-js/jax, jit and eager), with --to-accuracy also tfjs-layers; or none (default auto: every installed one)', parseListOption)
    .option('--to-accuracy', 'train recipes to a target test accuracy and report the wall time to get there (see --recipe)')
    .option('--recipe <list>', 'with --to-accuracy: comma-separated recipes: mnist-mlp, fashion-cnn, jaxjs-mlp, jaxjs-convnet (default mnist-mlp)', parseListOption)
    .option('--seeds <n>', 'with --to-accuracy: seeds per row, run interleaved; the median is reported (default 3)', integer('--seeds', 1))
    .option('--max-seconds <s>', 'with --to-accuracy: seconds of training per run before it counts as not reached (default 300)', positiveNumber('--max-seconds'))
    .option('--report <dir>', 'with --to-accuracy: folder for the accuracy-against-time charts (SVG, PNG, index.html) (default bench-to-accuracy)')
    .option('--threads <n>', 'threads for backends that support them', integer('--threads'))
    .option('--output <file>', 'also write the JSON report to this file')
    .option('--no-progress', 'no progress bar')
    .option('--json', JSON_HELP)
    .action(async (options: BenchFlags) =>
      options.toAccuracy === true
        ? (await import('./bench-to-accuracy-command.js')).benchToAccuracyCommand(backends, { ...options, backends: options.backend, recipes: options.recipe }, output)
        : (await import('./bench-speed-command.js')).benchSpeedCommand(backends, { ...options, backends: options.backend, workloads: options.workload }, output),
    );
}
