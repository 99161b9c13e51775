import cliProgress from 'cli-progress';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, InvalidArgumentError, Rng } from '@nnlab/core';
import { computeMeanStd, DataLoader, loadDatasetByName, normalize } from '@nnlab/datasets';
import { buildModel, modelInputSize, modelOutputSize, parseModelSpec } from '@nnlab/models';
import { createOptimizer, optimizerNames } from '@nnlab/optimizers';
import { type Callback, fit } from '@nnlab/trainers';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { pickBackend } from '../pick-backend.js';

/** Options of `nnlab train`, already parsed from the command line. */
export interface TrainOptions {
  readonly model: string;
  readonly dataset: string;
  readonly backend: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: string;
  readonly lr?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly seed: number;
  readonly normalize: boolean;
  readonly threads?: number;
  readonly json?: boolean;
  readonly progress?: boolean;
}

function optimizerOptions(options: TrainOptions): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (options.lr !== undefined) out.learningRate = options.lr;
  if (options.momentum !== undefined) out.momentum = options.momentum;
  if (options.nesterov === true) out.nesterov = true;
  if (options.weightDecay !== undefined) out.weightDecay = options.weightDecay;
  return out;
}

function progressBar(output: Output, enabled: boolean): Callback {
  if (!enabled) return {};
  let bar: cliProgress.SingleBar | undefined;
  return {
    onEpochBegin(epoch, context) {
      bar = new cliProgress.SingleBar(
        { stream: output.stderr as NodeJS.WritableStream, format: `epoch ${epoch}/${context.epochs} [{bar}] {value}/{total} loss {loss} {speed} samples/s`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(context.stepsPerEpoch ?? 0, 0, { loss: '-', speed: '-' });
    },
    onBatchEnd(log) {
      bar?.update(log.step, { loss: log.loss.toFixed(4), speed: Math.round(log.samplesPerSec) });
    },
    onEpochEnd() {
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
export async function trainCommand(backends: readonly BackendProvider[], options: TrainOptions, output: Output): Promise<void> {
  const spec = parseModelSpec(options.model);
  if (!optimizerNames.includes(options.optimizer as (typeof optimizerNames)[number])) {
    throw new InvalidArgumentError(`--optimizer must be one of ${optimizerNames.join(', ')}, got "${options.optimizer}"`);
  }
  const registry = new BackendRegistry(backends);
  const backend = await pickBackend(registry, options.backend);
  const info = await backend.activate(options.threads === undefined ? {} : { threads: options.threads });

  const rng = new Rng(options.seed);
  const data = await loadDatasetByName(options.dataset, { seed: options.seed });
  const [height, width, channels] = data.train.shape;
  const features = height * width * channels;
  if (modelInputSize(spec) !== features) {
    throw new InvalidArgumentError(
      `--model ${spec.text} takes ${modelInputSize(spec)} inputs but --dataset ${options.dataset} has ${height}x${width}x${channels} = ${features} features per example`,
    );
  }
  if (modelOutputSize(spec) < data.train.numClasses) {
    throw new InvalidArgumentError(`--model ${spec.text} has ${modelOutputSize(spec)} outputs but --dataset ${options.dataset} has ${data.train.numClasses} classes`);
  }
  let train = data.train;
  let test = data.test;
  let statistics: { mean: number[]; std: number[] } | undefined;
  if (options.normalize) {
    const meanStd = computeMeanStd(train);
    statistics = { mean: Array.from(meanStd.mean), std: Array.from(meanStd.std) };
    train = normalize(train, meanStd);
    test = normalize(test, meanStd);
  }

  const model = buildModel(spec, { rng: rng.fork('model') });
  const optimizer = createOptimizer(options.optimizer, model, optimizerOptions(options));
  const trainLoader = new DataLoader(train, { batchSize: options.batchSize, shuffle: true, rng: rng.fork('shuffle') });
  const testLoader = new DataLoader(test, { batchSize: 1000 });
  output.stdout.write(
    `training ${spec.text} (${model.numParameters().toLocaleString('en-US')} parameters) on ${data.name} ` +
      `(${train.count} train / ${test.count} test) with ${options.optimizer} on backend ${info.name}\n`,
  );

  const started = performance.now();
  const history = await fit(model, optimizer, {
    train: trainLoader,
    validation: testLoader,
    epochs: options.epochs,
    callbacks: [
      progressBar(output, options.progress ?? output.stderr.isTTY === true),
      {
        onEpochEnd(log) {
          output.stdout.write(
            `epoch ${String(log.epoch).padStart(String(options.epochs).length)}/${options.epochs}  ` +
              `loss ${log.loss.toFixed(4)}  acc ${(log.accuracy * 100).toFixed(2)}%  ` +
              `test loss ${(log.validationLoss ?? Number.NaN).toFixed(4)}  test acc ${((log.validationAccuracy ?? Number.NaN) * 100).toFixed(2)}%  ` +
              `${log.seconds.toFixed(1)}s  ${Math.round(log.samplesPerSec).toLocaleString('en-US')} samples/s\n`,
          );
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const last = history.epochs[history.epochs.length - 1];
  const testAccuracy = last?.validationAccuracy ?? Number.NaN;
  output.stdout.write(`test accuracy ${(testAccuracy * 100).toFixed(2)}% after ${history.epochs.length} epochs in ${seconds.toFixed(1)}s\n`);
  const result = {
    command: 'train',
    model: spec.text,
    dataset: data.name,
    backend: info.name,
    backendInfo: info,
    optimizer: { name: options.optimizer, ...optimizerOptions(options) },
    batchSize: options.batchSize,
    seed: options.seed,
    normalization: statistics ?? null,
    trainExamples: train.count,
    testExamples: test.count,
    testAccuracy,
    testLoss: last?.validationLoss ?? null,
    seconds,
    history: history.epochs,
  };
  optimizer.dispose();
  model.dispose();
  if (options.json === true) printJson(output, result);
}
