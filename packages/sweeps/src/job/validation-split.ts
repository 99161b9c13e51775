import { invalidOption, option, Rng } from '@nnlab/core';
import { type ImageDataset, trainTestSplit } from '@nnlab/datasets';

/** The share of the training examples `nnlab train` and `nnlab sweep` hold out for validation unless `--validation-split` says otherwise. */
export const DEFAULT_VALIDATION_SPLIT = 0.1;

/** A training split with part of it held out for validation (undefined when the fraction is 0). */
export interface ValidationSplit {
  readonly train: ImageDataset;
  readonly validation: ImageDataset | undefined;
}

/**
 * Holds out `fraction` of `train` (rounded, at least one example) for
 * validation: a permutation drawn from `seed`'s own `validation` stream, so
 * the same seed always holds out the same examples whatever else the run
 * draws, and `--resume` sees the same split. Schedulers, early stopping and
 * sweeps watch this split; the test split is scored once, at the end.
 * A fraction of 0 keeps every example for training.
 *
 * @example
 * const { train, validation } = holdOutValidation(data.train, 0.1, 0); // 8000 -> 7200 + 800
 */
export function holdOutValidation(train: ImageDataset, fraction: number, seed: number): ValidationSplit {
  if (!(Number.isFinite(fraction) && fraction >= 0 && fraction < 1)) {
    throw invalidOption`${option('validationSplit')} must be a fraction in [0, 1), got ${fraction}`;
  }
  if (fraction === 0) return { train, validation: undefined };
  if (train.count < 2) throw invalidOption`${option('validationSplit')} ${fraction} needs at least 2 training examples, got ${train.count}`;
  const split = trainTestSplit(train, { testFraction: fraction, rng: new Rng(seed).fork('validation') });
  return { train: split.train, validation: split.test };
}
