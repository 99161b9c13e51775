import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs' cpu backend these kernels use: data in host memory, reference-counted. */
interface HostBackend {
  readonly data: { get(dataId: tf.DataId): { values?: unknown } | undefined };
  incRef(dataId: tf.DataId): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

function valuesOf(backend: HostBackend, t: tf.TensorInfo): ArrayLike<number> {
  const values = backend.data.get(t.dataId)?.values;
  if (values === undefined || typeof values !== 'object') throw new Error(`nnlab mask kernels: tensor of shape [${t.shape}] has no host values`);
  return values as ArrayLike<number>;
}

function allFinite(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as HostBackend;
  let finite = 1;
  for (const t of Object.values(args.inputs) as tf.TensorInfo[]) {
    const values = valuesOf(backend, t);
    // x - x is 0 for every finite x and NaN for NaN and +-Infinity.
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (x - x !== 0) {
        finite = 0;
        break;
      }
    }
    if (finite === 0) break;
  }
  return backend.makeTensorInfo([], 'bool', new Uint8Array([finite]));
}

function selectIf(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as HostBackend;
  const { condition, t, e } = args.inputs as unknown as Record<'condition' | 't' | 'e', tf.TensorInfo>;
  if (t.dtype !== e.dtype || !tf.util.arraysEqual(t.shape, e.shape)) {
    throw new Error(`${FUSED_KERNELS.selectIf}: t [${t.shape}] ${t.dtype} and e [${e.shape}] ${e.dtype} must match`);
  }
  const chosen = valuesOf(backend, condition)[0] ? t : e;
  // The chosen tensor's own buffer, reference-counted (as Identity does): no copy.
  backend.incRef(chosen.dataId);
  return { dataId: chosen.dataId, shape: [...chosen.shape], dtype: chosen.dtype };
}

/**
 * `NnlabAllFinite` and `NnlabSelectIf` (`FUSED_KERNELS` in @nnlab/core) for
 * a tfjs backend that keeps tensors in host memory as the cpu backend does
 * (`cpu`, and backends built on it): a loop over the values, and a select
 * that shares the chosen buffer. They make `fit`'s masked update cost one
 * read pass per step instead of a select per parameter and state tensor.
 */
export function hostMaskKernels(backendName: string): tf.KernelConfig[] {
  return [
    { kernelName: FUSED_KERNELS.allFinite, backendName, kernelFunc: allFinite as unknown as tf.KernelFunc },
    { kernelName: FUSED_KERNELS.selectIf, backendName, kernelFunc: selectIf as unknown as tf.KernelFunc },
  ];
}
