import { readFile } from 'node:fs/promises';
import { DataFormatError, NotFoundError } from '@nnlab/core';
import { decodeOnnxModel, ONNX_INPUT_NAME } from '@nnlab/export';
import { imageShape, type Predictor } from './predictor.js';

type OnnxRuntime = typeof import('onnxruntime-web');

/** onnxruntime-web, an optional peer of the CLI (it is ~140 MB): loaded only for `nnlab predict MODEL.onnx`. */
async function loadRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-web');
  } catch (error) {
    throw new NotFoundError('predicting with an .onnx file needs onnxruntime-web: npm i onnxruntime-web (next to @nnlab/cli)', { cause: error });
  }
}

/**
 * A {@link Predictor} for an ONNX file exported by nnlab (`nnlab export`):
 * its metadata says the input shape and class names, and its graph does
 * the normalisation; runs in onnxruntime-web's WebAssembly build.
 */
export async function onnxPredictor(path: string): Promise<Predictor> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(`model not found: ${path} (${error.code ?? error.message})`, { cause: error });
  });
  let metadata: Record<string, string>;
  try {
    const decoded = decodeOnnxModel(bytes) as { metadataProps?: Array<{ key: string; value: string }> };
    metadata = Object.fromEntries((decoded.metadataProps ?? []).map((entry) => [entry.key, entry.value]));
  } catch (error) {
    throw new DataFormatError(`not an ONNX model (${(error as Error).message})`, path, { cause: error });
  }
  if (metadata['nnlab.input_shape'] === undefined) {
    throw new DataFormatError('this ONNX file was not exported by nnlab (no nnlab.input_shape metadata), so its input is unknown; export it with nnlab export', path);
  }
  const shape = imageShape(JSON.parse(metadata['nnlab.input_shape']) as number[], path);
  const classNames = metadata['nnlab.class_names'] === undefined ? undefined : (JSON.parse(metadata['nnlab.class_names']) as string[]);
  const ort = await loadRuntime();
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  const declared = JSON.parse(metadata['nnlab.input_shape']) as number[];
  return {
    kind: 'onnx',
    source: `${path} (ONNX, onnxruntime-web)`,
    inputShape: shape,
    classNames,
    async predict(pixels, count) {
      const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', pixels, [count, ...declared]) });
      const output = result.probabilities;
      if (output === undefined) throw new DataFormatError('the model has no "probabilities" output', path);
      return { probabilities: output.data as Float32Array, classes: output.dims[1] as number };
    },
    async dispose() {
      await session.release();
    },
  };
}
