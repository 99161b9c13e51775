import { stat } from 'node:fs/promises';
import { type ImageDataset, type IdxArray } from '@nnlab/datasets';
import { loadDatasetByName, readIdxFile } from '@nnlab/datasets/node';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { escapeControl } from '../escape-control.js';
import { checkOutputFile } from '../output-path.js';
import { encodePng, tileImages } from '../report/image-grid.js';
import { drawText, fitText, textSize } from '../report/draw-text.js';
import { writeFileAtomic } from '../write-file-atomic.js';

/** Options of `nnlab data inspect`. */
export interface DataInspectOptions {
  readonly json?: boolean;
  /** Write a PNG grid of the first images (with their labels) to this file. */
  readonly preview?: string;
  /** Seed of the train/test split for sources that split (default 0). */
  readonly seed?: number;
}

/** Summary statistics of one array of values. */
export interface ValueStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
}

/** What `nnlab data inspect` reports about one split. */
export interface SplitSummary {
  readonly examples: number;
  /** `[height, width, channels]` of one image. */
  readonly shape: readonly number[];
  readonly channels: number;
  readonly dtype: string;
  readonly numClasses: number;
  /** Examples per class index (`classCounts[k]`). */
  readonly classCounts: readonly number[];
  /** Null when the split has no values (0 examples): never NaN statistics. */
  readonly pixels: ValueStats | null;
}

/** Images previewed by `--preview`. */
const PREVIEW_COUNT = 64;

/** Mean, std (population), min and max in one pass; NaN for no values. */
export function valueStats(values: ArrayLike<number>): ValueStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const n = values.length;
  if (n === 0) return { min: Number.NaN, max: Number.NaN, mean: Number.NaN, std: Number.NaN };
  const mean = sum / n;
  return { min, max, mean, std: Math.sqrt(Math.max(sumSquares / n - mean * mean, 0)) };
}

function summarizeSplit(dataset: ImageDataset): SplitSummary {
  const classCounts = new Array<number>(dataset.numClasses).fill(0);
  for (const label of dataset.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return {
    examples: dataset.count,
    shape: [...dataset.shape],
    channels: dataset.shape[2],
    dtype: 'float32',
    numClasses: dataset.numClasses,
    classCounts,
    pixels: dataset.images.length === 0 ? null : valueStats(dataset.images),
  };
}

/** A single IDX file (`idx:FILE`): images (rank >= 2) or labels (rank 1). */
function summarizeIdx(array: IdxArray): SplitSummary & { kind: 'images' | 'labels' } {
  const labels = array.shape.length === 1;
  const classCounts: number[] = [];
  if (labels) {
    for (const value of array.data) {
      const k = Number(value);
      if (Number.isInteger(k) && k >= 0 && k < 1_000_000) classCounts[k] = (classCounts[k] ?? 0) + 1;
    }
  }
  const shape = array.shape.slice(1);
  return {
    kind: labels ? 'labels' : 'images',
    examples: array.shape[0] ?? 0,
    shape,
    channels: shape.length >= 3 ? (shape[2] as number) : shape.length === 2 ? 1 : 0,
    dtype: array.dtype,
    numClasses: classCounts.length,
    classCounts: Array.from(classCounts, (c) => c ?? 0),
    pixels: array.data.length === 0 ? null : valueStats(array.data),
  };
}

const formatNumber = (n: number): string => (Number.isInteger(n) ? String(n) : n.toPrecision(4));

function describeSplit(name: string, split: SplitSummary, classNames?: readonly string[]): string {
  const classes = split.classCounts.map((c, k) => `${classNames?.[k] ?? k}:${c}`).join(' ');
  const values =
    split.pixels === null
      ? '  values: none\n'
      : `  values min ${formatNumber(split.pixels.min)} max ${formatNumber(split.pixels.max)} mean ${formatNumber(split.pixels.mean)} std ${formatNumber(split.pixels.std)}\n`;
  return (
    `${name}: ${split.examples} examples, shape ${split.shape.join('x') || '-'} (${split.channels} channel${split.channels === 1 ? '' : 's'}), ${split.dtype}\n` +
    values +
    (split.numClasses > 0 ? `  ${split.numClasses} classes: ${classes}\n` : '')
  );
}

/**
 * `nnlab data inspect SOURCE`: loads any dataset the CLI accepts (the
 * `--dataset` forms, plus `idx:FILE` for one IDX file of images or labels)
 * and prints per split the number of examples, image shape and channels,
 * dtype, examples per class and min/max/mean/std of the values. `--preview`
 * writes a PNG grid of the first training images, each with its label drawn
 * under it in small digits.
 */
export async function dataInspectCommand(source: string, options: DataInspectOptions, output: Output): Promise<void> {
  if (options.preview !== undefined) await checkOutputFile('--preview', options.preview);
  const single = await singleIdxPath(source);
  if (single !== undefined) {
    const array = await readIdxFile(single);
    const summary = summarizeIdx(array);
    output.stdout.write(`${source}: IDX ${summary.kind}, shape ${array.shape.join('x')}\n${describeSplit(summary.kind, summary)}`);
    if (summary.examples === 0) output.stderr.write(`nnlab: warning: ${escapeControl(single)} holds 0 ${summary.kind}: nothing to train or test on\n`);
    if (options.preview !== undefined) {
      if (summary.kind === 'labels' || (summary.channels !== 1 && summary.channels !== 3)) {
        output.stderr.write(`nnlab: warning: --preview skipped: ${source} holds no images of 1 or 3 channels\n`);
      } else {
        const [h, w] = summary.shape as [number, number];
        await writePreview(options.preview, array.data, summary.examples, [h, w, summary.channels], undefined);
      }
    }
    if (options.json === true) printJson(output, { command: 'data inspect', source, kind: summary.kind, splits: { file: summary } });
    return;
  }
  const data = await loadDatasetByName(source, {
    seed: options.seed ?? 0,
    onWarning: (message) => output.stderr.write(`nnlab: warning: ${message}\n`),
  });
  for (const note of data.notes ?? []) output.stderr.write(`nnlab: note: ${escapeControl(note)}\n`);
  const splits = { train: summarizeSplit(data.train), test: summarizeSplit(data.test) };
  for (const [name, split] of Object.entries(splits)) if (split.examples === 0) output.stderr.write(`nnlab: warning: the ${name} split of ${source} holds 0 examples\n`);
  const classNames = data.train.classNames;
  output.stdout.write(`${data.name}: ${data.description}\n${describeSplit('train', splits.train, classNames)}${describeSplit('test', splits.test, classNames)}`);
  if (options.preview !== undefined) {
    await writePreview(options.preview, data.train.images, data.train.count, data.train.shape, data.train.labels, data.train.classNames);
    output.stdout.write(`preview of the first ${Math.min(PREVIEW_COUNT, data.train.count)} training images written to ${options.preview}\n`);
  }
  if (options.json === true) {
    printJson(output, { command: 'data inspect', source, name: data.name, description: data.description, classNames: classNames ?? null, splits, skipped: data.skipped?.length ?? 0 });
  }
}

/** The file an `idx:PATH` source names when PATH is a file (a folder is an MNIST-family folder). */
async function singleIdxPath(source: string): Promise<string | undefined> {
  if (!source.startsWith('idx:')) return undefined;
  const path = source.slice(4);
  const info = await stat(path).catch(() => undefined);
  // Anything but a folder is one IDX file: a FIFO or device is then refused by the reader, never read.
  return info !== undefined && !info.isDirectory() ? path : undefined;
}

async function writePreview(
  path: string,
  values: ArrayLike<number>,
  available: number,
  shape: readonly [number, number, number],
  labels: Int32Array | undefined,
  classNames?: readonly string[],
): Promise<void> {
  const count = Math.min(PREVIEW_COUNT, available);
  if (count === 0) return;
  const columns = Math.min(8, count);
  const scale = Math.max(1, Math.floor(56 / Math.max(shape[0], shape[1])));
  const gap = 2;
  const captionHeight = labels === undefined ? 0 : textSize('0').height + 4;
  const grid = tileImages(values, count, shape, { columns, gap, rowGap: captionHeight, scale });
  if (labels !== undefined) {
    const cellWidth = shape[1] * scale + gap;
    const cellHeight = shape[0] * scale + gap + captionHeight;
    for (let i = 0; i < count; i++) {
      const left = gap + (i % columns) * cellWidth;
      const top = gap + Math.floor(i / columns) * cellHeight + shape[0] * scale + 2;
      const label = labels[i] ?? 0;
      // The class name where the dataset has one ('Ankle boot', not '9'), cut to the image's width.
      drawText(grid, fitText(classNames?.[label] ?? String(label), shape[1] * scale), left, top, [200, 0, 0]);
    }
  }
  await writeFileAtomic(path, encodePng(grid));
}
