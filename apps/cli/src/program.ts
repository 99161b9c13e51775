import { Command, CommanderError, InvalidArgumentError as CommanderInvalidArgument, Option } from 'commander';
import type { BackendProvider } from '@nnlab/core';
import { isNnlabError } from '@nnlab/core';
import { optimizerNames } from '@nnlab/optimizers';
import { backendsCommand } from './commands/backends-command.js';
import { benchCommand } from './commands/bench-command.js';
import { trainCommand } from './commands/train-command.js';
import { knownBackends } from './known-backends.js';
import type { Output } from './output.js';
import { parseIntegerOption, parseListOption, parseNumberOption, UsageError } from './usage-error.js';

/** Adapts our option parsers to commander, whose own error type makes it report a usage error. */
function flag<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new CommanderInvalidArgument((error as Error).message.replace(/^--[\w-]+ must be /, 'must be '));
    }
  };
}

const positiveNumber = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n > 0, 'a number > 0'));
const nonNegativeNumber = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n >= 0, 'a number >= 0'));
const integer = (name: string, min = 1) => flag((t) => parseIntegerOption(name, t, min));

function buildProgram(backends: readonly BackendProvider[], output: Output): Command {
  const program = new Command('nnlab')
    .description('Train neural networks on TensorFlow.js with any backend, and find out which backend is fastest here.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.stdout.write(text),
      writeErr: (text) => output.stderr.write(text.startsWith('error:') ? `nnlab: ${text}` : text),
    });

  program
    .command('backends')
    .description('list every backend: available or not (and why), threads, SIMD, versions')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (options: { json?: boolean }) => backendsCommand(backends, options, output));

  program
    .command('train')
    .description('train a model on a dataset and report test accuracy')
    .option('--model <model>', 'model name or string: mlp, mlp-deep, mlp:784-300-10[,activation=relu|leaky_relu|sigmoid|tanh][,dropout=P]', 'mlp')
    .option('--dataset <name>', 'dataset: mnist-10k (embedded, 8,000/2,000), fashion-mnist, mnist', 'mnist-10k')
    .option('--backend <name>', `backend: ${backends.map((b) => b.name).join(', ')} or auto (first available)`, 'auto')
    .option('--epochs <n>', 'passes over the training set', integer('--epochs'), 10)
    .option('--batch-size <n>', 'examples per step', integer('--batch-size'), 64)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...optimizerNames]).default('adam'))
    .option('--lr <x>', 'learning rate (default: the optimizer\'s own, e.g. 1e-3 for adam)', positiveNumber('--lr'))
    .option('--momentum <x>', 'momentum (sgd, rmsprop)', nonNegativeNumber('--momentum'))
    .option('--nesterov', 'Nesterov momentum (sgd)')
    .option('--weight-decay <x>', 'L2 weight decay (decoupled for adamw)', nonNegativeNumber('--weight-decay'))
    .option('--seed <n>', 'seed for initialisation, shuffling and dropout', integer('--seed', 0), 0)
    .option('--no-normalize', 'keep pixels in [0, 1] instead of normalising by the training split\'s mean/std')
    .option('--threads <n>', 'threads for backends that support them', integer('--threads'))
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (options) => trainCommand(backends, options, output));

  program
    .command('bench')
    .description('time training steps of the benchmark workloads on every available backend')
    .option('--backend <list>', 'comma-separated backends (default: all)', parseListOption)
    .option('--workload <list>', 'comma-separated workloads: mlp, mlp-deep (default: all but opt-in ones)', parseListOption)
    .option('--quick', 'small batches and a short budget: finishes in seconds')
    .option('--budget <seconds>', 'timed seconds per backend x workload (default 12, quick 0.6)', positiveNumber('--budget'))
    .option('--repeats <n>', 'timed repeats; the median is reported (default 5, quick 2)', integer('--repeats'))
    .option('--compare-overhead', 'also time the same step hand-written with tfjs-core ops and with tfjs-layers trainOnBatch')
    .option('--threads <n>', 'threads for backends that support them', integer('--threads'))
    .option('--output <file>', 'also write the JSON report to this file')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(async (options: { backend?: string[]; workload?: string[] } & Record<string, unknown>) =>
      benchCommand(backends, { ...options, backends: options.backend, workloads: options.workload }, output),
    );
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit
 * code: 0 success, 1 a clear error (bad file, unavailable backend, ...),
 * 2 bad usage. Errors print one line starting with `nnlab: error:`; the
 * stack only with NNLAB_DEBUG=1.
 */
export async function main(argv: readonly string[], output: Output, backends: readonly BackendProvider[] = knownBackends()): Promise<number> {
  const program = buildProgram(backends, output);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return 2; // commander already printed the message
    }
    const debug = process.env.NNLAB_DEBUG === '1';
    const message = (error as Error)?.message ?? String(error);
    // Our own errors are the user's to fix; anything else is a bug of ours and says so.
    const prefix = isNnlabError(error) ? '' : 'internal error: ';
    const hint = isNnlabError(error) || debug ? '' : ' (set NNLAB_DEBUG=1 to see the stack)';
    output.stderr.write(`nnlab: error: ${prefix}${message.split('\n')[0]}${hint}\n`);
    if (debug) output.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
