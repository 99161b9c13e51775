import { invalidOption, option } from '@nnlab/core';
import { computeMeanStd, type ImageDataset, normalize, subset } from '@nnlab/datasets';
import type { SkippedFile } from '@nnlab/datasets/node';
import { loadDatasetByName } from '@nnlab/datasets/node';
import { modelInputShape, modelInputSize, modelOutputSize, type ModelSpec } from '@nnlab/models';
import { holdOutValidation } from './validation-split.js';

/** What {@link loadTrainingData} reads: the data options of `nnlab train` and `nnlab sweep`. */
export interface TrainingDataOptions {
  /** Dataset name (`--dataset`). */
  readonly dataset: string;
  /** Seed of the dataset split (`--seed`). */
  readonly seed: number;
  /** Normalise both splits by the training split's per-channel mean/std. */
  readonly normalize: boolean;
  /** Keep only the first `limit` training examples (`--limit`). */
  readonly limit?: number;
  /** Hold out this share of the (limited) training examples for validation, seeded by `seed` (`--validation-split`; default 0: none). */
  readonly validationSplit?: number;
}

/** Train and test splits ready for a `DataLoader`, and the normalisation applied. */
export interface TrainingData {
  readonly name: string;
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  /** The held-out validation examples, or undefined without a validation split. */
  readonly validation?: ImageDataset;
  /** Mean/std the pixels were normalised with, or undefined. */
  readonly statistics: { readonly mean: number[]; readonly std: number[] } | undefined;
  /** The dataset's class names (`classNames[label]`), when it has them. */
  readonly classNames?: readonly string[];
  /** Files a `folder:` dataset skipped (unreadable, not images). */
  readonly skipped?: readonly SkippedFile[];
  /** Notes about how the dataset was read (conversions, ...), for the user. */
  readonly notes?: readonly string[];
}

/**
 * Loads a dataset by name, keeps the first `limit` training examples, holds
 * out `validationSplit` of them for validation, and normalises by the
 * remaining training examples' statistics: the data half of
 * assembling a training run, shared by `nnlab train` and sweep workers.
 *
 * @example
 * const data = await loadTrainingData({ dataset: 'mnist-10k', seed: 0, normalize: true, limit: 1000 });
 * data.train.count; // 1000
 */
export async function loadTrainingData(options: TrainingDataOptions): Promise<TrainingData> {
  const data = await loadDatasetByName(options.dataset, { seed: options.seed });
  const held = holdOutValidation(limitExamples(data.train, options.limit, options.dataset), options.validationSplit ?? 0, options.seed);
  let train = held.train;
  let validation = held.validation;
  let test = data.test;
  let statistics: TrainingData['statistics'];
  if (options.normalize) {
    const meanStd = computeMeanStd(train);
    statistics = { mean: Array.from(meanStd.mean), std: Array.from(meanStd.std) };
    train = normalize(train, meanStd);
    if (validation !== undefined) validation = normalize(validation, meanStd);
    test = normalize(test, meanStd);
  }
  const classNames = data.train.classNames ?? data.test.classNames;
  return {
    name: data.name,
    train,
    test,
    ...(validation === undefined ? {} : { validation }),
    statistics,
    ...(classNames === undefined ? {} : { classNames }),
    ...(data.skipped === undefined ? {} : { skipped: data.skipped }),
    ...(data.notes === undefined ? {} : { notes: data.notes }),
  };
}

/**
 * Throws an `InvalidOptionError` naming `model` and `dataset`
 * when the model's inputs or outputs do not fit the data: a CNN needs the
 * exact image shape, an MLP any image with the right number of values.
 */
export function checkModelFitsData(spec: ModelSpec, data: Pick<TrainingData, 'train'>, datasetName: string): void {
  const [height, width, channels] = data.train.shape;
  const features = height * width * channels;
  if (spec.kind === 'cnn') {
    const expected = modelInputShape(spec);
    if (expected.join('x') !== `${height}x${width}x${channels}`) {
      throw invalidOption`${option('model')} ${spec.text} takes ${expected.join('x')} (HxWxC) images but ${option('dataset')} ${datasetName} has ${height}x${width}x${channels} images`;
    }
  } else if (modelInputSize(spec) !== features) {
    throw invalidOption`${option('model')} ${spec.text} takes ${modelInputSize(spec)} inputs but ${option('dataset')} ${datasetName} has ${height}x${width}x${channels} = ${features} features per example`;
  }
  if (modelOutputSize(spec) < data.train.numClasses) {
    throw invalidOption`${option('model')} ${spec.text} has ${modelOutputSize(spec)} outputs but ${option('dataset')} ${datasetName} has ${data.train.numClasses} classes`;
  }
}

/**
 * The first `limit` examples of a training split (`--limit`), or the split
 * itself when `limit` is undefined. A limit above the split's size is an
 * `InvalidOptionError`.
 */
export function limitExamples(train: ImageDataset, limit: number | undefined, datasetName: string): ImageDataset {
  if (limit === undefined) return train;
  if (!Number.isInteger(limit) || limit < 1) throw invalidOption`${option('limit')} must be an integer >= 1, got ${limit}`;
  if (limit > train.count) {
    throw invalidOption`${option('limit')} ${limit} is more than the ${train.count} training examples of ${option('dataset')} ${datasetName}`;
  }
  return subset(train, Array.from({ length: limit }, (_, i) => i));
}
