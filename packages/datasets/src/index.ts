export { type BatchTransform, composeTransforms } from './batch-transform.js';
export { computeMeanStd, type MeanStd } from './compute-mean-std.js';
export { concatDatasets } from './concat-datasets.js';
export { type Batch, DataLoader, type DataLoaderOptions } from './data-loader.js';
export type { DataLoaderRngState } from './data-loader-rng-state.js';
export { type DatasetSpecOptions, parseDatasetSpecOptions } from './dataset-spec-options.js';
export { type DecodedImage, type DecodeImageOptions, decodeImage } from './decode-image.js';
export { defaultCacheDir } from './default-cache-dir.js';
export { type DownloadOptions, type DownloadResult, downloadFile, sha256File } from './download-file.js';
export { encodeIdx } from './encode-idx.js';
export {
  FASHION_MNIST_BASE_URL,
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_SYSTEM_DIR,
  type FindFashionMnistOptions,
  type LoadFashionMnistOptions,
  fashionMnistSearchPaths,
  findFashionMnist,
  loadFashionMnist,
} from './fashion-mnist.js';
export { IDX_TYPES, type IdxArray, type IdxDataByDtype, type IdxDtype } from './idx-array.js';
export { type ImageDataset, type ImageDatasetFields, createImageDataset, exampleSize } from './image-dataset.js';
export { type ImageDatasetFromIdxOptions, imageDatasetFromIdx } from './image-dataset-from-idx.js';
export {
  KNOWN_DATASETS,
  type LoadDatasetByNameOptions,
  type NamedDataset,
  loadDatasetByName,
} from './load-dataset-by-name.js';
export { DEFAULT_TEST_FRACTION } from './load-dataset-from-spec.js';
export {
  type ImageFolderResult,
  type LoadImageFolderOptions,
  type SkippedFile,
  loadImageFolder,
} from './load-image-folder.js';
export { type LoadMatDatasetOptions, type MatLabelMap, loadMatDataset } from './load-mat-dataset.js';
export {
  type LoadDownloadedOptions,
  MNIST_BASE_URL,
  MNIST_SHA256,
  NOT_MNIST_BASE_URL,
  loadMnist,
  loadNotMnist,
} from './load-mnist.js';
export { loadMnist10k } from './load-mnist-10k.js';
export {
  type LoadMnistFamilyOptions,
  MNIST_FAMILY_FILES,
  type TrainTest,
  findMnistFamilyFile,
  hasMnistFamilyFiles,
  loadMnistFamily,
} from './load-mnist-family.js';
export { type Checksums, type LoadRemoteMnistFamilyOptions, loadRemoteMnistFamily } from './load-remote-mnist-family.js';
export { type NormalizeOptions, normalize } from './normalize.js';
export { oneHot } from './one-hot.js';
export { type RandomHorizontalFlipOptions, randomHorizontalFlip } from './random-horizontal-flip.js';
export { type RandomRotationOptions, randomRotation } from './random-rotation.js';
export { type RandomShiftOptions, randomShift } from './random-shift.js';
export { MAX_DATA_FILE_BYTES, MAX_IMAGE_FILE_BYTES, readBoundedFile } from './read-bounded-file.js';
export { decodeIdx, isGzip, readIdx, readIdxFile } from './read-idx.js';
export { type MatClass, type MatMatrix, type ReadMatOptions, readMat, readMatFile } from './read-mat.js';
export { resizeImage } from './resize-image.js';
export { shuffleDataset } from './shuffle-dataset.js';
export { type ImageHeader, sniffImage } from './sniff-image.js';
export { subset } from './subset.js';
export { type TrainTestSplitOptions, trainTestSplit } from './train-test-split.js';
