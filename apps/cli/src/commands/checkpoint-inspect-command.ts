import type { BackendProvider } from '@nnlab/core';
import { parseModelSpec, withCpuModel } from '@nnlab/models';
import type { SafetensorsContents } from '@nnlab/checkpoint';
import { checkTensorsFitModel, inspectCheckpoint } from '@nnlab/checkpoint/node';
import type { Output } from '../output.js';
import { escapeControl as safe } from '../escape-control.js';
import { printJson } from '../output.js';
import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';

/** Options of `nnlab checkpoint inspect`. */
export interface CheckpointInspectOptions {
  /** A model string: check the checkpoint's model tensors load into this model. */
  readonly model?: string;
  readonly json?: boolean;
}

/**
 * `nnlab checkpoint inspect PATH`: reads a checkpoint (a checkpoint
 * directory, a `--save` root, or one `.safetensors` file), verifies sizes
 * and SHA-256 checksums against `checkpoint.json`, and lists every tensor
 * (file, name, dtype, shape), the safetensors metadata, model string and
 * epoch/step. With `--model M` it also builds M (on the cpu backend) and
 * checks the model tensors load into it; every missing, unexpected,
 * mis-shaped or mis-typed tensor is named in a {@link CheckpointError} (exit 1).
 */
export async function checkpointInspectCommand(
  path: string,
  options: CheckpointInspectOptions,
  backends: readonly BackendProvider[],
  output: Output,
): Promise<void> {
  const spec = options.model === undefined ? undefined : parseModelSpec(options.model);
  const { directory, metadata, files, tensors } = await inspectCheckpoint(path);
  const position = metadata?.position;
  output.stdout.write(
    directory === undefined
      ? `${safe(path)}: safetensors file, ${tensors.length} tensors\n`
      : `${safe(directory)}: checkpoint format ${metadata?.formatVersion}, model ${safe(metadata?.model ?? '(not recorded)')}, ` +
          `epoch ${position?.epoch}, step ${position?.globalStep}${position !== undefined && position.batchesDone > 0 ? ` (${position.batchesDone} batches into the next epoch)` : ''}, ${tensors.length} tensors\n`,
  );
  for (const [file, contents] of files) {
    // Names and metadata are the file's text: printed with control characters escaped.
    output.stdout.write(`${safe(file)}\n`);
    for (const [name, entry] of contents.tensors) output.stdout.write(`  ${safe(name)}  ${entry.dtype}  [${entry.shape.join(', ')}]\n`);
    for (const [key, value] of Object.entries(contents.metadata)) output.stdout.write(`  metadata ${safe(key)} = ${safe(value.length > 120 ? `${value.slice(0, 117)}...` : value)}\n`);
  }
  if (spec !== undefined) {
    const [modelFile, contents] = files[0] as readonly [string, SafetensorsContents];
    await withCpuModel(spec, backends, (model) => checkTensorsFitModel(model, contents, modelFile));
    output.stdout.write(`fits model ${safe(spec.text)}: every tensor present with the right shape and dtype\n`);
  }
  if (options.json === true) {
    printJson(output, {
      command: 'checkpoint inspect',
      path,
      directory: directory ?? null,
      formatVersion: metadata?.formatVersion ?? null,
      model: metadata?.model ?? null,
      epoch: position?.epoch ?? null,
      step: position?.globalStep ?? null,
      batchesDone: position?.batchesDone ?? null,
      optimizer: metadata?.optimizer ?? null,
      metadata: Object.fromEntries(files.map(([file, contents]) => [file, contents.metadata])),
      tensors,
      fitsModel: spec === undefined ? null : spec.text,
    });
  }
}

/** `nnlab checkpoint inspect <path>`: options and help. */
export function createCheckpointInspectCommand(context: CommandContext): Command {
  return new Command('inspect')
    .argument('<path>')
    .description('list the tensors (name, dtype, shape), metadata and epoch/step of a checkpoint directory or a .safetensors file')
    .option('--model <model>', 'also check the checkpoint loads into this model; names every missing, unexpected, mis-shaped or mis-typed tensor')
    .option('--json', JSON_HELP)
    .action(async (path: string, options: CheckpointInspectOptions) => checkpointInspectCommand(path, options, context.backends, context.output));
}
