import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, Rng, assertInteger } from '@nnlab/core';
import { type BatchTransform, checkedApply } from './batch-transform.js';
import type { DataLoaderRngState } from './data-loader-rng-state.js';
import { type ImageDataset, exampleSize } from './image-dataset.js';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Examples per batch (integer >= 1). */
  readonly batchSize: number;
  /** Reshuffle at the start of every epoch. Default false (dataset order). */
  readonly shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean;
  /** Source of the per-epoch permutations; required when `shuffle` is true. */
  readonly rng?: Rng;
  /** Give `x` as `[N, H*W*C]` (for MLPs) instead of `[N, H, W, C]`. Default false. */
  readonly flatten?: boolean;
  /**
   * Augmentation applied to every batch's pixels before the tensor is made,
   * with random draws from a stream forked off `rng` (which it then requires):
   * the same seed gives the same augmented batches, and the shuffle order is
   * the same with or without a transform. Give it to the training loader only;
   * evaluation loaders leave it out and see the images as they are.
   */
  readonly transform?: BatchTransform;
}

/** One batch; the caller owns (and must dispose) both tensors. */
export interface Batch {
  /** float32 images, `[N, H, W, C]`, or `[N, H*W*C]` with `flatten`. */
  readonly x: tf.Tensor4D | tf.Tensor2D;
  /** int32 class indices, `[N]`. */
  readonly y: tf.Tensor1D;
  /** N, the number of examples in this batch. */
  readonly size: number;
}

/**
 * Iterates over an {@link ImageDataset} in mini-batches of tensors, like
 * PyTorch's `DataLoader`. Each `for...of` (or `batches()` call) is one epoch;
 * with `shuffle` every epoch draws a fresh permutation from `rng`, so a seeded
 * Rng gives the same sequence of epochs every run. Tensors are created lazily,
 * one batch per step, and belong to the caller.
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true, rng: new Rng(0), flatten: true });
 * for (const { x, y } of loader) {
 *   // ... train step ...
 *   tf.dispose([x, y]);
 * }
 */
export class DataLoader implements Iterable<Batch> {
  readonly dataset: ImageDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly flatten: boolean;
  readonly transform: BatchTransform | undefined;
  private readonly rng: Rng | undefined;
  private readonly transformRng: Rng | undefined;

  constructor(dataset: ImageDataset, options: DataLoaderOptions) {
    if (dataset === null || typeof dataset !== 'object' || !(dataset.images instanceof Float32Array)) {
      throw new InvalidArgumentError('DataLoader needs an ImageDataset (images: Float32Array, labels: Int32Array, ...)');
    }
    if (dataset.images.length !== dataset.count * exampleSize(dataset) || dataset.labels.length !== dataset.count) {
      throw new InvalidArgumentError(
        `dataset is inconsistent: count ${dataset.count}, ${dataset.labels.length} labels, ${dataset.images.length} pixel values for examples of shape ${dataset.shape.join('x')}`,
      );
    }
    const { batchSize, shuffle = false, dropLast = false, rng, flatten = false, transform } = options ?? ({} as DataLoaderOptions);
    this.batchSize = assertInteger('batchSize', batchSize);
    for (const [name, value] of [['shuffle', shuffle], ['dropLast', dropLast], ['flatten', flatten]] as const) {
      if (typeof value !== 'boolean') throw new InvalidArgumentError(`${name} must be true or false, got ${String(value)}`);
    }
    if (rng !== undefined && !(rng instanceof Rng)) {
      throw new InvalidArgumentError('rng must be an Rng from @nnlab/core');
    }
    if (shuffle && rng === undefined) {
      throw new InvalidArgumentError('shuffle: true needs options.rng (e.g. new Rng(seed)) so that epochs are reproducible');
    }
    if (transform !== undefined && (transform === null || typeof transform.apply !== 'function')) {
      throw new InvalidArgumentError('transform must be a BatchTransform (an object with an apply method)');
    }
    if (transform !== undefined && rng === undefined) {
      throw new InvalidArgumentError('transform needs options.rng (e.g. new Rng(seed)) so that augmentation is reproducible');
    }
    this.dataset = dataset;
    this.transform = transform;
    // A forked stream: turning augmentation on must not change the shuffle order.
    this.transformRng = transform === undefined ? undefined : (rng as Rng).fork('transform');
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.flatten = flatten;
    this.rng = rng;
  }

  /** Batches per epoch. */
  get numBatches(): number {
    const { count } = this.dataset;
    return this.dropLast ? Math.floor(count / this.batchSize) : Math.ceil(count / this.batchSize);
  }

  /** Same as {@link DataLoader.numBatches} (PyTorch's `len(loader)`). */
  get length(): number {
    return this.numBatches;
  }

  /**
   * The state of the loader's random streams (shuffle, augmentation), for
   * checkpoints. Taken before an epoch starts and given back to
   * {@link DataLoader.setRngState}, the next epoch has the same order and the
   * same augmentations as it would have had.
   *
   * @example
   * const saved = loader.getRngState();
   * [...loader]; // one epoch
   * loader.setRngState(saved); // the next epoch repeats it
   */
  getRngState(): DataLoaderRngState {
    return { shuffle: this.rng?.getState() ?? null, transform: this.transformRng?.getState() ?? null };
  }

  /** Restores streams saved by {@link DataLoader.getRngState} from a loader built with the same options. */
  setRngState(state: DataLoaderRngState): void {
    const streams = [['shuffle', this.rng, state?.shuffle], ['transform', this.transformRng, state?.transform]] as const;
    for (const [name, rng, saved] of streams) {
      if ((rng === undefined) !== (saved === null || saved === undefined)) {
        throw new InvalidArgumentError(
          `DataLoader.setRngState: the saved state ${saved ? 'has' : 'has no'} "${name}" stream but this loader ${rng ? 'has one' : 'has none'}; build the loader with the same rng and transform options`,
        );
      }
    }
    for (const [, rng, saved] of streams) if (rng !== undefined && saved) rng.setState(saved);
  }

  [Symbol.iterator](): Iterator<Batch> {
    return this.batches();
  }

  /** One epoch of batches. With `shuffle`, the permutation is drawn when this is called. */
  *batches(): Generator<Batch, void, undefined> {
    const { count, shape, images, labels } = this.dataset;
    const order = this.shuffle ? (this.rng as Rng).permutation(count) : undefined;
    const size = exampleSize(this.dataset);
    for (let b = 0; b < this.numBatches; b++) {
      const start = b * this.batchSize;
      const n = Math.min(this.batchSize, count - start);
      let xs: Float32Array;
      let ys: Int32Array;
      if (order === undefined) {
        // Contiguous rows: one copy each. A fresh array per batch (never a
        // reused buffer or a view) because tfjs' cpu backend keeps the array
        // it is given as the tensor's storage.
        xs = images.slice(start * size, (start + n) * size);
        ys = labels.slice(start, start + n);
      } else {
        xs = new Float32Array(n * size);
        ys = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const index = order[start + i] as number;
          xs.set(images.subarray(index * size, (index + 1) * size), i * size);
          ys[i] = labels[index] as number;
        }
      }
      if (this.transform !== undefined) xs = checkedApply(this.transform, xs, n, shape, this.transformRng as Rng);
      const x = this.flatten ? tf.tensor2d(xs, [n, size], 'float32') : tf.tensor4d(xs, [n, shape[0], shape[1], shape[2]], 'float32');
      yield { x, y: tf.tensor1d(ys, 'int32'), size: n };
    }
  }
}
