import { DataFormatError, NotFoundError } from '@nnlab/core';
import { ONNX_INPUT_NAME } from './export-onnx.js';
import { decodeOnnxModel } from './onnx/onnx-proto.js';
import { imageShape, type Predictor } from './predictor.js';

type OnnxRuntime = typeof import('onnxruntime-web');

/** onnxruntime-web, an optional peer (it is ~140 MB): loaded only when an ONNX file is run. */
async function loadRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-web');
  } catch (error) {
    throw new NotFoundError('running an .onnx file needs onnxruntime-web: npm i onnxruntime-web', { cause: error });
  }
}

/** A JSON metadata entry; the file is someone else's, so bad JSON is a format error naming it. */
function parseMetadata(metadata: Record<string, string>, key: string, source: string): unknown {
  try {
    return JSON.parse(metadata[key] as string);
  } catch {
    throw new DataFormatError(`metadata ${key} is not JSON: ${JSON.stringify((metadata[key] as string).slice(0, 80))}`, source);
  }
}

/**
 * A {@link Predictor} for the bytes of an ONNX file exported by nnlab
 * (`exportOnnx`): its metadata says the input shape and class names and its
 * graph does the normalisation; runs in onnxruntime-web's WebAssembly build
 * (an optional peer dependency: `npm i onnxruntime-web`), one thread.
 * `source` names the file in errors. Throws `DataFormatError` for bytes that
 * are not ONNX or an ONNX file nnlab did not export.
 *
 * @example
 * const predictor = await onnxPredictor(await readFile('cnn.onnx'), 'cnn.onnx');
 * const { probabilities } = await predictor.predict(pixels, 1);
 * await predictor.dispose();
 */
export async function onnxPredictor(bytes: Uint8Array, source = 'model.onnx'): Promise<Predictor> {
  let metadata: Record<string, string>;
  try {
    const decoded = decodeOnnxModel(bytes) as { metadataProps?: Array<{ key: string; value: string }> };
    metadata = Object.fromEntries((decoded.metadataProps ?? []).map((entry) => [entry.key, entry.value]));
  } catch (error) {
    throw new DataFormatError(`not an ONNX model (${(error as Error).message})`, source, { cause: error });
  }
  if (metadata['nnlab.input_shape'] === undefined) {
    throw new DataFormatError('this ONNX file was not exported by nnlab (no nnlab.input_shape metadata), so its input is unknown; export it with nnlab export', source);
  }
  const declared = parseMetadata(metadata, 'nnlab.input_shape', source) as number[];
  const shape = imageShape(declared, source);
  const classNames = metadata['nnlab.class_names'] === undefined ? undefined : (parseMetadata(metadata, 'nnlab.class_names', source) as string[]);
  const ort = await loadRuntime();
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  return {
    kind: 'onnx',
    source: `${source} (ONNX, onnxruntime-web)`,
    inputShape: shape,
    classNames,
    async predict(pixels, count) {
      const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', pixels, [count, ...declared]) });
      const output = result.probabilities;
      if (output === undefined) throw new DataFormatError('the model has no "probabilities" output', source);
      return { probabilities: output.data as Float32Array, classes: output.dims[1] as number };
    },
    async dispose() {
      await session.release();
    },
  };
}
