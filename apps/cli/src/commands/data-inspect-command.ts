import { stat } from 'node:fs/promises';
import { loadDatasetByName, readIdxFile } from '@nnlab/datasets/node';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { escapeControl } from '../escape-control.js';
import { checkOutputFile, writeFileAtomic } from '@nnlab/core/node';
import { datasetPreview, encodePng, type SplitSummary, summarizeIdx, summarizeSplit } from '@nnlab/report';
import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';
import { trainingOption } from '../training-options.js';

/** Options of `nnlab data inspect`. */
export interface DataInspectOptions {
  readonly json?: boolean;
  /** Write a PNG grid of the first images (with their labels) to this file. */
  readonly preview?: string;
  /** Seed of the train/test split for sources that split (default 0). */
  readonly seed?: number;
}

/** Images previewed by `--preview`. */
const PREVIEW_COUNT = 64;

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
  const grid = datasetPreview(values, available, shape, { count: PREVIEW_COUNT, ...(labels === undefined ? {} : { labels }), ...(classNames === undefined ? {} : { classNames }) });
  if (grid !== undefined) await writeFileAtomic(path, encodePng(grid));
}

/** `nnlab data inspect <source>`: options and help. */
export function createDataInspectCommand(context: CommandContext): Command {
  return new Command('inspect')
    .argument('<source>')
    .description('load a dataset (any --dataset form, or idx:FILE for one IDX file) and print examples per split, shape, dtype, class counts and value statistics')
    .option('--preview <file.png>', 'write a PNG grid of the first training images with their labels')
    .addOption(trainingOption('seed', context, { help: 'seed of the train/test split for sources that split' }))
    .option('--json', JSON_HELP)
    .action(async (source: string, options: DataInspectOptions) => dataInspectCommand(source, options, context.output));
}
