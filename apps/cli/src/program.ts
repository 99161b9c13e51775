import { Command, CommanderError, InvalidArgumentError as CommanderInvalidArgument, Option } from 'commander';
import type { BackendProvider } from '@nnlab/core';
import { isNnlabError } from '@nnlab/core';
import { optimizerNames } from '@nnlab/optimizers';
import { parseGrid, parseSearchSpace, type SearchDimension, type SweepGrid, sweepMetrics, sweepStrategies, DEFAULT_VALIDATION_SPLIT } from '@nnlab/sweeps';
import { backendsCommand } from './commands/backends-command.js';
import { checkpointImportCommand } from './commands/checkpoint-import-command.js';
import { checkpointInspectCommand } from './commands/checkpoint-inspect-command.js';
import { dataInspectCommand } from './commands/data-inspect-command.js';
import { exportCommand, exportFormats } from './commands/export-command.js';
import { gradcheckCommand } from './commands/gradcheck-command.js';
import { labCommand } from './commands/lab-command.js';
import { predictCommand } from './commands/predict-command.js';
import { summaryCommand } from './commands/summary-command.js';
import { sweepCommand } from './commands/sweep-command.js';
import { trainCommand } from './commands/train-command.js';
import { escapeControl } from './escape-control.js';
import { ExitRequest } from './exit-request.js';
import { readSweepResults, sweepSettingsOf } from '@nnlab/sweeps/node';
import { knownBackends } from '@nnlab/backends';
import { parseMemorySize } from './memory-limit.js';
import { jsonModeOutput, type Output, printJson } from './output.js';
import { reportInterrupts } from './interrupt-message.js';
import { MAX_SEED, parseIntegerOption, parseListOption, parseNumberOption, UsageError } from './usage-error.js';

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
// Checked with the other flags, before any data is loaded (the generator would refuse it only later).
const seed = flag((t) => parseIntegerOption('--seed', t, 0, MAX_SEED));
const fraction = (name: string) => flag((t) => parseNumberOption(name, t, (n) => n >= 0 && n < 1, 'a fraction in [0, 1)'));

const JSON_HELP = 'print the result as one JSON document on stdout (human lines and progress go to stderr; on failure an {"error": ...} object)';

// bench (headless browser), queue sweeps and worker (BullMQ) are imported when run: loading them took ~1 s of every start.
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
    .option('--json', JSON_HELP)
    .action(async (options: { json?: boolean }) => backendsCommand(backends, options, output));

  program
    .command('train')
    .description('train a model on a dataset and report test accuracy')
    .option('--model <model>', 'model name or string: mlp, mlp-deep, cnn, cnn2, cnn3, mlp:784-300-10[,activation=relu|leaky_relu|sigmoid|tanh][,batchnorm=true][,dropout=P]', 'mlp')
    .option('--dataset <name>', 'dataset: mnist-10k (embedded, 8,000/2,000), fashion-mnist, mnist, folder:DIR[,size=28][,channels=1] (class sub-folders of PNG/JPEG), mat:FILE[,x=X][,y=y] (MATLAB)', 'mnist-10k')
    .option('--backend <name>', `backend: ${backends.map((b) => b.name).join(', ')} or auto (first available)`, 'auto')
    .option('--epochs <n>', 'passes over the training set', integer('--epochs'), 10)
    .option('--batch-size <n>', 'examples per step', integer('--batch-size'), 64)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...optimizerNames]).default('adam'))
    .option('--lr <x>', 'learning rate (default: the optimizer\'s own, e.g. 1e-3 for adam)', positiveNumber('--lr'))
    .option('--momentum <x>', 'momentum (sgd, rmsprop)', nonNegativeNumber('--momentum'))
    .option('--nesterov', 'Nesterov momentum (sgd)')
    .option('--weight-decay <x>', 'L2 weight decay (decoupled for adamw)', nonNegativeNumber('--weight-decay'))
    .option('--seed <n>', 'seed for initialisation, shuffling and dropout', seed, 0)
    .option('--no-normalize', 'keep pixels in [0, 1] instead of normalising by the training split\'s mean/std')
    .option('--threads <n>', 'threads for backends that support them', integer('--threads'))
    .option('--deterministic', 'the same seed gives the same numbers on every run: no thread counts picked by timing (native; the other backends always are)')
    .option('--augment', 'random shift (2 px) and rotation (10 degrees) of training images; test images are left alone')
    .option('--limit <n>', 'train on the first N training examples only', integer('--limit'))
    .option('--report <dir>', 'write figures (loss and error curves, test predictions, first-layer weights) and index.html into DIR')
    .option('--plot', 'print the loss curve at the end even when stdout is not a terminal')
    .option(
      '--scheduler <spec>',
      'learning-rate schedule: plateau[:min|max][,factor=F][,patience=N][,monitor=M]..., step:size=N[,gamma=G], multistep:milestones=N-N, ' +
        'exponential:gamma=G, cosine[:tmax=N][,warmup=N] (these count epochs), onecycle[:max=X] (counts batches); every change is printed',
    )
    .option('--max-memory <size>', 'refuse a model whose estimated training memory is over SIZE (8GB, 512MiB, bytes; default: half of this machine\'s memory)', flag(parseMemorySize))
    .option('--save <dir>', 'checkpoint into DIR after every epoch, and on Ctrl-C/SIGTERM (then exit 130/143 saying how to resume)')
    .option('--resume <dir>', 'continue the run checkpointed in DIR (same model and data settings; keeps saving there unless --save says otherwise)')
    .option('--keep-checkpoints <n>', 'checkpoints kept in the --save directory (default 2)', integer('--keep-checkpoints'))
    .option('--save-every <steps>', 'with --save: also checkpoint every STEPS training steps (mid-epoch), so a crash loses at most that much work', integer('--save-every'))
    .option('--log-every <steps>', 'print a line (step, epoch, batch, loss) every STEPS training steps, for logs where the progress bar draws nothing', integer('--log-every'))
    .addOption(new Option('--on-nan <mode>', 'a NaN or infinite loss or gradient: stop (exit 3, keeping the last good checkpoint) or skip that batch\'s update').choices(['stop', 'skip']).default('stop'))
    .option('--validation-split <f>', `share of the training examples held out (seeded by --seed) for validation, which schedulers and --early-stopping watch; 0 trains on all of them`, fraction('--validation-split'), DEFAULT_VALIDATION_SPLIT)
    .option('--early-stopping <patience>', 'stop when the validation loss has not improved for PATIENCE epochs', integer('--early-stopping', 0))
    .option('--log <file.csv>', 'write one CSV row per epoch (loss, accuracy, validation and test scores, learning rate, time) to FILE, rewritten after every epoch')
    .option('--test-every-epoch', 'also score the test split after every epoch (by default once, at the end, so nothing is tuned on it)')
    .option('--no-progress', 'no progress bar')
    .option('--json', JSON_HELP)
    .action(async (options) => trainCommand(backends, options, output));

  const parseGridFlag = flag(parseGrid);
  const parseSpaceFlag = flag(parseSearchSpace);
  program
    .command('sweep')
    .description('train every combination of --grid values in parallel worker processes and rank the results')
    .option('--model <model>', 'model string with {name} placeholders filled from grids, e.g. mlp:784-{hidden}-10 (required unless --attach)')
    .option('--grid <name=values>', 'a {placeholder} or hyperparameter (lr, weightDecay, momentum, dropout, batchSize, epochs, optimizer, seed, ...) and its comma-separated values; repeat for more', (text: string, previous: SweepGrid[] = []) => [...previous, parseGridFlag(text)])
    .addOption(new Option('--strategy <name>', 'grid: every combination of --grid; random: --trials draws from --space (and --grid); asha: successive halving of those draws (or of the grid), stopping the worst early').choices([...sweepStrategies]).default('grid'))
    .option('--space <name=dist>', 'with random/asha: a parameter and its distribution, loguniform:LOW:HIGH, uniform:LOW:HIGH, int:LOW:HIGH or choice:A|B|C (e.g. lr=loguniform:1e-5:1e-1); repeat for more', (text: string, previous: SearchDimension[] = []) => [...previous, parseSpaceFlag(text)])
    .option('--trials <n>', 'with random/asha: configurations to draw (default 20), seeded by --seed', integer('--trials'))
    .option('--max-epochs <n>', 'with asha: epochs of the top rung; rungs at max-epochs / reduction^k (default --epochs)', integer('--max-epochs'))
    .option('--reduction <n>', 'with asha: keep the best 1/N of each rung (default 3)', integer('--reduction', 2))
    .option('--dataset <name>', 'dataset, as for train', 'mnist-10k')
    .option('--backend <name>', `backend for every trial: ${backends.map((b) => b.name).join(', ')} or auto`, 'auto')
    .option('--epochs <n>', 'passes over the training set per trial', integer('--epochs'), 10)
    .option('--batch-size <n>', 'examples per step', integer('--batch-size'), 64)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...optimizerNames]).default('adam'))
    .option('--lr <x>', 'learning rate when not swept', positiveNumber('--lr'))
    .option('--momentum <x>', 'momentum (sgd, rmsprop)', nonNegativeNumber('--momentum'))
    .option('--nesterov', 'Nesterov momentum (sgd)')
    .option('--weight-decay <x>', 'L2 weight decay (decoupled for adamw)', nonNegativeNumber('--weight-decay'))
    .option('--seed <n>', 'seed for initialisation, shuffling and dropout (the same for every trial)', seed, 0)
    .option('--no-normalize', 'keep pixels in [0, 1]')
    .option('--limit <n>', 'train on the first N training examples only', integer('--limit'))
    .option('--validation-split <f>', 'share of the training examples held out (seeded by --seed) for validation, which --metric ranks by; each trial scores the test split once, at the end; 0: every epoch is scored on the test split', fraction('--validation-split'), DEFAULT_VALIDATION_SPLIT)
    .option('--threads <n>', 'threads per worker for backends that support them', integer('--threads'))
    .option('--deterministic', 'every trial repeats bit for bit for its seed: no thread counts picked by timing (native)')
    .option('--workers <n>', 'worker processes (default: number of cores, fewer if memory allows fewer; more than the cores warns, more than memory allows is refused)', integer('--workers'))
    .option('--max-memory <size>', 'memory the sweep may plan to use: every trial\'s model and all workers at once (8GB, 512MiB, bytes; default: half of this machine\'s memory)', flag(parseMemorySize))
    .option('--queue [url]', 'run the trials on `nnlab worker` processes through Redis at URL (redis:// or rediss://; default $NNLAB_QUEUE_URL) instead of locally')
    .option('--attach <sweep-id>', 'with --queue: collect the results of a sweep started earlier (after the sweeping process died)')
    .option('--retries <n>', 'extra tries of a trial whose worker died or that hit an internal error (with --queue: of any failed trial) before it counts as failed (default 1)', integer('--retries', 0))
    .option('--resume <dir>', 'continue the sweep whose results.json is in DIR (--out DIR of an interrupted sweep): run only the trials without a result; without --model, its settings come from there')
    .addOption(new Option('--metric <name>', 'rank trials (and, with asha, promote them) by this final metric, accuracies descending, losses ascending; the validation ones keep the test split out of tuning').choices([...sweepMetrics]).default('validationAccuracy'))
    .option('--out <dir>', 'write results.csv, results.json (updated as trials finish) and a report with one chart per swept parameter')
    .option('--no-progress', 'no progress bar')
    .option('--json', JSON_HELP)
    .action(async (options) => {
      if (options.queue !== undefined || options.attach !== undefined) return (await import('./commands/queue-sweep-command.js')).queueSweepCommand({ ...options, grid: options.grid ?? [] }, output);
      if (options.resume !== undefined && options.model === undefined) return sweepCommand({ ...options, ...sweepSettingsOf(await readSweepResults(options.resume), options.resume) }, output);
      if (options.model === undefined) throw new UsageError("required option '--model <model>' not specified");
      return sweepCommand({ ...options, grid: options.grid ?? [] }, output);
    });

  program
    .command('worker')
    .description('train sweep trials from a queue (nnlab sweep --queue) until stopped; run one per machine or more')
    .option('--queue <url>', 'Redis URL of the queue, redis:// or rediss:// (default $NNLAB_QUEUE_URL)')
    .option('--concurrency <n>', 'trials at once, each in its own process', integer('--concurrency'), 1)
    .option('--backend <name>', `backend for every trial instead of the sweep's: ${backends.map((b) => b.name).join(', ')} or auto`)
    .option('--stalled-after <ms>', 'a trial whose worker has not renewed its lock for this long goes to another worker', integer('--stalled-after', 100), 30000)
    .action(async (options) => (await import('./commands/worker-command.js')).workerCommand(options, backends, output));

  program
    .command('bench')
    .description('time training steps of the benchmark workloads on every available backend')
    .option('--backend <list>', 'comma-separated backends (default: all)', parseListOption)
    .option('--workload <list>', 'comma-separated workloads: mlp, mlp-deep, cnn, cnn3 (default: all; cnn3 only on backends fast enough for the budget unless named)', parseListOption)
    .option('--quick', 'small batches and a short budget: finishes in seconds')
    .option('--budget <seconds>', 'timed seconds per backend x workload (default 8, quick 0.6)', positiveNumber('--budget'))
    .option('--repeats <n>', 'timed repeats; the median is reported (default 5, quick 2)', integer('--repeats'))
    .option('--compare-overhead', 'also time the same step hand-written with tfjs-core ops and with tfjs-layers trainOnBatch')
    .option('--browser', 'also run the workloads in headless Chromium on webgl, webgpu, wasm and cpu (rows marked "(browser)"); with --to-accuracy, train the recipes there through fit on webgl, webgpu and wasm; needs `apt-get install chromium`')
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
    .action(async (options: { backend?: string[]; workload?: string[]; recipe?: string[]; toAccuracy?: boolean } & Record<string, unknown>) =>
      options.toAccuracy === true
        ? (await import('./commands/bench-to-accuracy-command.js')).benchToAccuracyCommand(backends, { ...options, backends: options.backend, recipes: options.recipe }, output)
        : (await import('./commands/bench-command.js')).benchCommand(backends, { ...options, backends: options.backend, workloads: options.workload }, output),
    );
  program
    .command('gradcheck')
    .description('check analytic gradients against central differences (the backprop lab\'s check), with and without L2, on every backend')
    .option('--model <model>', 'model string, e.g. mlp:3-5-3 or mlp:3-5-3,activation=tanh', 'mlp:3-5-3')
    .option('--batch <n>', 'random examples', integer('--batch'), 5)
    .option('--backend <name>', `backend: ${backends.map((b) => b.name).join(', ')} or all (every available one)`, 'all')
    .option('--l2 <x>', 'L2 strength for the run with regularisation (default 0.1; 0: check without L2 only)', nonNegativeNumber('--l2'))
    .option('--epsilon <x>', 'central-difference step (default 1e-2, best for float32)', positiveNumber('--epsilon'))
    .option('--tolerance <x>', 'largest relative difference that passes (default 5e-3 for float32)', positiveNumber('--tolerance'))
    .option('--max-elements <n>', 'check a seeded random subset of at most N elements per parameter (default: all)', integer('--max-elements'))
    .option('--seed <n>', 'seed for the weights, the inputs and targets, and the element subset', seed, 0)
    .option('--json', JSON_HELP)
    .action(async (options) => gradcheckCommand(backends, options, output));

  const data = program.command('data').description('look at datasets');
  data
    .command('inspect <source>')
    .description('load a dataset (any --dataset form, or idx:FILE for one IDX file) and print examples per split, shape, dtype, class counts and value statistics')
    .option('--preview <file.png>', 'write a PNG grid of the first training images with their labels')
    .option('--seed <n>', 'seed of the train/test split for sources that split', seed, 0)
    .option('--json', JSON_HELP)
    .action(async (source: string, options) => dataInspectCommand(source, options, output));
  const checkpoint = program.command('checkpoint').description('look at checkpoints');
  checkpoint
    .command('inspect <path>')
    .description('list the tensors (name, dtype, shape), metadata and epoch/step of a checkpoint directory or a .safetensors file')
    .option('--model <model>', 'also check the checkpoint loads into this model; names every missing, unexpected, mis-shaped or mis-typed tensor')
    .option('--json', JSON_HELP)
    .action(async (path: string, options) => checkpointInspectCommand(path, options, backends, output));
  checkpoint
    .command('import <state-dict>')
    .description('load a PyTorch state_dict saved as safetensors into an nnlab model and write it as a checkpoint (then nnlab predict/export/summary DIR)')
    .requiredOption('--model <model>', 'the nnlab model string the state dict is for, e.g. cnn or mlp:784-300-10 (same layers and indices as the nn.Sequential)')
    .requiredOption('--out <dir>', 'checkpoint directory to write')
    .option('--dataset <name>', 'dataset the model was trained on: input shape, class names, and the normalisation statistics of its training split', 'mnist-10k')
    .option('--mean <list>', 'normalisation mean per channel the PyTorch training used, e.g. 0.1307 (with --std)')
    .option('--std <list>', 'normalisation std per channel, e.g. 0.3081 (with --mean)')
    .option('--no-normalize', 'the model took raw pixels in [0, 1]')
    .option('--json', JSON_HELP)
    .action(async (file: string, options) => checkpointImportCommand(file, options, backends, output));
  program
    .command('export <checkpoint>')
    .description('write a checkpoint\'s model as ONNX (opset 17), a TensorFlow.js LayersModel or PyTorch safetensors + model.py: float32 pixels in [0, 1], channels last, in; training\'s normalisation built in; probabilities (and logits, ONNX) out')
    .addOption(new Option('--format <format>', 'file format').choices([...exportFormats]).default('onnx'))
    .option('--out <path>', 'where to write: a file (onnx) or folder (tfjs, torch); default beside the checkpoint, named after it: runs/a -> runs/a.onnx, runs/a-tfjs/, runs/a-torch/')
    .option('--json', JSON_HELP)
    .action(async (path: string, options) => exportCommand(path, options, backends, output));
  program
    .command('predict <model> <inputs...>')
    .description('classify images with a checkpoint or an exported .onnx file: INPUTS are PNG/JPEG files, folder:DIR (every image in it) or a dataset name (its test split, with accuracy)')
    .option('--top <k>', 'classes listed per example', integer('--top'), 3)
    .option('--limit <n>', 'examples printed (default: every image; 10 of a dataset, whose accuracy counts all)', integer('--limit'))
    .option('--invert', 'invert image files (1 - x): dark strokes on a light background, as drawn or scanned')
    .option('--backend <name>', `backend for a checkpoint's model: ${backends.map((b) => b.name).join(', ')} or auto`, 'auto')
    .option('--json', JSON_HELP)
    .action(async (model: string, inputs: string[], options) => predictCommand(model, inputs, options, backends, output));
  program
    .command('summary <model>')
    .description('per-layer table of a model string (cnn3, mlp:784-100-10) or a checkpoint: output shape, parameters, memory for a batch')
    .option('--batch-size <n>', 'batch the memory column is for', integer('--batch-size'), 64)
    .option('--json', JSON_HELP)
    .action(async (model: string, options) => summaryCommand(model, options, backends, output));
  program
    .command('lab [name]')
    .description('the five classic labs, in a checkout: `nnlab lab` lists them, `nnlab lab <name> [--quick] [--parity] ...` runs one (the same as `pnpm lab`)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (_name: string | undefined, _options: unknown, command: Command) => labCommand(command.args, output));
  return program;
}

/** Whether `argv` asks for `--json` output (before any `--`; `lab` passes its arguments on untouched). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const own = end < 0 ? argv : argv.slice(0, end);
  return own[0] !== 'lab' && own.includes('--json');
}

/** The stable code and message of an error, for `--json`'s `{"error": {...}}` document. */
function errorCode(error: unknown): string {
  if (error instanceof ExitRequest) return error.code;
  if (error instanceof CommanderError) return 'E_USAGE';
  if (error instanceof UsageError) return 'E_USAGE';
  if (isNnlabError(error)) return error.code;
  return 'E_INTERNAL';
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit
 * code: 0 success, 1 a clear error (bad file, unavailable backend, ...),
 * 2 bad usage, 3 a diverged run, 130/143 after Ctrl-C/SIGTERM. Errors print
 * one line starting with `nnlab: error:`; the stack only with NNLAB_DEBUG=1.
 * With `--json`, stdout carries exactly one JSON document, the result or
 * `{"error": {"code", "message", "exitCode"}}`, and every human line goes
 * to stderr.
 */
export async function main(argv: readonly string[], output: Output, backends: readonly BackendProvider[] = knownBackends()): Promise<number> {
  const json = wantsJson(argv) ? jsonModeOutput(output) : undefined;
  const commandOutput = json ?? output;
  const printError = (code: string, message: string, exitCode: number): void => {
    if (json !== undefined && !json.jsonWritten()) printJson(json, { error: { code, message, exitCode } });
  };
  const program = buildProgram(backends, commandOutput);
  const stopReporting = reportInterrupts(argv[0] ?? 'nnlab', output, (message, exitCode) => printError('E_INTERRUPTED', message, exitCode));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const exitCode = exitCodeOf(error, commandOutput);
    if (exitCode !== 0) printError(errorCode(error), ((error as Error)?.message ?? String(error)).replace(/^error: /, '').split('\n')[0] ?? '', exitCode);
    return exitCode;
  } finally {
    stopReporting();
  }
}

/** The exit code for an error a command threw, after printing its one line (commander prints its own). */
function exitCodeOf(error: unknown, output: Output): number {
  if (error instanceof ExitRequest) return error.exitCode; // the command already said why
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
    return 2; // commander already printed the message
  }
  const debug = process.env.NNLAB_DEBUG === '1';
  const message = (error as Error)?.message ?? String(error);
  // Our own errors are the user's to fix; anything else is a bug of ours and says so.
  const prefix = isNnlabError(error) ? '' : 'internal error: ';
  const hint = isNnlabError(error) || debug ? '' : ' (set NNLAB_DEBUG=1 to see the stack)';
  // Messages quote names from files (metadata, tensor and class names): escaped, one line.
  output.stderr.write(`nnlab: error: ${prefix}${escapeControl(message.split('\n')[0] ?? '')}${hint}\n`);
  if (debug) output.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return error instanceof UsageError ? 2 : 1;
}
