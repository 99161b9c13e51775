import { stat } from 'node:fs/promises';
import type { IdxArray } from '@nnlab/datasets';
import { loadDatasetByName, type LoadDatasetByNameOptions, type NamedDataset, readIdxFile } from '@nnlab/datasets/node';
import { writeFileAtomic } from '@nnlab/core/node';
import { datasetPreview } from './dataset-preview.js';
import { encodePng } from './image-grid.js';
import { type IdxSummary, type SplitSummary, summarizeIdx, summarizeSplit } from './split-summary.js';

/** What {@link inspectDataSource} found: one IDX file of images or labels, or a dataset's two splits. */
export type DataSourceInspection =
  | { readonly kind: 'idx'; readonly path: string; readonly array: IdxArray; readonly summary: IdxSummary }
  | { readonly kind: 'dataset'; readonly data: NamedDataset; readonly splits: { readonly train: SplitSummary; readonly test: SplitSummary } };

/**
 * Loads a data source and summarises it: `idx:FILE` naming one IDX file (of
 * images or of labels) is read alone; anything else is a dataset as
 * `loadDatasetByName` takes it (`mnist-10k`, `folder:DIR`, `idx:DIR`, ...),
 * summarised per split.
 *
 * @example
 * const found = await inspectDataSource('mnist-10k');
 * if (found.kind === 'dataset') console.log(formatSplitSummary('train', found.splits.train));
 */
export async function inspectDataSource(source: string, options: Pick<LoadDatasetByNameOptions, 'seed' | 'onWarning'> = {}): Promise<DataSourceInspection> {
  const path = source.startsWith('idx:') ? source.slice(4) : undefined;
  const info = path === undefined ? undefined : await stat(path).catch(() => undefined);
  // Anything but a folder is one IDX file: a FIFO or device is then refused by the reader, never read.
  if (path !== undefined && info !== undefined && !info.isDirectory()) {
    const array = await readIdxFile(path);
    return { kind: 'idx', path, array, summary: summarizeIdx(array) };
  }
  const data = await loadDatasetByName(source, options);
  return { kind: 'dataset', data, splits: { train: summarizeSplit(data.train), test: summarizeSplit(data.test) } };
}

/**
 * Writes a PNG grid of the first `count` (default 64) images of an
 * inspected source, with their labels drawn under them: a dataset's training
 * images, or an IDX file's images. Returns how many it drew; 0 (and writes
 * nothing) for labels, images of other than 1 or 3 channels, or no examples.
 *
 * @example
 * await writeDatasetPreview('preview.png', await inspectDataSource('mnist-10k'));
 */
export async function writeDatasetPreview(file: string, found: DataSourceInspection, count = 64): Promise<number> {
  let grid;
  if (found.kind === 'idx') {
    const { summary } = found;
    if (summary.kind === 'labels' || (summary.channels !== 1 && summary.channels !== 3)) return 0;
    const [height, width] = summary.shape as [number, number];
    grid = datasetPreview(found.array.data, summary.examples, [height, width, summary.channels], { count });
  } else {
    const { train } = found.data;
    grid = datasetPreview(train.images, train.count, train.shape, { count, labels: train.labels, ...(train.classNames === undefined ? {} : { classNames: train.classNames }) });
  }
  if (grid === undefined) return 0;
  await writeFileAtomic(file, encodePng(grid));
  return Math.min(count, found.kind === 'idx' ? found.summary.examples : found.data.train.count);
}
