/**
 * `@nnlab/datasets`, the runtime-neutral entry point: everything here runs in browsers and in Node,
 * with no Node built-in. File-system code (IDX/MAT/image-folder readers, downloads, the named
 * datasets of the CLI) is in `@nnlab/datasets/node`.
 *
 * @module
 */
export { type BatchTransform, composeTransforms } from './batch-transform.js';
export { computeMeanStd, type MeanStd } from './compute-mean-std.js';
export { concatDatasets } from './concat-datasets.js';
export { type Batch, DataLoader, type DataLoaderOptions } from './data-loader.js';
export type { DataLoaderRngState } from './data-loader-rng-state.js';
export { type DatasetSpecOptions, parseDatasetSpecOptions } from './dataset-spec-options.js';
export { decodeMnist10k } from './decode-mnist-10k.js';
export { FASHION_MNIST_CLASS_NAMES } from './fashion-mnist-class-names.js';
export { IDX_TYPES, type IdxArray, type IdxDataByDtype, type IdxDtype } from './idx-array.js';
export { type ImageDataset, type ImageDatasetFields, createImageDataset, exampleSize } from './image-dataset.js';
export { type ImageDatasetFromIdxOptions, imageDatasetFromIdx } from './image-dataset-from-idx.js';
export { type LoadMnist10kOptions, loadMnist10k } from './load-mnist-10k.js';
export { type NormalizeOptions, normalize } from './normalize.js';
export { oneHot } from './one-hot.js';
export { type RandomHorizontalFlipOptions, randomHorizontalFlip } from './random-horizontal-flip.js';
export { type RandomRotationOptions, randomRotation } from './random-rotation.js';
export { type RandomShiftOptions, randomShift } from './random-shift.js';
export { resizeImage } from './resize-image.js';
export { shuffleDataset } from './shuffle-dataset.js';
export { type ImageHeader, sniffImage } from './sniff-image.js';
export { subset } from './subset.js';
export { type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
