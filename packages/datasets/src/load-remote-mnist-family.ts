import { join } from 'node:path';
import { InvalidArgumentError } from '@nnlab/core';
import { defaultCacheDir } from './default-cache-dir.js';
import { downloadFile } from './download-file.js';
import { MNIST_FAMILY_FILES, type TrainTest, loadMnistFamily } from './load-mnist-family.js';

/** SHA-256 checksums keyed by file name (`train-images-idx3-ubyte.gz`, ...). */
export type Checksums = Readonly<Record<string, string>>;

/** Options of {@link loadRemoteMnistFamily}. */
export interface LoadRemoteMnistFamilyOptions {
  /** Cache sub-folder and name in messages (`mnist`, `not-mnist`, ...). */
  readonly name: string;
  /** URL prefix the four `.gz` file names are appended to (a trailing `/` is added if missing). */
  readonly baseUrl: string;
  /** SHA-256 per file name; files without one are checked only by parsing them. */
  readonly checksums?: Checksums;
  /** Cache root (default {@link defaultCacheDir}); files go in `<cacheDir>/<name>/`. */
  readonly cacheDir?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly numClasses?: number;
  readonly classNames?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Downloads (once) the four gzip files of an MNIST-format dataset into the
 * cache and loads them with {@link loadMnistFamily}. Later calls reuse the
 * cached files after re-checking their checksums.
 *
 * @example
 * const { train, test } = await loadRemoteMnistFamily({
 *   name: 'kmnist', baseUrl: 'https://example.org/kmnist/',
 * });
 */
export async function loadRemoteMnistFamily(options: LoadRemoteMnistFamilyOptions): Promise<TrainTest> {
  const { name, checksums = {}, fetch, signal } = options;
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    throw new InvalidArgumentError(`name must be a plain folder name (letters, digits, . _ -), got ${JSON.stringify(name)}`);
  }
  if (typeof options.baseUrl !== 'string' || !/^https?:\/\//i.test(options.baseUrl)) {
    throw new InvalidArgumentError(`baseUrl must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
  }
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const dir = join(options.cacheDir ?? defaultCacheDir(), name);
  // Sequential: politer to mirrors, and a failure stops before the big files.
  for (const base of Object.values(MNIST_FAMILY_FILES)) {
    const file = `${base}.gz`;
    const sha256 = checksums[file];
    await downloadFile(`${baseUrl}${file}`, join(dir, file), {
      ...(sha256 === undefined ? {} : { sha256 }),
      ...(fetch === undefined ? {} : { fetch }),
      ...(signal === undefined ? {} : { signal }),
    });
  }
  return loadMnistFamily(dir, {
    name,
    ...(options.numClasses === undefined ? {} : { numClasses: options.numClasses }),
    ...(options.classNames === undefined ? {} : { classNames: options.classNames }),
  });
}
