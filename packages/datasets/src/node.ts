/**
 * `@nnlab/datasets/node`: what needs Node's file system, zlib, crypto or network streams. Import
 * the rest (DataLoader, transforms, ImageDataset) from `@nnlab/datasets`, which runs everywhere.
 *
 * @module
 */
export { type DecodedImage, type DecodeImageOptions, decodeImage } from './decode-image.js';
export { defaultCacheDir } from './default-cache-dir.js';
export { type DownloadOptions, type DownloadResult, downloadFile, sha256File } from './download-file.js';
export { encodeIdx } from './encode-idx.js';
export {
  FASHION_MNIST_BASE_URL,
  FASHION_MNIST_SYSTEM_DIR,
  type FindFashionMnistOptions,
  type LoadFashionMnistOptions,
  fashionMnistSearchPaths,
  findFashionMnist,
  loadFashionMnist,
} from './fashion-mnist.js';
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
export { loadMnist10k } from './load-mnist-10k.node.js';
export {
  type LoadMnistFamilyOptions,
  MNIST_FAMILY_FILES,
  type TrainTest,
  findMnistFamilyFile,
  hasMnistFamilyFiles,
  loadMnistFamily,
} from './load-mnist-family.js';
export { type Checksums, type LoadRemoteMnistFamilyOptions, loadRemoteMnistFamily } from './load-remote-mnist-family.js';
export { MAX_DATA_FILE_BYTES, MAX_IMAGE_FILE_BYTES, readBoundedFile } from './read-bounded-file.js';
export { decodeIdx, isGzip, readIdx, readIdxFile } from './read-idx.js';
export { type MatClass, type MatMatrix, type ReadMatOptions, readMat, readMatFile } from './read-mat.js';
