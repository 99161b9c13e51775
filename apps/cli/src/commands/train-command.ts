import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { InvalidArgumentError, TrainingDivergedError } from '@nnlab/core';
import { checkOutputDirectory, checkOutputFile } from '@nnlab/core/node';
import { modelSummary } from '@nnlab/layers';
import { estimateModelMemory, formatModelSummary, parseModelSpec } from '@nnlab/models';
import { optimizerNames } from '@nnlab/optimizers';
import { type Callback, earlyStopping, evaluate, fit, parseScheduler, schedulerCallback, trainingHealthCallback } from '@nnlab/trainers';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { escapeControl } from '../escape-control.js';
import { prepareTrainCheckpointing } from '../train-checkpointing.js';
import { checkModelMemory, jobOptimizerOptions, prepareTrainingRun } from '@nnlab/sweeps/node';
import { createTrainReporting, epochCsvLog } from '@nnlab/report/node';
import { skippedFilesWarning, trainingAugmentation } from '../augmentation.js';
import { divergedExit } from '../diverged-exit.js';
import { stepLogCallback } from '../step-log-callback.js';
import { progressTimes } from '../progress-time.js';
import { epochLineCallback } from '../epoch-line-callback.js';
import { confusionMatrix, predictAll, withTestScores } from '@nnlab/report';
import { DEFAULT_VALIDATION_SPLIT, trainingJobOf, type TrainingSettings } from '@nnlab/sweeps';
import { Command, Option } from 'commander';
import type { CommandContext } from '../command-context.js';
import { integer, JSON_HELP } from '../option-parsers.js';
import { addTrainingOptions } from '../training-options.js';
import { asUsageError } from '../flag-message.js';

/** Options of `nnlab train`, already parsed from the command line. */
export interface TrainOptions extends TrainingSettings {
  readonly json?: boolean;
  readonly progress?: boolean;
  /** `--scheduler` spec, e.g. `plateau:max,factor=0.1,patience=0` (see `parseScheduler`). */
  readonly scheduler?: string;
  /** Randomly shift (2 px) and rotate (10 degrees) training images; test images are left alone. */
  readonly augment?: boolean;
  /** Write the figures (learning curves, predictions, first-layer weights) and an index.html into this directory. */
  readonly report?: string;
  /** Print the loss curve at the end even when stdout is not a terminal. */
  readonly plot?: boolean;
  /** Checkpoint into this directory every epoch and on Ctrl-C / SIGTERM. */
  readonly save?: string;
  /** Continue the run checkpointed in this directory. */
  readonly resume?: string;
  /** Checkpoints kept in the `--save` directory (default 2). */
  readonly keepCheckpoints?: number;
  /** Also checkpoint every this many training steps (default: every epoch only). */
  readonly saveEvery?: number;
  /** Print a line every this many training steps (for logs, where the progress bar draws nothing). */
  readonly logEvery?: number;
  /** A NaN or infinite loss or gradient: `stop` (default, exit 3) or `skip` the batch's update. */
  readonly onNan?: 'stop' | 'skip';
  /** Refuse a model whose estimated training memory is over this many bytes (default: half of the machine's memory). */
  readonly maxMemory?: number;
  /** Stop when the validation loss has not improved for this many epochs. */
  readonly earlyStopping?: number;
  /** Also score the test split after every epoch (by default it is scored once, at the end). */
  readonly testEveryEpoch?: boolean;
  /** Write a CSV row per epoch to this file (rewritten after every epoch). */
  readonly log?: string;
}

/** One bar per epoch on stderr, with the run's elapsed time and an estimate of the time left (from the steps of this run so far). */
function progressBar(output: Output, enabled: boolean): Callback {
  if (!enabled) return {};
  let bar: cliProgress.SingleBar | undefined;
  let started: number | undefined;
  let stepsDone = 0;
  let stepsTotal = 0;
  let stepsBefore = 0;
  return {
    onEpochBegin(epoch, context) {
      started ??= performance.now();
      const steps = context.stepsPerEpoch ?? 0;
      // A resumed run counts only the steps it trains itself.
      if (stepsTotal === 0) stepsTotal = (context.epochs - epoch + 1) * steps;
      stepsBefore = stepsDone;
      bar = new cliProgress.SingleBar(
        {
          stream: output.stderr as NodeJS.WritableStream,
          format: `epoch ${epoch}/${context.epochs} [{bar}] {value}/{total} loss {loss} {speed} samples/s | {elapsed} elapsed, ETA {remaining}`,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(steps, 0, { loss: '-', speed: '-', ...progressTimes(started, stepsDone, stepsTotal) });
    },
    onBatchEnd(log) {
      stepsDone = stepsBefore + log.step;
      bar?.update(log.step, { loss: log.loss.toFixed(4), speed: Math.round(log.samplesPerSec), ...progressTimes(started ?? performance.now(), stepsDone, stepsTotal) });
    },
    onEpochEnd() {
      bar?.stop();
      bar = undefined;
    },
    onTrainEnd() {
      // Interrupted mid-epoch (Ctrl-C with --save): clear the bar before the resume message.
      bar?.stop();
      bar = undefined;
    },
  };
}

/**
 * `nnlab train`: trains a model on a dataset on one backend, printing one
 * line per epoch and the final test accuracy. Every argument is checked
 * before any data is loaded.
 */
export async function trainCommand(backends: readonly BackendProvider[], given: TrainOptions, output: Output): Promise<void> {
  const spec = parseModelSpec(given.model);
  if (!optimizerNames.includes(given.optimizer as (typeof optimizerNames)[number])) {
    throw new InvalidArgumentError(`--optimizer must be one of ${optimizerNames.join(', ')}, got "${given.optimizer}"`);
  }
  const validationSplit = given.validationSplit ?? DEFAULT_VALIDATION_SPLIT;
  if (given.earlyStopping !== undefined && validationSplit === 0) {
    throw new InvalidArgumentError(`--early-stopping ${given.earlyStopping} watches the validation loss; it needs --validation-split above 0`);
  }
  const schedulerText = given.scheduler;
  const schedulerSpec = schedulerText === undefined ? undefined : asUsageError(() => parseScheduler(schedulerText));
  if (schedulerSpec?.kind === 'plateau' && schedulerSpec.options.monitor.startsWith('validation') && validationSplit === 0) {
    throw new InvalidArgumentError(`--scheduler ${schedulerSpec.text} watches ${schedulerSpec.options.monitor}; it needs --validation-split above 0, or monitor=loss`);
  }
  // Built once with a stand-in rate so that bad settings fail before any data is loaded.
  if (schedulerSpec !== undefined) schedulerCallback(schedulerSpec, { baseLearningRate: 1, epochs: given.epochs, log: () => undefined });
  // Before any work: a report that cannot be written must not cost the run its result.
  if (given.report !== undefined) await checkOutputDirectory('--report', given.report);
  if (given.log !== undefined) await checkOutputFile('--log', given.log);
  const checkpointing = await prepareTrainCheckpointing(given, spec.text, output);
  // With --resume: the optimizer flags the checkpoint recorded, where not given again.
  const options: TrainOptions = { ...given, ...checkpointing?.optimizerFlags };
  // The same job a sweep trial would run with these settings, assembled by the same runner.
  const job = trainingJobOf({ ...options, model: spec.text, validationSplit });

  const run = await prepareTrainingRun(job, backends, {
    // Before anything is built: a model too large for memory is refused with its estimate, not an allocation error minutes later.
    onBackend: (info) => checkModelMemory(spec, { batchSize: options.batchSize, backend: info.name, ...(options.maxMemory === undefined ? {} : { maxMemory: options.maxMemory }) }),
    onData: (data) => {
      const skippedWarning = skippedFilesWarning(options.dataset, data.skipped);
      if (skippedWarning !== undefined) output.stderr.write(skippedWarning);
      for (const note of data.notes ?? []) output.stderr.write(`nnlab: note: ${escapeControl(note)}\n`);
    },
    onModel: (built, data) =>
      output.stdout.write(
        formatModelSummary(modelSummary(built, data.train.shape, { batchSize: options.batchSize }), `model ${spec.text}, input [batch, ${data.train.shape.join(', ')}]`, estimateModelMemory(spec, { batchSize: options.batchSize }), { memoryOption: '--max-memory' }),
      ),
    ...(options.augment === true ? { trainTransform: trainingAugmentation } : {}),
  });
  const { backend: info, data, model, optimizer, trainLoader, testLoader, validationLoader } = run;
  const { train, test, validation, statistics } = data;
  const scheduler =
    schedulerSpec === undefined
      ? undefined
      : schedulerCallback(schedulerSpec, { baseLearningRate: optimizer.currentLearningRate, epochs: options.epochs, log: (line) => output.stdout.write(`${line}\n`) });
  const reporting = createTrainReporting(options, output, train.count);
  const counts = validation === undefined ? `${train.count} train / ${test.count} test` : `${train.count} train / ${validation.count} validation / ${test.count} test`;
  output.stdout.write(`training ${spec.text} (${model.numParameters().toLocaleString('en-US')} parameters) on ${data.name} (${counts}) with ${options.optimizer} on backend ${info.name}\n`);
  output.stdout.write(
    validation === undefined
      ? 'no validation split (--validation-split 0): schedulers see training metrics only, and the test split is scored at the end\n'
      : `validation: ${(validationSplit * 100).toFixed(validationSplit * 100 < 1 ? 2 : 0)}% of the training examples held out (seed ${options.seed}), watched by schedulers${options.earlyStopping === undefined ? '' : ' and early stopping'}; ` +
          `the test split is scored ${options.testEveryEpoch === true ? 'every epoch' : 'once, at the end'}\n`,
  );
  const epochLine = epochLineCallback(output, { epochs: options.epochs, ...(options.testEveryEpoch === true ? { scoreTest: () => evaluate(model, testLoader) } : {}) });

  const input = {
    shape: [...train.shape],
    normalization: statistics ?? null,
    ...(data.classNames === undefined ? {} : { classNames: [...data.classNames] }),
    dataset: data.name,
  };
  await checkpointing?.restore({ model, optimizer, trainLoader, input, ...(scheduler === undefined ? {} : { scheduler }) });
  const resume = checkpointing?.fitOptions();
  const started = performance.now();
  const history = await fit(model, optimizer, {
    onNonFinite: options.onNan ?? 'stop',
    onSkippedBatch: (skip) => output.stderr.write(`nnlab: warning: skipped the update of epoch ${skip.epoch}, step ${skip.step}: loss ${skip.loss} or a gradient is NaN or infinite (--on-nan skip)\n`),
    train: trainLoader,
    ...(validationLoader === undefined ? {} : { validation: validationLoader }),
    epochs: options.epochs,
    ...(resume?.resumeFrom === undefined ? {} : { resumeFrom: resume.resumeFrom }),
    ...(resume === undefined ? {} : { signal: resume.signal }),
    callbacks: [
      progressBar(output, options.progress ?? output.stderr.isTTY === true),
      ...(options.logEvery === undefined ? [] : [stepLogCallback(output, options.logEvery)]),
      epochLine,
      ...(options.log === undefined ? [] : [epochCsvLog(options.log, { earlier: checkpointing?.history() ?? [], rows: (epochs) => withTestScores(epochs, epochLine.testScores) })]),
      trainingHealthCallback({ numClasses: train.numClasses, examples: train.count, history: checkpointing?.history() ?? [], warn: (text) => output.stderr.write(`nnlab: warning: ${text}\n`) }),
      // After the epoch line, so a learning-rate change prints below the epoch that caused it.
      ...(scheduler === undefined ? [] : [scheduler]),
      ...(options.earlyStopping === undefined
        ? []
        : [
            earlyStopping({ monitor: 'validationLoss', patience: options.earlyStopping }),
            { onTrainEnd: (_history, context) => void (context.stopReason === undefined ? undefined : output.stdout.write(`stopped: ${context.stopReason}\n`)) } satisfies Callback,
          ]),
      ...(reporting === undefined ? [] : [reporting.callback]),
      // Last, so a checkpoint holds what every other callback did in the epoch (plateau state, rate).
      ...(resume?.callbacks ?? []),
    ],
  }).catch((error: unknown) => {
    checkpointing?.release();
    if (error instanceof TrainingDivergedError) divergedExit(error, output, checkpointing?.lastSaved() ?? options.resume);
    throw error;
  });
  const seconds = (performance.now() - started) / 1000;
  // With --resume, the epochs before the checkpoint count too; after Ctrl-C this prints how to resume and exits 130.
  const allEpochs = checkpointing?.afterFit(history, () => run.dispose()) ?? history.epochs;
  const last = allEpochs[allEpochs.length - 1];
  // The test split, scored once now that training is over (already done for the last epoch with --test-every-epoch).
  const testScore = (last === undefined ? undefined : epochLine.testScores.get(last.epoch)) ?? (await evaluate(model, testLoader));
  const testAccuracy = testScore.accuracy ?? Number.NaN;
  const validated = last?.validationAccuracy === undefined ? '' : ` (validation ${(last.validationAccuracy * 100).toFixed(2)}%)`;
  output.stdout.write(`test accuracy ${(testAccuracy * 100).toFixed(2)}%${validated} after ${allEpochs.length} epochs in ${seconds.toFixed(1)}s\n`);
  const classNames = data.classNames;
  const confusion = confusionMatrix(test.labels, await predictAll(model, testLoader), Array.from({ length: test.numClasses }, (_, i) => classNames?.[i] ?? String(i)));
  const worst = [...confusion.perClass].filter((c) => c.accuracy !== null).sort((a, b) => (a.accuracy ?? 0) - (b.accuracy ?? 0)).slice(0, 3);
  output.stdout.write(`per-class test accuracy, lowest: ${worst.map((c) => `${c.class} ${((c.accuracy ?? 0) * 100).toFixed(1)}%`).join(', ')}\n`);
  const percent = (x: number | undefined | null): string => (x === undefined || x === null ? '-' : `${(x * 100).toFixed(2)}%`);
  await reporting?.finish({
    model,
    test,
    testBatches: testLoader,
    history: withTestScores(allEpochs, epochLine.testScores),
    confusion,
    ...(last === undefined || testScore.accuracy === undefined ? {} : { finalTest: { loss: testScore.loss, accuracy: testScore.accuracy, epoch: last.epoch } }),
    title: `nnlab train ${spec.text} on ${data.name}`,
    // Everything needed to run it again, and what came out.
    details: {
      model: `${spec.text} (${model.numParameters().toLocaleString('en-US')} parameters)`,
      dataset: `${data.name}: ${counts}${options.limit === undefined ? '' : ` (--limit ${options.limit})`}`,
      backend: `${info.name}${info.threads === undefined ? '' : `, ${info.threads} thread${info.threads === 1 ? '' : 's'}`}`,
      optimizer: `${options.optimizer}, learning rate ${optimizer.currentLearningRate === undefined ? 'default' : String(Number(optimizer.currentLearningRate.toPrecision(6)))}` +
        `${options.momentum === undefined ? '' : `, momentum ${options.momentum}`}${options.nesterov === true ? ', Nesterov' : ''}${options.weightDecay === undefined ? '' : `, weight decay ${options.weightDecay}`}`,
      'learning-rate schedule': schedulerSpec?.text ?? 'none',
      epochs: `${allEpochs.length} of ${options.epochs}${history.stoppedEarly ? ' (stopped early)' : ''}`,
      'batch size': String(options.batchSize),
      seed: String(options.seed),
      'validation split': validation === undefined ? 'none' : `${validationSplit} (${validation.count} examples)`,
      'early stopping': options.earlyStopping === undefined ? 'off' : `patience ${options.earlyStopping} (validation loss)`,
      preprocessing: `${options.normalize ? 'normalised by the training mean/std' : 'pixels in [0, 1]'}${options.augment === true ? ', augmented (shifts, rotations)' : ''}`,
      'run time': `${seconds.toFixed(1)} s training${allEpochs.length > 0 ? `, ${(seconds / Math.max(1, history.epochs.length)).toFixed(1)} s per epoch` : ''}`,
      'validation accuracy': percent(last?.validationAccuracy),
      'test accuracy': percent(testAccuracy),
      'test loss': testScore.loss.toFixed(4),
    },
  });
  const result = {
    command: 'train',
    model: spec.text,
    dataset: data.name,
    backend: info.name,
    backendInfo: info,
    optimizer: { name: options.optimizer, ...jobOptimizerOptions(job) },
    scheduler: schedulerSpec?.text ?? null,
    batchSize: options.batchSize,
    seed: options.seed,
    normalization: statistics ?? null,
    augment: options.augment === true,
    trainExamples: train.count,
    validationSplit,
    validationExamples: validation?.count ?? 0,
    testExamples: test.count,
    testAccuracy,
    testLoss: testScore.loss,
    validationAccuracy: last?.validationAccuracy ?? null,
    validationLoss: last?.validationLoss ?? null,
    earlyStopping: options.earlyStopping ?? null,
    stoppedEarly: history.stoppedEarly,
    testEveryEpoch: options.testEveryEpoch === true,
    seconds,
    history: withTestScores(allEpochs, epochLine.testScores),
    confusionMatrix: { classes: confusion.classes, counts: confusion.counts },
    perClassAccuracy: confusion.perClass,
    checkpoints: options.save ?? options.resume ?? null,
  };
  run.dispose();
  if (options.json === true) printJson(output, result);
}

/** `nnlab train`: the shared training options (see `training-options.ts`) and train's own. */
export function createTrainCommand(context: CommandContext): Command {
  const command = new Command('train').description('train a model on a dataset and report test accuracy');
  addTrainingOptions(command, context, ['model', 'dataset', 'backend', 'epochs', 'batchSize', 'optimizer', 'lr', 'momentum', 'nesterov', 'weightDecay', 'seed', 'normalize', 'threads', 'deterministic']);
  command
    .option('--augment', 'random shift (2 px) and rotation (10 degrees) of training images; test images are left alone');
  addTrainingOptions(command, context, ['limit']);
  command
    .option('--report <dir>', 'write figures (loss and error curves, test predictions, first-layer weights) and index.html into DIR')
    .option('--plot', 'print the loss curve at the end even when stdout is not a terminal')
    .option(
      '--scheduler <spec>',
      'learning-rate schedule: plateau[:min|max][,factor=F][,patience=N][,monitor=M]..., step:size=N[,gamma=G], multistep:milestones=N-N, ' +
        'exponential:gamma=G, cosine[:tmax=N][,warmup=N] (these count epochs), onecycle[:max=X] (counts batches); every change is printed',
    );
  addTrainingOptions(command, context, ['maxMemory']);
  command
    .option('--save <dir>', 'checkpoint into DIR after every epoch, and on Ctrl-C/SIGTERM (then exit 130/143 saying how to resume)')
    .option('--resume <dir>', 'continue the run checkpointed in DIR (same model and data settings; keeps saving there unless --save says otherwise)')
    .option('--keep-checkpoints <n>', 'checkpoints kept in the --save directory (default 2)', integer('--keep-checkpoints'))
    .option('--save-every <steps>', 'with --save: also checkpoint every STEPS training steps (mid-epoch), so a crash loses at most that much work', integer('--save-every'))
    .option('--log-every <steps>', 'print a line (step, epoch, batch, loss) every STEPS training steps, for logs where the progress bar draws nothing', integer('--log-every'))
    .addOption(new Option('--on-nan <mode>', 'a NaN or infinite loss or gradient: stop (exit 3, keeping the last good checkpoint) or skip that batch\'s update').choices(['stop', 'skip']).default('stop'));
  addTrainingOptions(command, context, ['validationSplit']);
  return command
    .option('--early-stopping <patience>', 'stop when the validation loss has not improved for PATIENCE epochs', integer('--early-stopping', 0))
    .option('--log <file.csv>', 'write one CSV row per epoch (loss, accuracy, validation and test scores, learning rate, time) to FILE, rewritten after every epoch')
    .option('--test-every-epoch', 'also score the test split after every epoch (by default once, at the end, so nothing is tuned on it)')
    .option('--no-progress', 'no progress bar')
    .option('--json', JSON_HELP)
    .action(async (options: TrainOptions) => trainCommand(context.backends, options, context.output));
}
