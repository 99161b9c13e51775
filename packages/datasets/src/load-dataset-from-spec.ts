import { DataFormatError, InvalidArgumentError, Rng } from '@nnlab/core';
import { parseDatasetSpecOptions, parseDimensions, parseTestFraction } from './dataset-spec-options.js';
import { type LoadMatDatasetOptions, loadMatDataset } from './load-mat-dataset.js';
import { type SkippedFile, loadImageFolder } from './load-image-folder.js';
import type { TrainTest } from './load-mnist-family.js';
import { trainTestSplit } from './train-test-split.js';

/** Share of examples held out for testing by `folder:` and `mat:` specs. */
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * `folder:DIR[,size=N|HxW][,channels=1|3][,test=F]`: an image folder (one
 * sub-folder per class) split seeded into train/test (`test` share, default 0.2).
 */
export async function loadFolderSpec(
  rest: string,
  seed: number,
  onWarning: ((message: string) => void) | undefined,
): Promise<TrainTest & { path: string; skipped: readonly SkippedFile[]; notes: readonly string[] }> {
  const { path, options } = parseDatasetSpecOptions('folder', rest, ['size', 'channels', 'test']);
  const size = options.get('size');
  const channels = options.get('channels');
  if (channels !== undefined && channels !== '1' && channels !== '3') {
    throw new InvalidArgumentError(`channels must be 1 or 3, got ${JSON.stringify(channels)}`);
  }
  const testFraction = parseTestFraction(options.get('test'), DEFAULT_TEST_FRACTION);
  const dims = size === undefined ? undefined : parseDimensions('size', size);
  const { dataset, skipped, notes } = await loadImageFolder(path, {
    ...(dims === undefined ? {} : { size: [dims[0] as number, (dims[1] ?? dims[0]) as number] as const }),
    ...(channels === undefined ? {} : { channels: Number(channels) as 1 | 3 }),
    ...(onWarning === undefined ? {} : { onWarning: (message: string) => onWarning(message) }),
  });
  if (dataset.numClasses < 2) {
    // Training a classifier needs two classes; one sub-folder usually means the path is one level too deep.
    throw new DataFormatError(`only one class folder (${JSON.stringify(dataset.classNames?.[0] ?? '')}); expected one sub-folder per class, at least two (is the path one level too deep?)`, path);
  }
  return { path, skipped, notes, ...trainTestSplit(dataset, { testFraction, rng: new Rng(seed) }) };
}

/**
 * `mat:FILE[,x=NAME][,y=NAME][,shape=HxW[xC]][,order=column-major|row-major][,test=F]`:
 * a MATLAB level-5 dataset (see {@link loadMatDataset}) split seeded into train/test.
 */
export async function loadMatSpec(rest: string, seed: number): Promise<TrainTest & { path: string }> {
  const { path, options } = parseDatasetSpecOptions('mat', rest, ['x', 'y', 'shape', 'order', 'test']);
  const shape = options.get('shape') === undefined ? undefined : parseDimensions('shape', options.get('shape') as string, true);
  const order = options.get('order');
  if (order !== undefined && order !== 'column-major' && order !== 'row-major') {
    throw new InvalidArgumentError(`order must be column-major or row-major, got ${JSON.stringify(order)}`);
  }
  const testFraction = parseTestFraction(options.get('test'), DEFAULT_TEST_FRACTION);
  const matOptions: LoadMatDatasetOptions = {
    ...(options.has('x') ? { x: options.get('x') as string } : {}),
    ...(options.has('y') ? { y: options.get('y') as string } : {}),
    ...(shape === undefined ? {} : { imageShape: (shape.length === 1 ? [shape[0], shape[0]] : shape) as [number, number] }),
    ...(order === undefined ? {} : { pixelOrder: order }),
  };
  const dataset = await loadMatDataset(path, matOptions);
  return { path, ...trainTestSplit(dataset, { testFraction, rng: new Rng(seed) }) };
}
