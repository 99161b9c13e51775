import { readFile } from 'node:fs/promises';
import { invalidOption, NotFoundError, option } from '@nnlab/core';
import type { CheckpointInputRecord } from '@nnlab/checkpoint';
import { readCheckpointMetadata, saveCheckpoint } from '@nnlab/checkpoint/node';
import type { Module } from '@nnlab/layers';
import { importTorch } from './import-torch.js';

/** Options of {@link importTorchCheckpoint}. */
export interface ImportTorchCheckpointOptions {
  /** The nnlab model the state dict is for, freshly built (its weights are replaced). */
  readonly model: Module;
  /** Its model string, recorded so `loadCheckpointModel` can build it again. */
  readonly modelSpec: string;
  /** What the model takes (shape, training's normalisation, class names): what export and prediction need. */
  readonly input: CheckpointInputRecord;
  /** The checkpoint directory to write; refused when it already holds a checkpoint. */
  readonly out: string;
}

/**
 * Imports a PyTorch `state_dict` saved as safetensors (`file`) into
 * `options.model` with {@link importTorch} (layouts and feature order
 * converted, every tensor checked) and saves it as an nnlab checkpoint in
 * `out` with its input record, so `loadCheckpointModel`, exports and
 * predictors take it like a trained one. Returns the checkpoint directory.
 *
 * @throws NotFoundError naming `file`; InvalidOptionError naming `out` when it already holds a checkpoint; CheckpointError naming each tensor that does not fit.
 * @example
 * const model = buildModel('cnn', { rng: new Rng(0) });
 * await importTorchCheckpoint('torch-cnn.safetensors', { model, modelSpec: 'cnn', out: 'runs/torch-cnn', input: { shape: [28, 28, 1], normalization: null } });
 */
export async function importTorchCheckpoint(file: string, options: ImportTorchCheckpointOptions): Promise<string> {
  if ((await readCheckpointMetadata(options.out).catch(() => undefined)) !== undefined) {
    throw invalidOption`${option('out')} ${options.out} already holds a checkpoint; choose a new directory`;
  }
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(`state dict not found: ${file} (${error.code ?? error.message})`, { cause: error });
  });
  importTorch(options.model, bytes, options.input.shape, file);
  const saved = await saveCheckpoint(options.out, { model: options.model, epoch: 0, step: 0, modelSpec: options.modelSpec, extra: { importedFrom: file }, input: options.input });
  return saved.directory;
}
