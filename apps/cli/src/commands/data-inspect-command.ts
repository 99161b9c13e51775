import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { escapeControl } from '../escape-control.js';
import { checkOutputFile } from '@nnlab/core/node';
import { formatSplitSummary } from '@nnlab/report';
import { inspectDataSource, writeDatasetPreview } from '@nnlab/report/node';
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
  const found = await inspectDataSource(source, { seed: options.seed ?? 0, onWarning: (message) => output.stderr.write(`nnlab: warning: ${message}\n`) });
  const previewed = options.preview === undefined ? undefined : await writeDatasetPreview(options.preview, found);
  if (found.kind === 'idx') {
    const { summary } = found;
    output.stdout.write(`${source}: IDX ${summary.kind}, shape ${found.array.shape.join('x')}\n${formatSplitSummary(summary.kind, summary)}`);
    if (summary.examples === 0) output.stderr.write(`nnlab: warning: ${escapeControl(found.path)} holds 0 ${summary.kind}: nothing to train or test on\n`);
    if (previewed === 0) output.stderr.write(`nnlab: warning: --preview skipped: ${source} holds no images of 1 or 3 channels\n`);
    if (options.json === true) printJson(output, { command: 'data inspect', source, kind: summary.kind, splits: { file: summary } });
    return;
  }
  const { data, splits } = found;
  for (const note of data.notes ?? []) output.stderr.write(`nnlab: note: ${escapeControl(note)}\n`);
  for (const [name, split] of Object.entries(splits)) if (split.examples === 0) output.stderr.write(`nnlab: warning: the ${name} split of ${source} holds 0 examples\n`);
  const classNames = data.train.classNames;
  output.stdout.write(`${data.name}: ${data.description}\n${formatSplitSummary('train', splits.train, classNames)}${formatSplitSummary('test', splits.test, classNames)}`);
  if (previewed !== undefined) output.stdout.write(`preview of the first ${previewed} training images written to ${options.preview}\n`);
  if (options.json === true) {
    printJson(output, { command: 'data inspect', source, name: data.name, description: data.description, classNames: classNames ?? null, splits, skipped: data.skipped?.length ?? 0 });
  }
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
