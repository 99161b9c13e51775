import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { type ImageDataset, subset } from '@nnlab/datasets';
import { encodeIdx, loadDatasetByName } from '@nnlab/datasets/node';
import { repositoryRoot } from '../repository-root.js';

/** What {@link loadNotmnistData} returns. */
export interface NotmnistData {
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  readonly description: string;
  /** True when no folder was given and Fashion-MNIST stands in for notMNIST. */
  readonly substitute: boolean;
}

/** Options of {@link loadNotmnistData}. */
export interface LoadNotmnistDataOptions {
  /** Seed of a folder's 80/20 train/test split. */
  readonly seed: number;
  /** Keep the first N training / test examples (quick runs). */
  readonly trainLimit?: number | undefined;
  readonly testLimit?: number | undefined;
  /** Where a folder split is exported for the PyTorch twin (default: the checkout's `.cache/labs/notmnist-mlp`). */
  readonly exportRoot?: string;
}

const first = (dataset: ImageDataset, limit: number | undefined): ImageDataset =>
  limit === undefined || limit >= dataset.count ? dataset : subset(dataset, Array.from({ length: limit }, (_, i) => i));

/**
 * The notMNIST lab's data: `folder:DIR[,options]` (one sub-folder per letter
 * of 28x28 images, split 80/20 with `seed`, as `nnlab train --dataset` does),
 * or Fashion-MNIST's 60,000/10,000 when `spec` is undefined. Pixels in
 * [0, 1]. A folder split is also written as IDX files under
 * `.cache/labs/notmnist-mlp/` ({@link notmnistExportDirectory}) so the PyTorch
 * twin trains on the same arrays.
 *
 * @example
 * const { train, test, substitute } = await loadNotmnistData('folder:notMNIST_small', { seed: 0 });
 */
export async function loadNotmnistData(spec: string | undefined, options: LoadNotmnistDataOptions): Promise<NotmnistData> {
  if (spec !== undefined && !spec.startsWith('folder:')) {
    throw new InvalidArgumentError(`notmnist-mlp --data must be folder:DIR (one sub-folder of 28x28 images per letter), got "${spec}"`);
  }
  const loaded = await loadDatasetByName(spec ?? 'fashion-mnist', { seed: options.seed });
  const [height, width, channels] = loaded.train.shape;
  if (height * width * channels !== 784) {
    throw new InvalidArgumentError(`notmnist-mlp --data ${spec} has ${height}x${width}x${channels} images; the 784-input MLP needs 28x28x1 (add ,size=28,channels=1)`);
  }
  // The whole split is exported (the twin takes the same first-N limits itself), so quick and full runs share it.
  if (spec !== undefined) await exportSplit(notmnistExportDirectory(spec, options.seed, options.exportRoot), loaded.train, loaded.test);
  const train = first(loaded.train, options.trainLimit);
  const test = first(loaded.test, options.testLimit);
  return { train, test, description: spec === undefined ? 'Fashion-MNIST (no notMNIST folder given)' : loaded.description, substitute: spec === undefined };
}

/**
 * Where the folder split of `spec` and `seed` is exported:
 * `<root>/<spec with unusual characters as _>-seed-<seed>` (the twin computes the same name).
 *
 * @example
 * notmnistExportDirectory('folder:/data/notMNIST_small', 0, '/tmp'); // '/tmp/folder__data_notMNIST_small-seed-0'
 */
export function notmnistExportDirectory(spec: string, seed: number, root = join(repositoryRoot(), '.cache', 'labs', 'notmnist-mlp')): string {
  return join(root, `${spec.replace(/[^A-Za-z0-9._-]/g, '_')}-seed-${seed}`);
}

async function exportSplit(dir: string, train: ImageDataset, test: ImageDataset): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [part, dataset] of [['train', train], ['test', test]] as const) {
    const files = {
      images: encodeIdx({ dtype: 'float32', shape: [dataset.count, 28, 28], data: dataset.images }),
      labels: encodeIdx({ dtype: 'int32', shape: [dataset.count], data: dataset.labels }),
    };
    for (const [what, bytes] of Object.entries(files)) {
      const path = join(dir, `${part}-${what}.idx`);
      // Written whole and renamed, so the twin never reads half a file.
      await writeFile(`${path}.tmp`, bytes);
      await rename(`${path}.tmp`, path);
    }
  }
}
