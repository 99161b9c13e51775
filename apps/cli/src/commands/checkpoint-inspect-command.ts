import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendProvider } from '@nnlab/core';
import { BackendRegistry, CheckpointError, NotFoundError, Rng } from '@nnlab/core';
import { buildModel, parseModelSpec } from '@nnlab/models';
import { type CheckpointMetadata, decodeSafetensors, fromSafetensorsTensor, fromTorchStateDict, MODEL_FILE, OPTIMIZER_FILE, type SafetensorsContents } from '@nnlab/checkpoint';
import { readBoundedFile, readCheckpointMetadata, readSafetensorsFile } from '@nnlab/checkpoint/node';
import type * as tf from '@tensorflow/tfjs-core';
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

/** One tensor as `nnlab checkpoint inspect` lists it. */
export interface TensorListing {
  readonly file: string;
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
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
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(`checkpoint not found: ${path} (${error.code ?? error.message})`, { cause: error });
  });
  let metadata: CheckpointMetadata | undefined;
  let directory: string | undefined;
  const files: Array<[string, SafetensorsContents]> = [];
  if (info.isFile()) {
    files.push([path, await readSafetensorsFile(path)]);
  } else {
    ({ directory, metadata } = await readCheckpointMetadata(path));
    for (const file of [MODEL_FILE, OPTIMIZER_FILE] as const) {
      const filePath = join(directory, file);
      files.push([filePath, decodeSafetensors(await readVerified(filePath, metadata.files[file]), filePath)]);
    }
  }
  const tensors: TensorListing[] = files.flatMap(([file, contents]) =>
    [...contents.tensors].map(([name, entry]) => ({ file, name, dtype: entry.dtype, shape: [...entry.shape] })),
  );
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
    const [modelFile, contents] = files[0] as [string, SafetensorsContents];
    await checkFitsModel(spec, modelFile, contents, backends);
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

/** Reads a checkpoint tensor file and checks its size and SHA-256 against `checkpoint.json`. */
async function readVerified(path: string, record: { bytes: number; sha256: string }): Promise<Uint8Array> {
  const bytes = await readBoundedFile(path, record.bytes);
  if (bytes.length !== record.bytes) throw new CheckpointError(`${path} is ${bytes.length} bytes, but checkpoint.json records ${record.bytes} (truncated or replaced file)`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== record.sha256) throw new CheckpointError(`${path}: checksum mismatch (SHA-256 ${sha256}, checkpoint.json records ${record.sha256}); the file is corrupt`);
  return bytes;
}

/** Builds the model on the cpu backend and loads the tensors through the same check `--resume` uses. */
async function checkFitsModel(
  spec: ReturnType<typeof parseModelSpec>,
  file: string,
  contents: SafetensorsContents,
  backends: readonly BackendProvider[],
): Promise<void> {
  await new BackendRegistry(backends).get('cpu').activate({});
  const model = buildModel(spec, { rng: new Rng(0) });
  const dict: Record<string, tf.Tensor> = {};
  try {
    for (const [name, entry] of contents.tensors) dict[name] = fromSafetensorsTensor(name, entry, file);
    const converted = fromTorchStateDict(model, dict, file);
    for (const tensor of Object.values(converted)) tensor.dispose();
  } finally {
    for (const tensor of Object.values(dict)) tensor.dispose();
    model.dispose();
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
