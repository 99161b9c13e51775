import type { TrainTest } from './load-mnist-family.js';
import { type Checksums, loadRemoteMnistFamily } from './load-remote-mnist-family.js';

/**
 * The mirror TensorFlow uses for MNIST (the original yann.lecun.com host now
 * refuses anonymous downloads). PyTorch's mirror
 * `https://ossci-datasets.s3.amazonaws.com/mnist/` serves the same files.
 */
export const MNIST_BASE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';

/**
 * Published SHA-256 sums of the four original MNIST files (the ones
 * TensorFlow Datasets and torchvision-based tools verify against).
 */
export const MNIST_SHA256: Checksums = {
  'train-images-idx3-ubyte.gz': '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
  'train-labels-idx1-ubyte.gz': '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
  't10k-images-idx3-ubyte.gz': '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
  't10k-labels-idx1-ubyte.gz': 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
};

/** Options of {@link loadMnist} and {@link loadNotMnist}. */
export interface LoadDownloadedOptions {
  /** Cache root (default `$NNLAB_CACHE_DIR` or `~/.cache/nnlab`). */
  readonly cacheDir?: string;
  /** Mirror to download from. */
  readonly baseUrl?: string;
  /** SHA-256 per file name; replaces the defaults (pass `{}` to skip verification for a mirror with different bytes). */
  readonly checksums?: Checksums;
  readonly fetch?: typeof globalThis.fetch;
  readonly signal?: AbortSignal;
}

/**
 * Full MNIST (60,000 train / 10,000 test, 28x28x1, digits 0-9), downloaded
 * once into `<cacheDir>/mnist/` and verified against {@link MNIST_SHA256}.
 *
 * @example
 * const { train, test } = await loadMnist();
 */
export function loadMnist(options: LoadDownloadedOptions = {}): Promise<TrainTest> {
  return loadRemoteMnistFamily({
    ...options,
    name: 'mnist',
    baseUrl: options.baseUrl ?? MNIST_BASE_URL,
    checksums: options.checksums ?? MNIST_SHA256,
  });
}

/**
 * David Flanagan's notMNIST sample in MNIST format (letters A-J as labels
 * 0-9, 60,000 / 10,000). It has no published checksums, so files are
 * verified only by parsing unless `checksums` is given.
 */
export const NOT_MNIST_BASE_URL = 'https://raw.githubusercontent.com/davidflanagan/notMNIST-to-MNIST/master/';

/**
 * notMNIST (glyphs of the letters A-J in many fonts) in MNIST format,
 * downloaded once into `<cacheDir>/not-mnist/`. See {@link NOT_MNIST_BASE_URL}.
 *
 * @example
 * const { train } = await loadNotMnist();
 * train.classNames; // ['A', ..., 'J']
 */
export function loadNotMnist(options: LoadDownloadedOptions = {}): Promise<TrainTest> {
  return loadRemoteMnistFamily({
    ...options,
    name: 'not-mnist',
    baseUrl: options.baseUrl ?? NOT_MNIST_BASE_URL,
    classNames: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'],
  });
}
