import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ImageDataset } from '@nnlab/datasets';
import { encodeIdx } from '@nnlab/datasets/node';
import { mnistSplit } from './mnist-split.js';
import { repositoryRoot } from './repository-root.js';

/**
 * Writes the embedded-MNIST split of `seed` where the PyTorch twins read it,
 * `.cache/labs/mnist-10k/seed-<S>/{train,test}-{images,labels}-{28,20}.idx`
 * (float32 pixels in [0, 1], int32 labels; the 20x20 digits as the TypeScript
 * side shrinks them), so both sides train on identical arrays. Skips files
 * that exist; returns the directory.
 *
 * @example
 * const dir = await exportLabData(0); // then: python3 tools/labs/mlp-sweeps.py --seed 0
 */
export async function exportLabData(seed: number, root = repositoryRoot()): Promise<string> {
  const dir = join(root, '.cache', 'labs', 'mnist-10k', `seed-${seed}`);
  if (existsSync(join(dir, 'test-labels-20.idx'))) return dir;
  await mkdir(dir, { recursive: true });
  for (const size of [28, 20] as const) {
    const { train, test } = await mnistSplit(seed, { size });
    for (const [part, dataset] of [['train', train], ['test', test]] as const) {
      await writeIdx(join(dir, `${part}-images-${size}.idx`), dataset, 'images');
      await writeIdx(join(dir, `${part}-labels-${size}.idx`), dataset, 'labels');
    }
  }
  return dir;
}

async function writeIdx(path: string, dataset: ImageDataset, what: 'images' | 'labels'): Promise<void> {
  const array = what === 'images'
    ? { dtype: 'float32' as const, shape: [dataset.count, dataset.shape[0], dataset.shape[1]], data: dataset.images }
    : { dtype: 'int32' as const, shape: [dataset.count], data: dataset.labels };
  // Written whole and renamed, so a twin never reads a half-written file.
  await writeFile(`${path}.tmp`, encodeIdx(array));
  await rename(`${path}.tmp`, path);
}
