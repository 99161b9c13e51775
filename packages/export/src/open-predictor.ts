import { readFile, stat } from 'node:fs/promises';
import { loadCheckpointModel } from '@nnlab/checkpoint/node';
import { NotFoundError } from '@nnlab/core';
import { modelPredictor } from './model-predictor.js';
import { onnxPredictor } from './onnx-predictor.js';
import type { Predictor } from './predictor.js';

/** Options of {@link openPredictor}. */
export interface OpenPredictorOptions {
  /**
   * For a checkpoint: called once it has been read and checked, before its
   * model is built; activates the backend the model runs on and returns that
   * backend's name, shown in the predictor's `source`. Not called for an
   * `.onnx` file. Default: the model runs on the active backend, unnamed.
   */
  readonly activateBackend?: () => Promise<string>;
  /** What the model is opened for, in messages (`nnlab predict`); default `openPredictor`. */
  readonly purpose?: string;
}

/**
 * Opens something that classifies images: an exported `.onnx` file (any
 * existing file, or a path ending `.onnx`), run by onnxruntime-web with
 * {@link onnxPredictor}; anything else is a checkpoint (a `--save` directory or
 * one `checkpoint-N`), whose model is built, restored and run with
 * {@link modelPredictor}, using the input shape, normalisation and class
 * names the checkpoint records. `dispose()` also disposes a checkpoint's model.
 *
 * @throws NotFoundError for a missing `.onnx` file or checkpoint;
 * CheckpointError for a checkpoint that records no input; DataFormatError for a file that is not an nnlab ONNX model.
 * @example
 * const predictor = await openPredictor('runs/mnist', { activateBackend: async () => (await cpuBackend.activate()).name });
 * const { probabilities, classes } = await predictor.predict(pixels, count);
 * await predictor.dispose();
 */
export async function openPredictor(path: string, options: OpenPredictorOptions = {}): Promise<Predictor> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile() === true || path.toLowerCase().endsWith('.onnx')) {
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new NotFoundError(`model not found: ${path} (${error.code ?? error.message})`, { cause: error });
    });
    return onnxPredictor(bytes, path);
  }
  let backend: string | undefined;
  const loaded = await loadCheckpointModel(path, {
    purpose: options.purpose ?? 'openPredictor',
    requireInput: true,
    beforeBuild: async () => {
      backend = await options.activateBackend?.();
    },
  });
  const input = loaded.input!;
  const predictor = modelPredictor(
    loaded.model,
    { inputShape: input.shape, normalization: input.normalization, ...(input.classNames === undefined ? {} : { classNames: input.classNames }) },
    { source: `${loaded.directory} (${loaded.spec.text}${backend === undefined ? '' : `, backend ${backend}`})` },
  );
  return { ...predictor, dispose: () => loaded.model.dispose() };
}
