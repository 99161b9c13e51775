import { prepareTrainCheckpointing as prepareCheckpointing, type ResumableOptimizerOptions, type TrainCheckpointing as LibraryCheckpointing } from '@nnlab/checkpoint/node';
import type { EpochLog, History } from '@nnlab/trainers';
import { ExitRequest } from './exit-request.js';
import { flagOf } from './flag-message.js';
import type { Output } from './output.js';
import { DEFAULT_VALIDATION_SPLIT, type TrainingSettings } from '@nnlab/sweeps';

/** The `nnlab train` options checkpointing reads (a subset of `TrainOptions`). */
export interface CheckpointingOptions extends TrainingSettings {
  readonly scheduler?: string;
  readonly augment?: boolean;
  /** `--save DIR`: checkpoint every epoch and on Ctrl-C. */
  readonly save?: string;
  /** `--resume DIR`: continue the run saved there (and keep saving there unless `--save` says otherwise). */
  readonly resume?: string;
  /** `--keep-checkpoints N` (default 2). */
  readonly keepCheckpoints?: number;
  /** `--save-every STEPS`: also checkpoint every STEPS training steps, mid-epoch included. */
  readonly saveEvery?: number;
  readonly earlyStopping?: number;
  readonly testEveryEpoch?: boolean;
}

/** The optimizer flags of `nnlab train`. */
export interface OptimizerFlags {
  readonly lr?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/** Checkpointing for one `nnlab train` run: `@nnlab/checkpoint`'s, with the optimizer options as flags and the CLI's exit on a signal. */
export interface TrainCheckpointing extends LibraryCheckpointing {
  /** The optimizer flags to build the optimizer with (with `--resume`, the checkpoint's where not given again). */
  readonly optimizerFlags: OptimizerFlags;
  /**
   * After `fit`: after an interruption prints how to resume, runs `cleanup`
   * and throws {@link ExitRequest} (130/143). Returns every epoch log of the
   * run, the resumed ones included.
   */
  afterFit(history: History, cleanup: () => void): EpochLog[];
}

/** The flag of each option and setting `@nnlab/checkpoint` names in its messages. */
const checkpointFlag = (option: string): string => ({ saveDir: '--save', learningRate: '--lr' })[option] ?? flagOf(option);

/** Settings that decide the data order and the optimizer, by flag name; a resumed run must use the same ones. */
function runSettings(options: CheckpointingOptions, modelText: string): Record<string, string | number | boolean | null> {
  return {
    model: modelText,
    dataset: options.dataset,
    'batch-size': options.batchSize,
    seed: options.seed,
    normalize: options.normalize,
    limit: options.limit ?? null,
    'validation-split': options.validationSplit ?? DEFAULT_VALIDATION_SPLIT,
    augment: options.augment === true,
    optimizer: options.optimizer,
    scheduler: options.scheduler ?? null,
  };
}

/**
 * `--save`/`--resume` of `nnlab train` through `@nnlab/checkpoint`'s
 * `prepareTrainCheckpointing`: checked before any data is loaded; undefined
 * when neither was given.
 */
export async function prepareTrainCheckpointing(given: CheckpointingOptions, modelText: string, output: Output): Promise<TrainCheckpointing | undefined> {
  const checkpointing = await prepareCheckpointing({
    ...(given.save === undefined ? {} : { saveDir: given.save }),
    ...(given.resume === undefined ? {} : { resume: given.resume }),
    ...(given.keepCheckpoints === undefined ? {} : { keepCheckpoints: given.keepCheckpoints }),
    ...(given.saveEvery === undefined ? {} : { saveEvery: given.saveEvery }),
    modelSpec: modelText,
    optimizer: {
      name: given.optimizer,
      options: {
        ...(given.lr === undefined ? {} : { learningRate: given.lr }),
        ...(given.momentum === undefined ? {} : { momentum: given.momentum }),
        ...(given.nesterov === undefined ? {} : { nesterov: given.nesterov }),
        ...(given.weightDecay === undefined ? {} : { weightDecay: given.weightDecay }),
      },
    },
    settings: runSettings(given, modelText),
    optionName: checkpointFlag,
    log: { info: (line) => output.stdout.write(`${line}\n`), warn: (line) => output.stderr.write(`nnlab: warning: ${line}\n`) },
  });
  if (checkpointing === undefined) return undefined;
  const used: ResumableOptimizerOptions = checkpointing.optimizerOptions;
  const optimizerFlags: OptimizerFlags = {
    ...(used.learningRate === undefined ? {} : { lr: used.learningRate }),
    ...(used.momentum === undefined ? {} : { momentum: used.momentum }),
    ...(used.nesterov === undefined ? {} : { nesterov: used.nesterov }),
    ...(used.weightDecay === undefined ? {} : { weightDecay: used.weightDecay }),
  };
  const options = { ...given, ...optimizerFlags };
  return {
    ...checkpointing,
    optimizerFlags,
    afterFit(history, cleanup) {
      const { epochs, interrupted } = checkpointing.finish(history);
      if (interrupted === undefined) return epochs;
      const at = interrupted.position;
      const message =
        `interrupted by ${interrupted.signal} ${at.batchesDone > 0 ? `at epoch ${at.epoch + 1}, batch ${at.batchesDone}` : `after epoch ${at.epoch}`}; ` +
        `saved ${interrupted.saved}. ` +
        `Resume with: ${resumeCommand(options, modelText, checkpointing.saveDir)}`;
      output.stderr.write(`nnlab: ${message}\n`);
      cleanup();
      throw new ExitRequest(interrupted.signal === 'SIGTERM' ? 143 : 130, message, 'E_INTERRUPTED');
    },
  };
}

/** The command line that continues this run. */
function resumeCommand(options: CheckpointingOptions, modelText: string, dir: string): string {
  const quote = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);
  const parts = ['nnlab train', `--model ${quote(modelText)}`, `--dataset ${quote(options.dataset)}`, `--backend ${quote(options.backend)}`];
  parts.push(`--epochs ${options.epochs}`, `--batch-size ${options.batchSize}`, `--optimizer ${options.optimizer}`, `--seed ${options.seed}`);
  parts.push(`--validation-split ${options.validationSplit ?? DEFAULT_VALIDATION_SPLIT}`);
  if (options.lr !== undefined) parts.push(`--lr ${options.lr}`);
  if (options.momentum !== undefined) parts.push(`--momentum ${options.momentum}`);
  if (options.nesterov === true) parts.push('--nesterov');
  if (options.weightDecay !== undefined) parts.push(`--weight-decay ${options.weightDecay}`);
  if (!options.normalize) parts.push('--no-normalize');
  if (options.scheduler !== undefined) parts.push(`--scheduler ${quote(options.scheduler)}`);
  if (options.augment === true) parts.push('--augment');
  if (options.limit !== undefined) parts.push(`--limit ${options.limit}`);
  if (options.earlyStopping !== undefined) parts.push(`--early-stopping ${options.earlyStopping}`);
  if (options.testEveryEpoch === true) parts.push('--test-every-epoch');
  if (options.keepCheckpoints !== undefined) parts.push(`--keep-checkpoints ${options.keepCheckpoints}`);
  if (options.saveEvery !== undefined) parts.push(`--save-every ${options.saveEvery}`);
  parts.push(`--resume ${quote(dir)}`);
  return parts.join(' ');
}
