import { type Command, Option } from 'commander';
import { optimizerNames } from '@nnlab/optimizers';
import { backendNames, type CommandContext } from './command-context.js';
import { parseMemorySize } from '@nnlab/sweeps/node';
import { flag, fraction, integer, nonNegativeNumber, positiveNumber, seed } from './option-parsers.js';
import { DEFAULT_VALIDATION_SPLIT } from '@nnlab/sweeps';

interface TrainingOptionSpec {
  readonly flags: string;
  readonly help: string | ((context: CommandContext) => string);
  readonly parse?: (text: string) => unknown;
  readonly choices?: readonly string[];
  readonly default?: unknown;
}

// `train`'s wording; `sweep` and `worker` reword some of them for trials (see their command files).
const TRAINING_OPTIONS = {
  model: {
    flags: '--model <model>',
    help: 'model name or string: mlp, mlp-deep, cnn, cnn2, cnn3, mlp:784-300-10[,activation=relu|leaky_relu|sigmoid|tanh][,batchnorm=true][,dropout=P]',
    default: 'mlp',
  },
  dataset: {
    flags: '--dataset <name>',
    help: 'dataset: mnist-10k (embedded, 8,000/2,000), fashion-mnist, mnist, folder:DIR[,size=28][,channels=1] (class sub-folders of PNG/JPEG), mat:FILE[,x=X][,y=y] (MATLAB)',
    default: 'mnist-10k',
  },
  backend: { flags: '--backend <name>', help: (context) => `backend: ${backendNames(context)} or auto (first available)`, default: 'auto' },
  epochs: { flags: '--epochs <n>', help: 'passes over the training set', parse: integer('--epochs'), default: 10 },
  batchSize: { flags: '--batch-size <n>', help: 'examples per step', parse: integer('--batch-size'), default: 64 },
  optimizer: { flags: '--optimizer <name>', help: 'optimizer', choices: optimizerNames, default: 'adam' },
  lr: { flags: '--lr <x>', help: 'learning rate (default: the optimizer\'s own, e.g. 1e-3 for adam)', parse: positiveNumber('--lr') },
  momentum: { flags: '--momentum <x>', help: 'momentum (sgd, rmsprop)', parse: nonNegativeNumber('--momentum') },
  nesterov: { flags: '--nesterov', help: 'Nesterov momentum (sgd)' },
  weightDecay: { flags: '--weight-decay <x>', help: 'L2 weight decay (decoupled for adamw)', parse: nonNegativeNumber('--weight-decay') },
  seed: { flags: '--seed <n>', help: 'seed for initialisation, shuffling and dropout', parse: seed, default: 0 },
  normalize: { flags: '--no-normalize', help: 'keep pixels in [0, 1] instead of normalising by the training split\'s mean/std' },
  threads: { flags: '--threads <n>', help: 'threads for backends that support them', parse: integer('--threads') },
  deterministic: {
    flags: '--deterministic',
    help: 'the same seed gives the same numbers on every run: no thread counts picked by timing (native; the other backends always are)',
  },
  limit: { flags: '--limit <n>', help: 'train on the first N training examples only', parse: integer('--limit') },
  validationSplit: {
    flags: '--validation-split <f>',
    help: 'share of the training examples held out (seeded by --seed) for validation, which schedulers and --early-stopping watch; 0 trains on all of them',
    parse: fraction('--validation-split'),
    default: DEFAULT_VALIDATION_SPLIT,
  },
  maxMemory: {
    flags: '--max-memory <size>',
    help: 'refuse a model whose estimated training memory is over SIZE (8GB, 512MiB, bytes; default: half of this machine\'s memory)',
    parse: flag(parseMemorySize),
  },
} satisfies Record<string, TrainingOptionSpec>;

/** The options a training run takes, shared by `train`, `sweep` and `worker` (camelCase, as commander names their values). */
export type TrainingOptionName = keyof typeof TRAINING_OPTIONS;

/** How a command words or defaults a shared option for its own use; `default: undefined` removes the default. */
export interface TrainingOptionOverride {
  readonly help?: string;
  readonly default?: unknown;
}

/**
 * One training option, defined once for every command that trains: its
 * flags, parser (each names the flag in its error), choices and default.
 */
export function trainingOption(name: TrainingOptionName, context: CommandContext, override: TrainingOptionOverride = {}): Option {
  const spec: TrainingOptionSpec = TRAINING_OPTIONS[name];
  const option = new Option(spec.flags, override.help ?? (typeof spec.help === 'string' ? spec.help : spec.help(context)));
  if (spec.parse !== undefined) option.argParser(spec.parse);
  if (spec.choices !== undefined) option.choices(spec.choices);
  const value = 'default' in override ? override.default : spec.default;
  if (value !== undefined) option.default(value);
  return option;
}

/** Adds the named training options to `command`, in that order. */
export function addTrainingOptions(
  command: Command,
  context: CommandContext,
  names: readonly TrainingOptionName[],
  overrides: Partial<Record<TrainingOptionName, TrainingOptionOverride>> = {},
): Command {
  for (const name of names) command.addOption(trainingOption(name, context, overrides[name]));
  return command;
}
