import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Storage = BackendWasm['dataIdMap'];
interface Pending {
  readonly compute: () => tf.TensorInfo;
  readonly inputs: readonly tf.TensorInfo[];
}

/** Outputs allocated but not yet computed, by data id, per backend. */
const pendingByBackend = new WeakMap<BackendWasm, Map<object, Pending>>();

/**
 * Makes `backend` compute deferred outputs when anything first touches
 * their data: every wasm kernel, `readSync` and `typedArrayFromHeap` go
 * through `dataIdMap.get`, so wrapping it is enough. A deferred output that
 * is disposed untouched is never computed.
 */
function install(backend: BackendWasm): Map<object, Pending> {
  let pending = pendingByBackend.get(backend);
  if (pending !== undefined) return pending;
  const table = new Map<object, Pending>();
  pending = table;
  pendingByBackend.set(backend, table);
  const storage = backend.dataIdMap as Storage & { get(dataId: object): unknown };
  const get = storage.get.bind(storage);
  storage.get = ((dataId: object) => {
    if (table.size > 0) {
      const job = table.get(dataId);
      if (job !== undefined) {
        table.delete(dataId);
        materialise(backend, get(dataId) as { memoryOffset: number; shape: number[]; dtype: tf.DataType }, job);
      }
    }
    return get(dataId);
  }) as typeof storage.get;
  const disposeData = backend.disposeData.bind(backend);
  backend.disposeData = (dataId: object, force = false): boolean => {
    const job = table.size > 0 ? table.get(dataId) : undefined;
    const entry = job === undefined ? undefined : (get(dataId) as { refCount: number } | undefined);
    if (job !== undefined && (force || (entry?.refCount ?? 0) <= 1)) {
      // Released before anyone read it: never compute it.
      table.delete(dataId);
      for (const input of job.inputs) disposeData(input.dataId);
    }
    return disposeData(dataId, force);
  };
  return table;
}

function materialise(backend: BackendWasm, target: { memoryOffset: number; shape: number[]; dtype: tf.DataType }, job: Pending): void {
  const result = job.compute();
  try {
    // Never copy more than the output holds: a kernel that computed another shape is a bug to report, not to write.
    if (!tf.util.arraysEqual(result.shape, target.shape) || result.dtype !== target.dtype) {
      throw new Error(`nnlab wasm: a deferred ${target.dtype} [${target.shape.join(', ')}] output was computed as ${result.dtype} [${result.shape.join(', ')}]`);
    }
    const bytes = result.shape.reduce((a, b) => a * b, 1) * 4;
    const source = (backend.dataIdMap.get(result.dataId) as { memoryOffset: number }).memoryOffset;
    (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.copyWithin(target.memoryOffset, source, source + bytes);
  } finally {
    backend.disposeData(result.dataId);
    for (const input of job.inputs) backend.disposeData(input.dataId);
  }
}

/**
 * A float32 output of `shape` whose values `compute` produces only when
 * something reads them. Gradients of fused ops (tfjs' `customGrad`) compute
 * every input's gradient and drop the ones nobody needs, such as the
 * gradient of a CNN's input image; deferred, those are never computed.
 * `inputs` are kept alive until then.
 */
export function deferOutput(backend: BackendWasm, shape: number[], inputs: readonly tf.TensorInfo[], compute: () => tf.TensorInfo): tf.TensorInfo {
  const table = install(backend);
  const out = backend.makeOutput(shape, 'float32');
  for (const input of inputs) backend.incRef(input.dataId);
  table.set(out.dataId, { compute, inputs });
  return out;
}
