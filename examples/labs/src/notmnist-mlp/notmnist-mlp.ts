import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '@nnlab/core';
import { recordTrainingCurves } from '@nnlab/report';
import { writeTrainingReport } from '@nnlab/report/node';
import { computeMeanStd, DataLoader, type ImageDataset, normalize } from '@nnlab/datasets';
import { buildModel } from '@nnlab/models';
import { adagrad, type Optimizer, sgd } from '@nnlab/optimizers';
import { type Callback, type EpochLog, fit, reduceLROnPlateau } from '@nnlab/trainers';
import { activateBackend } from '../activate-backend.js';
import { lineChartSvg, type SeriesPoint } from '../line-chart.js';
import { isSelected, type Lab, type LabOptions, type LabResult, type LabRow } from '../lab.js';
import { loadNotmnistData } from './load-notmnist-data.js';
import { type MlpVariant, NOTMNIST_SETTINGS, notmnistVariants } from './notmnist-variants.js';

/**
 * The notMNIST deep-MLP lab: a 784-1200-1200-1200-400-100-10 LeakyReLU
 * network trained with Adagrad, then with batch norm and dropout on
 * normalised inputs, then with SGD + Nesterov momentum and reduce-on-plateau
 * (see {@link notmnistVariants}). Reads a notMNIST-layout image folder given
 * as `data: 'folder:DIR'`, else Fashion-MNIST (notMNIST is not available
 * offline here). Writes each variant's loss/error curves and test predictions.
 *
 * @example
 * await notmnistMlp.run({ backend: 'native', quick: false, seed: 0, outDir: 'out', data: 'folder:notMNIST_small', log: console.log });
 */
export const notmnistMlp: Lab = {
  name: 'notmnist-mlp',
  title: 'deep LeakyReLU MLP: Adagrad, + batch norm/dropout, SGD Nesterov + reduce-on-plateau (notMNIST folder or Fashion-MNIST)',
  variantNames: () => notmnistVariants().map((v) => v.variant),
  run: runNotmnistMlp,
};

async function runNotmnistMlp(options: LabOptions): Promise<LabResult> {
  const settings = options.quick ? NOTMNIST_SETTINGS.quick : NOTMNIST_SETTINGS.full;
  const info = await activateBackend(options);
  const data = await loadNotmnistData(options.data, { seed: options.seed, trainLimit: settings.trainLimit, testLimit: settings.testLimit });
  options.log(`backend ${info.name}; ${data.description} (${data.train.count} train / ${data.test.count} test)`);
  const statistics = computeMeanStd(data.train);
  const normalized = { train: normalize(data.train, statistics), test: normalize(data.test, statistics) };
  const rows: LabRow[] = [];
  const files: string[] = [];
  const curves: { loss: SeriesPoint[]; accuracy: SeriesPoint[] } = { loss: [], accuracy: [] };
  for (const variant of notmnistVariants().filter((v) => isSelected(v.variant, options.only))) {
    const split = variant.normalize ? normalized : data;
    const run = await trainVariant(variant, split.train, split.test, settings, options);
    rows.push(run.row);
    files.push(...run.files);
    for (const log of run.epochs) {
      curves.loss.push({ series: variant.folder, x: log.epoch, y: log.loss });
      curves.accuracy.push({ series: variant.folder, x: log.epoch, y: 100 * (log.validationAccuracy ?? Number.NaN) });
    }
  }
  for (const [name, title, y] of [['loss', 'training loss per epoch', 'mean cross-entropy'], ['accuracy', 'test accuracy per epoch', 'test accuracy %']] as const) {
    const file = join(options.outDir, `${name}.svg`);
    await writeFile(file, await lineChartSvg(curves[name], { title, x: 'epoch', y }));
    files.push(file);
  }
  return {
    rows,
    files,
    notes: [
      data.substitute ? 'No notMNIST folder given (--data folder:DIR): ran on Fashion-MNIST, the closest real 28x28 10-class data here.' : `Data: ${data.description}.`,
      `${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'} of batch ${settings.batchSize} per variant; the plateau scheduler watches test accuracy (the lab has no separate validation split).`,
    ],
  };
}

/** Trains one variant from `new Rng(seed)` and writes its figures into `<outDir>/<variant.folder>/`. */
async function trainVariant(
  variant: MlpVariant,
  train: ImageDataset,
  test: ImageDataset,
  settings: { readonly epochs: number; readonly batchSize: number },
  options: LabOptions,
): Promise<{ row: LabRow; files: string[]; epochs: EpochLog[] }> {
  const rng = new Rng(options.seed);
  const model = buildModel(variant.model, { rng: rng.fork('model') });
  const optimizer: Optimizer = variant.optimizer === 'adagrad'
    ? adagrad(model, { learningRate: variant.learningRate })
    : sgd(model, { learningRate: variant.learningRate, momentum: 0.9, nesterov: true });
  const recorder = recordTrainingCurves({ trainExamples: train.count });
  const started = performance.now();
  const logEpoch: Callback = {
    onEpochEnd(log) {
      const accuracy = (100 * (log.validationAccuracy ?? Number.NaN)).toFixed(2);
      options.log(`${variant.variant}: epoch ${log.epoch} loss ${log.loss.toFixed(4)} test accuracy ${accuracy}% lr ${log.learningRate} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    },
  };
  const plateau = reduceLROnPlateau({ monitor: 'validationAccuracy', mode: 'max', factor: 0.1, patience: 0 });
  try {
    const history = await fit(model, optimizer, {
      train: new DataLoader(train, { batchSize: settings.batchSize, shuffle: true, rng: rng.fork('shuffle') }),
      validation: new DataLoader(test, { batchSize: 1000 }),
      epochs: settings.epochs,
      callbacks: [recorder.callback, ...(variant.plateau ? [plateau] : []), logEpoch],
    });
    const seconds = (performance.now() - started) / 1000;
    const last = history.epochs[history.epochs.length - 1];
    const files = await writeTrainingReport(join(options.outDir, variant.folder), {
      title: `${variant.variant}`,
      curves: recorder.points(),
      model,
      inputShape: [28, 28, 1],
    });
    return { row: { variant: variant.variant, metric: 'test accuracy %', value: 100 * (last?.validationAccuracy ?? Number.NaN), seconds }, files, epochs: history.epochs };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
