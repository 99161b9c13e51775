import * as tf from '@tensorflow/tfjs-core';

const NAME = 'webgpu';

interface Disposer {
  disposeData(dataId: tf.DataId): boolean;
}

/** Runs one registered webgpu kernel directly (inside another kernel: no engine bookkeeping). */
function run(kernelName: string, backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, NAME);
  if (kernel === undefined) throw new Error(`nnlab webgpu ${kernelName}: the stock kernel is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/**
 * Replaces `kernelName` with the stock kernel followed by a pass that puts
 * NaN wherever tfjs-backend-cpu has it. On SwiftShader (and any driver whose
 * `exp(NaN)` is not NaN; WGSL leaves it to the implementation) stock sigmoid
 * and softmax turn NaN into 0, which would hide a diverged training run.
 * The NaN test itself is bitwise in tfjs' shaders, so it holds everywhere.
 */
function nanPropagating(kernelName: string, nanWhere: (x: tf.TensorInfo, backend: tf.KernelBackend, temporaries: tf.TensorInfo[]) => tf.TensorInfo): tf.KernelConfig {
  const stock = tf.getKernel(kernelName, NAME);
  if (stock === undefined) throw new Error(`nnlab webgpu ${kernelName}: the stock kernel is not registered`);
  return {
    kernelName,
    backendName: NAME,
    kernelFunc: (args) => {
      const { x, logits } = args.inputs as { x?: tf.TensorInfo; logits?: tf.TensorInfo };
      const input = x ?? logits;
      const y = stock.kernelFunc(args) as tf.TensorInfo;
      if (input === undefined || input.dtype !== 'float32') return y;
      const backend = args.backend as tf.KernelBackend;
      const temporaries: tf.TensorInfo[] = [y];
      try {
        // Selected as flat vectors: webgpu's Select handles rank 5 at most.
        const size = tf.util.sizeFromShape(input.shape);
        const flat = (t: tf.TensorInfo): tf.TensorInfo => {
          const reshaped = run(tf.Reshape, backend, { x: t }, { shape: [size] });
          temporaries.push(reshaped);
          return reshaped;
        };
        const mask = flat(nanWhere(input, backend, temporaries));
        const nan = run(tf.Fill, backend, {}, { shape: [size], value: Number.NaN, dtype: 'float32' });
        temporaries.push(nan);
        const selected = run(tf.Select, backend, { condition: mask, t: nan, e: flat(y) });
        temporaries.push(selected);
        return run(tf.Reshape, backend, { x: selected }, { shape: [...input.shape] });
      } finally {
        for (const t of temporaries) (backend as unknown as Disposer).disposeData(t.dataId);
      }
    },
  };
}

/** Sigmoid: NaN where the input is NaN. */
function sigmoidNaNs(x: tf.TensorInfo, backend: tf.KernelBackend, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const mask = run(tf.IsNan, backend, { x });
  temporaries.push(mask);
  return mask;
}

/** Softmax (over the last axis, the only one tfjs allows): a whole row of NaN where the row has one. */
function softmaxNaNs(x: tf.TensorInfo, backend: tf.KernelBackend, temporaries: tf.TensorInfo[]): tf.TensorInfo {
  const isNan = run(tf.IsNan, backend, { x });
  temporaries.push(isNan);
  const row = run(tf.Any, backend, { x: isNan }, { axis: [x.shape.length - 1], keepDims: true });
  temporaries.push(row);
  const reps = x.shape.map((size, axis) => (axis === x.shape.length - 1 ? size : 1));
  const mask = run(tf.Tile, backend, { x: row }, { reps });
  temporaries.push(mask);
  return mask;
}

let replaced: string[] | undefined;

/**
 * Replaces stock webgpu `Sigmoid` and `Softmax` with NaN-propagating
 * versions (once per page; needs tfjs-backend-webgpu imported). Returns the
 * kernel names replaced, for `BackendInfo.kernels.replaced`.
 */
export function registerNaNPropagatingKernels(): string[] {
  if (replaced !== undefined) return replaced;
  const configs = [nanPropagating(tf.Sigmoid, sigmoidNaNs), nanPropagating(tf.Softmax, softmaxNaNs)];
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, NAME);
    tf.registerKernel(config);
  }
  replaced = configs.map((config) => config.kernelName);
  return replaced;
}
