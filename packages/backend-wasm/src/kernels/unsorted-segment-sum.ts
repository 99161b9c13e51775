import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { readValues } from './run-wasm-kernel.js';

/**
 * `UnsortedSegmentSum` for wasm (stock tfjs-backend-wasm 4.22 lacks it; the
 * gradient of `gather` needs it): one pass over `x` adding each slice into
 * the row its segment id names, in JavaScript; reported as a fallback. Ids
 * outside `[0, numSegments)` are dropped, as in TensorFlow.
 */
function unsortedSegmentSum(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, segmentIds } = args.inputs as unknown as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const ids = readValues(backend, segmentIds);
  const values = readValues(backend, x);
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const inner = tf.util.sizeFromShape(outShape.slice(1));
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);

  for (let i = 0; i < ids.length; ++i) {
    const segment = ids[i] as number;
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; ++j) out[to + j] = (out[to + j] as number) + (values[from + j] as number);
  }
  return backend.makeOutput(outShape, x.dtype === 'int32' ? 'int32' : 'float32', undefined, out);
}

/** Kernel config registering {@link unsortedSegmentSum} for the `wasm` backend. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
