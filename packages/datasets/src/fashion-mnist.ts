import { join } from 'node:path';
import { NotFoundError } from '@nnlab/core';
import { defaultCacheDir } from './default-cache-dir.js';
import { type TrainTest, hasMnistFamilyFiles, loadMnistFamily } from './load-mnist-family.js';
import type { Checksums } from './load-remote-mnist-family.js';
import { loadRemoteMnistFamily } from './load-remote-mnist-family.js';
import { FASHION_MNIST_CLASS_NAMES } from './fashion-mnist-class-names.js';

/** Where Debian's `dataset-fashion-mnist` package installs the files. */
export const FASHION_MNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

/** Zalando's download location for Fashion-MNIST. */
export const FASHION_MNIST_BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';

/** Options of {@link findFashionMnist}. */
export interface FindFashionMnistOptions {
  /** Environment to read `NNLAB_FASHION_MNIST_DIR` / `NNLAB_CACHE_DIR` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Cache root (default from `env`); `<cacheDir>/fashion-mnist` is searched. */
  readonly cacheDir?: string;
  /** The system folder to search (default {@link FASHION_MNIST_SYSTEM_DIR}). */
  readonly systemDir?: string;
}

/** The folders {@link findFashionMnist} searches, in order. */
export function fashionMnistSearchPaths(options: FindFashionMnistOptions = {}): string[] {
  const env = options.env ?? process.env;
  const paths: string[] = [];
  const fromEnv = env['NNLAB_FASHION_MNIST_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') paths.push(fromEnv);
  paths.push(options.systemDir ?? FASHION_MNIST_SYSTEM_DIR);
  paths.push(join(options.cacheDir ?? defaultCacheDir(env), 'fashion-mnist'));
  return paths;
}

/**
 * The first folder holding the Fashion-MNIST files, searching
 * `$NNLAB_FASHION_MNIST_DIR`, then `/usr/share/datasets/fashion-mnist`
 * (`apt-get install dataset-fashion-mnist`), then `<cacheDir>/fashion-mnist`;
 * `undefined` when none has them.
 *
 * @example
 * const dir = await findFashionMnist(); // '/usr/share/datasets/fashion-mnist' on Debian
 */
export async function findFashionMnist(options: FindFashionMnistOptions = {}): Promise<string | undefined> {
  for (const dir of fashionMnistSearchPaths(options)) {
    if (await hasMnistFamilyFiles(dir)) return dir;
  }
  return undefined;
}

/** Options of {@link loadFashionMnist}. */
export interface LoadFashionMnistOptions extends FindFashionMnistOptions {
  /** Load from this folder instead of searching. */
  readonly dir?: string;
  /** When no folder has the files, download them into `<cacheDir>/fashion-mnist`. Default false. */
  readonly download?: boolean;
  readonly baseUrl?: string;
  /** SHA-256 per file name for downloads (none are built in; see README). */
  readonly checksums?: Checksums;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Fashion-MNIST (60,000 / 10,000 28x28x1 images of 10 clothing classes, with
 * {@link FASHION_MNIST_CLASS_NAMES}) from `dir`, or the first folder
 * {@link findFashionMnist} finds, or (with `download: true`) Zalando's server.
 * Throws a {@link NotFoundError} saying how to get the files otherwise.
 *
 * @example
 * const { train, test } = await loadFashionMnist();
 * train.classNames?.[train.labels[0]!]; // 'Ankle boot'
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<TrainTest> {
  const common = { name: 'fashion-mnist', classNames: FASHION_MNIST_CLASS_NAMES };
  if (options.dir !== undefined) return loadMnistFamily(options.dir, common);
  const found = await findFashionMnist(options);
  if (found !== undefined) return loadMnistFamily(found, common);
  if (options.download === true) {
    return loadRemoteMnistFamily({
      ...common,
      baseUrl: options.baseUrl ?? FASHION_MNIST_BASE_URL,
      cacheDir: options.cacheDir ?? defaultCacheDir(options.env ?? process.env),
      ...(options.checksums === undefined ? {} : { checksums: options.checksums }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }
  throw new NotFoundError(
    `Fashion-MNIST not found (looked in ${fashionMnistSearchPaths(options).join(', ')}). ` +
      'Install it with `apt-get install dataset-fashion-mnist`, set NNLAB_FASHION_MNIST_DIR or pass { dir } ' +
      'pointing at a folder with the four MNIST-format files, or pass { download: true }.',
  );
}
