import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { loadTrainingData, type TrainingData } from '@nnlab/sweeps/node';
import { type CurvePoint, recordTrainingCurves, renderSvg } from '@nnlab/report';
import { writeTrainingReport } from '@nnlab/report/node';
import { DataLoader, FASHION_MNIST_CLASS_NAMES, type ImageDataset, subset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { sgd } from '@nnlab/optimizers';
import { fit, predictClasses } from '@nnlab/trainers';
import { activateBackend } from '../activate-backend.js';
import { isSelected, type Lab, type LabOptions, type LabResult, type LabRow } from '../lab.js';
import { accuracyMetric, type CnnVariant, cnnFashionVariants, withEpochs } from './cnn-fashion-variants.js';
import { sweepChartSpec, sweepSummary, sweepTable, type SweepPoint } from './sweep-table.js';

const SAMPLE_IMAGES = 30;

/**
 * The Fashion-MNIST CNN lab: `cnn`, `cnn2` and `cnn3` trained with SGD
 * (momentum 0.9, weight decay, batch 64) on the 60,000/10,000 split
 * normalised by the training split's mean/std, with loss and error curves and
 * predicted labels on test images per model, then a learning-rate x
 * weight-decay sweep of `cnn` (see {@link cnnFashionVariants}).
 *
 * @example
 * const result = await cnnFashion.run({ backend: 'native', quick: false, seed: 0, outDir: 'out', log: console.log });
 */
export const cnnFashion: Lab = {
  name: 'cnn-fashion',
  title: 'cnn, cnn2, cnn3 on Fashion-MNIST with SGD momentum + weight decay, curves, predictions, lr x wd sweep',
  variantNames: (quick) => cnnFashionVariants(quick).map((v) => v.variant),
  takesEpochs: true,
  run: runCnnFashion,
};

async function runCnnFashion(options: LabOptions): Promise<LabResult> {
  const info = await activateBackend(options);
  options.log(`backend ${info.name}; Fashion-MNIST${options.data === undefined ? '' : ' (--data is ignored: this lab always trains on Fashion-MNIST)'}`);
  const rows: LabRow[] = [];
  const files: string[] = [];
  const sweep: SweepPoint[] = [];
  // Loaded as `nnlab train` loads it: the first `limit` training images, normalised by their own mean/std.
  const datasets = new Map<number | undefined, Promise<TrainingData>>();
  const load = (limit: number | undefined): Promise<TrainingData> => {
    if (!datasets.has(limit)) datasets.set(limit, loadTrainingData({ dataset: 'fashion-mnist', seed: options.seed, normalize: true, ...(limit === undefined ? {} : { limit }) }));
    return datasets.get(limit) as Promise<TrainingData>;
  };
  const variants = cnnFashionVariants(options.quick).filter((v) => isSelected(v.variant, options.only)).map((v) => withEpochs(v, options.epochs));
  for (const variant of variants) {
    const data = await load(options.quick ? 1024 : variant.limit);
    const test = options.quick ? subset(data.test, Array.from({ length: 1000 }, (_, i) => i)) : data.test;
    const run = await trainVariant(variant, data.train, test, options);
    rows.push(...run.rows);
    if (variant.sweep) sweep.push({ learningRate: variant.learningRate, weightDecay: variant.weightDecay, accuracy: run.accuracy, trainLoss: run.trainLoss });
    else files.push(...run.files);
  }
  if (sweep.length > 0) {
    await writeFile(join(options.outDir, 'sweep.md'), sweepTable(sweep));
    await writeFile(join(options.outDir, 'sweep.svg'), await renderSvg(sweepChartSpec(sweep)));
    files.push(join(options.outDir, 'sweep.md'), join(options.outDir, 'sweep.svg'));
  }
  return {
    rows,
    files,
    notes: [
      'Inputs are normalised by the training split\'s mean/std (the sweep\'s by its 10,000 images\'); SGD momentum 0.9, batch 64, no augmentation.',
      ...(sweep.length > 0 ? [sweepSummary(sweep)] : []),
    ],
  };
}

interface VariantRun {
  readonly rows: LabRow[];
  readonly files: string[];
  readonly accuracy: number;
  readonly trainLoss: number;
}

/** Trains one variant as `nnlab train` would with the same seed (same `Rng` forks), reporting rows at `reportAt`. */
async function trainVariant(variant: CnnVariant, train: ImageDataset, test: ImageDataset, options: LabOptions): Promise<VariantRun> {
  const rng = new Rng(options.seed);
  const model = buildModel(variant.model, { rng: rng.fork('model') });
  const optimizer = sgd(model, { learningRate: variant.learningRate, momentum: 0.9, weightDecay: variant.weightDecay });
  const recorder = recordTrainingCurves({ trainExamples: train.count });
  const rows: LabRow[] = [];
  const started = performance.now();
  try {
    const history = await fit(model, optimizer, {
      train: new DataLoader(train, { batchSize: 64, shuffle: true, rng: rng.fork('shuffle') }),
      validation: new DataLoader(test, { batchSize: 1000 }),
      epochs: variant.epochs,
      callbacks: [
        recorder.callback,
        {
          onEpochEnd(log) {
            const seconds = (performance.now() - started) / 1000;
            const accuracy = 100 * (log.validationAccuracy ?? Number.NaN);
            options.log(`${variant.variant}: epoch ${log.epoch} loss ${log.loss.toFixed(4)} test loss ${log.validationLoss?.toFixed(4)} test accuracy ${accuracy.toFixed(2)}% (${seconds.toFixed(1)} s)`);
            if (variant.reportAt.includes(log.epoch)) rows.push({ variant: variant.variant, metric: accuracyMetric(log.epoch), value: accuracy, seconds });
          },
        },
      ],
    });
    const last = history.epochs[history.epochs.length - 1];
    const files = variant.sweep ? [] : await writeFigures(variant, model, test, recorder.points(), options.outDir);
    return { rows, files, accuracy: 100 * (last?.validationAccuracy ?? Number.NaN), trainLoss: last?.loss ?? Number.NaN };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Loss/error curves, predicted labels of the first test images and the first layer's filters, in `<outDir>/<model>/`. */
async function writeFigures(
  variant: CnnVariant,
  model: Module,
  test: ImageDataset,
  curves: readonly CurvePoint[],
  outDir: string,
): Promise<string[]> {
  const images = test.images.subarray(0, SAMPLE_IMAGES * 784);
  const x = tf.tensor4d(images, [SAMPLE_IMAGES, 28, 28, 1]);
  const predicted = await predictClasses(model, x);
  x.dispose();
  return writeTrainingReport(join(outDir, variant.model), {
    title: `${variant.variant} on Fashion-MNIST`,
    curves,
    predictions: { images, shape: [28, 28, 1], labels: test.labels.subarray(0, SAMPLE_IMAGES), predicted, classNames: FASHION_MNIST_CLASS_NAMES },
    model,
    inputShape: [28, 28, 1],
  });
}
