import { type BackendProvider, InvalidArgumentError } from '@nnlab/core';
import { computeMeanStd } from '@nnlab/datasets';
import { loadDatasetByName } from '@nnlab/datasets/node';
import { importTorchCheckpoint } from '@nnlab/export/node';
import { parseModelSpec, withCpuModel } from '@nnlab/models';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { parseListOption } from '../usage-error.js';
import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';

/** Options of `nnlab checkpoint import`. */
export interface CheckpointImportOptions {
  /** The nnlab model string the state dict is for (`cnn`, `mlp:784-300-10`). */
  readonly model: string;
  /** The checkpoint directory to write (a `--save` root: `nnlab predict/export DIR` read it). */
  readonly out: string;
  /** Dataset the model was trained on: input shape, class names and (unless given) normalisation statistics of its training split. */
  readonly dataset: string;
  /** false: the model took raw pixels in [0, 1] (`--no-normalize`). */
  readonly normalize: boolean;
  /** `--mean 0.1307 --std 0.3081`: the statistics the PyTorch training used (torchvision `Normalize`), per channel. */
  readonly mean?: string;
  readonly std?: string;
  readonly json?: boolean;
}

function numbers(flag: string, text: string): number[] {
  const values = parseListOption(text).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`${flag} must be comma-separated numbers, one per channel, got "${text}"`);
  return values;
}

/**
 * `nnlab checkpoint import STATE.safetensors --model M --out DIR`: loads a
 * PyTorch `state_dict` saved as safetensors into nnlab model M (layouts and
 * feature order converted, every tensor checked) and writes it as an nnlab
 * checkpoint with the input record `export` and `predict` need.
 */
export async function checkpointImportCommand(file: string, options: CheckpointImportOptions, backends: readonly BackendProvider[], output: Output): Promise<void> {
  const spec = parseModelSpec(options.model);
  if ((options.mean === undefined) !== (options.std === undefined)) throw new InvalidArgumentError('--mean and --std go together: give both, or neither to compute them from --dataset');
  const data = await loadDatasetByName(options.dataset);
  const shape = [...data.train.shape];
  let normalization: { mean: number[]; std: number[] } | null = null;
  if (options.mean !== undefined && options.std !== undefined) normalization = { mean: numbers('--mean', options.mean), std: numbers('--std', options.std) };
  else if (options.normalize) {
    const stats = computeMeanStd(data.train);
    normalization = { mean: [...stats.mean], std: [...stats.std] };
  }
  await withCpuModel(spec, backends, async (model) => {
    const input = { shape, normalization, ...(data.train.classNames === undefined ? {} : { classNames: [...data.train.classNames] }), dataset: data.name };
    const directory = await importTorchCheckpoint(file, { model, modelSpec: spec.text, input, out: options.out });
    output.stdout.write(
      `imported ${file} into ${spec.text} (${model.numParameters().toLocaleString('en-US')} parameters); wrote ${directory}\n` +
        `  input [batch, ${shape.join(', ')}] from ${data.name}; normalisation ${normalization === null ? 'none' : `mean [${normalization.mean.join(', ')}], std [${normalization.std.join(', ')}]`}\n`,
    );
    if (options.json === true) printJson(output, { command: 'checkpoint import', file, model: spec.text, checkpoint: directory, inputShape: shape, normalization });
  });
}

/** `nnlab checkpoint import <state-dict>`: options and help. */
export function createCheckpointImportCommand(context: CommandContext): Command {
  return new Command('import')
    .argument('<state-dict>')
    .description('load a PyTorch state_dict saved as safetensors into an nnlab model and write it as a checkpoint (then nnlab predict/export/summary DIR)')
    .requiredOption('--model <model>', 'the nnlab model string the state dict is for, e.g. cnn or mlp:784-300-10 (same layers and indices as the nn.Sequential)')
    .requiredOption('--out <dir>', 'checkpoint directory to write')
    .option('--dataset <name>', 'dataset the model was trained on: input shape, class names, and the normalisation statistics of its training split', 'mnist-10k')
    .option('--mean <list>', 'normalisation mean per channel the PyTorch training used, e.g. 0.1307 (with --std)')
    .option('--std <list>', 'normalisation std per channel, e.g. 0.3081 (with --mean)')
    .option('--no-normalize', 'the model took raw pixels in [0, 1]')
    .option('--json', JSON_HELP)
    .action(async (file: string, options: CheckpointImportOptions) => checkpointImportCommand(file, options, context.backends, context.output));
}
