import { InvalidArgumentError } from '@nnlab/core';
import { Module } from '@nnlab/layers';
import { applyCheckpoint, type RestoreCheckpointOptions, type RestoredCheckpoint } from './apply-checkpoint.js';
import { loadCheckpoint } from './load-checkpoint.js';

/**
 * Loads a checkpoint directory (verified as by `loadCheckpoint`) into live
 * objects, as {@link applyCheckpoint} does: model parameters and buffers,
 * optimizer state, step and learning rate, the model's dropout generators,
 * the given random sources and stateful callbacks. Everything is checked
 * before anything is changed, so on error the objects are as they were.
 *
 * @throws CheckpointError naming every mismatch (see applyCheckpoint), or what is wrong with the files.
 * @example
 * const model = buildModel(spec, { rng: rng.fork('model') });
 * const optimizer = adam(model);
 * const { position, history } = await restoreCheckpoint('runs/mnist', { model, optimizer, rngs: { shuffle: trainLoader } });
 * await fit(model, optimizer, { train: trainLoader, epochs: 10, resumeFrom: position });
 */
export async function restoreCheckpoint(path: string, options: RestoreCheckpointOptions): Promise<RestoredCheckpoint> {
  if (!((options ?? {}).model instanceof Module)) throw new InvalidArgumentError('restoreCheckpoint: options.model must be a Module');
  const checkpoint = await loadCheckpoint(path);
  try {
    return applyCheckpoint(checkpoint, options);
  } finally {
    checkpoint.dispose();
  }
}
