import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, InvalidArgumentError, Rng, TrainingDivergedError } from '@nnlab/core';
import { computeMeanStd, DataLoader, loadDatasetByName, normalize } from '@nnlab/datasets';
import { modelSummary } from '@nnlab/layers';
import { buildModel, estimateModelMemory, parseModelSpec } from '@nnlab/models';
import { createOptimizer, optimizerNames } from '@nnlab/optimizers';
import { type Callback, fit } from '@nnlab/trainers';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { activateOptionsOf, pickBackend } from '../pick-backend.js';
import { escapeControl } from '../escape-control.js';
import { checkModelMemory } from '../memory-limit.js';
import { checkOutputDirectory } from '../output-path.js';
import { prepareTrainCheckpointing } from '../train-checkpointing.js';
import { checkModelFitsData, limitExamples } from '../load-training-data.js';
import { createTrainReporting } from '../report/train-reporting.js';
import { parseScheduler } from '../parse-scheduler.js';
import { schedulerCallback } from '../scheduler-callback.js';
import { skippedFilesWarning, trainingAugmentation } from '../augmentation.js';
import { divergedExit } from '../diverged-exit.js';
import { stepLogCallback } from '../step-log-callback.js';
import { trainingHealthCallback } from '../training-health-callback.js';
import { progressTimes } from '../progress-time.js';
import { formatModelSummary } from '../format-model-summary.js';
import type { TrainingRunOptions } from '../training-run-options.js';

/** Options of `nnlab train`, already parsed from the command line. */
export interface TrainOptions extends TrainingRunOptions {
  readonly threads?: number;
  readonly deterministic?: boolean;
  readonly json?: boolean;
  readonly progress?: boolean;
  /** `--scheduler` spec, e.g. `plateau:max,factor=0.1,patience=0` (see `parseScheduler`). */
  readonly scheduler?: string;
  /** Randomly shift (2 px) and rotate (10 degrees) training images; test images are left alone. */
  readonly augment?: boolean;
  /** Train on the first `limit` training examples only. */
  readonly limit?: number;
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
}

function optimizerOptions(options: TrainOptions): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (options.lr !== undefined) out.learningRate = options.lr;
  if (options.momentum !== undefined) out.momentum = options.momentum;
  if (options.nesterov === true) out.nesterov = true;
  if (options.weightDecay !== undefined) out.weightDecay = options.weightDecay;
  return out;
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
  const schedulerSpec = given.scheduler === undefined ? undefined : parseScheduler(given.scheduler);
  // Built once with a stand-in rate so that bad settings fail before any data is loaded.
  if (schedulerSpec !== undefined) schedulerCallback(schedulerSpec, { baseLearningRate: 1, epochs: given.epochs, log: () => undefined });
  // Before any work: a report that cannot be written must not cost the run its result.
  if (given.report !== undefined) await checkOutputDirectory('--report', given.report);
  const checkpointing = await prepareTrainCheckpointing(given, spec.text, output);
  // With --resume: the optimizer flags the checkpoint recorded, where not given again.
  const options: TrainOptions = { ...given, ...checkpointing?.optimizerFlags };
  const registry = new BackendRegistry(backends);
  const backend = await pickBackend(registry, options.backend);
  const info = await backend.activate(activateOptionsOf(options));

  // Before anything is built: a model too large for memory is refused with its estimate, not an allocation error minutes later.
  checkModelMemory(spec, { batchSize: options.batchSize, backend: info.name, ...(options.maxMemory === undefined ? {} : { maxMemory: options.maxMemory }) });
  // Built once and thrown away, so that an optimizer setting it refuses (sgd without --lr) fails before any data is loaded.
  const probe = buildModel(spec, { rng: new Rng(options.seed) });
  try {
    createOptimizer(options.optimizer, probe, optimizerOptions(options)).dispose();
  } finally {
    probe.dispose();
  }

  const rng = new Rng(options.seed);
  const data = await loadDatasetByName(options.dataset, { seed: options.seed });
  const skippedWarning = skippedFilesWarning(options.dataset, data.skipped);
  if (skippedWarning !== undefined) output.stderr.write(skippedWarning);
  for (const note of data.notes ?? []) output.stderr.write(`nnlab: note: ${escapeControl(note)}\n`);
  checkModelFitsData(spec, data, options.dataset);
  let train = limitExamples(data.train, options.limit, options.dataset);
  let test = data.test;
  let statistics: { mean: number[]; std: number[] } | undefined;
  if (options.normalize) {
    const meanStd = computeMeanStd(train);
    statistics = { mean: Array.from(meanStd.mean), std: Array.from(meanStd.std) };
    train = normalize(train, meanStd);
    test = normalize(test, meanStd);
  }

  const model = buildModel(spec, { rng: rng.fork('model') });
  output.stdout.write(
    formatModelSummary(modelSummary(model, train.shape, { batchSize: options.batchSize }), `model ${spec.text}, input [batch, ${train.shape.join(', ')}]`, estimateModelMemory(spec, { batchSize: options.batchSize })),
  );
  const optimizer = createOptimizer(options.optimizer, model, optimizerOptions(options));
  const scheduler =
    schedulerSpec === undefined
      ? undefined
      : schedulerCallback(schedulerSpec, { baseLearningRate: optimizer.currentLearningRate, epochs: options.epochs, log: (line) => output.stdout.write(`${line}\n`) });
  const trainLoader = new DataLoader(train, {
    batchSize: options.batchSize,
    shuffle: true,
    rng: rng.fork('shuffle'),
    ...(options.augment === true ? { transform: trainingAugmentation(statistics) } : {}),
  });
  const testLoader = new DataLoader(test, { batchSize: 1000 });
  const reporting = createTrainReporting(options, output, train.count);
  output.stdout.write(
    `training ${spec.text} (${model.numParameters().toLocaleString('en-US')} parameters) on ${data.name} ` +
      `(${train.count} train / ${test.count} test) with ${options.optimizer} on backend ${info.name}\n`,
  );

  const input = {
    shape: [...train.shape],
    normalization: statistics ?? null,
    ...(data.train.classNames === undefined ? {} : { classNames: [...data.train.classNames] }),
    dataset: data.name,
  };
  await checkpointing?.restore({ model, optimizer, trainLoader, input, ...(scheduler === undefined ? {} : { scheduler }) });
  const resume = checkpointing?.fitOptions();
  const started = performance.now();
  const history = await fit(model, optimizer, {
    onNonFinite: options.onNan ?? 'stop',
    onSkippedBatch: (skip) => output.stderr.write(`nnlab: warning: skipped the update of epoch ${skip.epoch}, step ${skip.step}: loss ${skip.loss} or a gradient is NaN or infinite (--on-nan skip)\n`),
    train: trainLoader,
    validation: testLoader,
    epochs: options.epochs,
    ...(resume?.resumeFrom === undefined ? {} : { resumeFrom: resume.resumeFrom }),
    ...(resume === undefined ? {} : { signal: resume.signal }),
    callbacks: [
      progressBar(output, options.progress ?? output.stderr.isTTY === true),
      ...(options.logEvery === undefined ? [] : [stepLogCallback(output, options.logEvery)]),
      {
        onEpochEnd(log) {
          output.stdout.write(
            `epoch ${String(log.epoch).padStart(String(options.epochs).length)}/${options.epochs}  ` +
              `loss ${log.loss.toFixed(4)}  acc ${((log.accuracy ?? Number.NaN) * 100).toFixed(2)}%  ` +
              `test loss ${(log.validationLoss ?? Number.NaN).toFixed(4)}  test acc ${((log.validationAccuracy ?? Number.NaN) * 100).toFixed(2)}%  ` +
              `${log.seconds.toFixed(1)}s  ${Math.round(log.samplesPerSec).toLocaleString('en-US')} samples/s\n`,
          );
        },
      },
      trainingHealthCallback(output, { numClasses: train.numClasses, examples: train.count, history: checkpointing?.history() ?? [] }),
      // After the epoch line, so a learning-rate change prints below the epoch that caused it.
      ...(scheduler === undefined ? [] : [scheduler]),
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
  const allEpochs = checkpointing?.afterFit(history, () => { optimizer.dispose(); model.dispose(); }) ?? history.epochs;
  const last = allEpochs[allEpochs.length - 1];
  const testAccuracy = last?.validationAccuracy ?? Number.NaN;
  output.stdout.write(`test accuracy ${(testAccuracy * 100).toFixed(2)}% after ${allEpochs.length} epochs in ${seconds.toFixed(1)}s\n`);
  await reporting?.finish({
    model,
    test,
    testBatches: testLoader,
    history: allEpochs,
    title: `nnlab train ${spec.text} on ${data.name}`,
    details: { model: spec.text, dataset: `${data.name} (${train.count} train / ${test.count} test)`, backend: info.name, optimizer: options.optimizer, 'test accuracy': `${(testAccuracy * 100).toFixed(2)}%` },
  });
  const result = {
    command: 'train',
    model: spec.text,
    dataset: data.name,
    backend: info.name,
    backendInfo: info,
    optimizer: { name: options.optimizer, ...optimizerOptions(options) },
    scheduler: schedulerSpec?.text ?? null,
    batchSize: options.batchSize,
    seed: options.seed,
    normalization: statistics ?? null,
    augment: options.augment === true,
    trainExamples: train.count,
    testExamples: test.count,
    testAccuracy,
    testLoss: last?.validationLoss ?? null,
    seconds,
    history: allEpochs,
    checkpoints: options.save ?? options.resume ?? null,
  };
  optimizer.dispose();
  model.dispose();
  if (options.json === true) printJson(output, result);
}
