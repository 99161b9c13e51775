import * as tf from '@tensorflow/tfjs-core';
import { NATIVE_UNARY } from '../native-addon.js';
import { boolOf, float32Of, type NativeKernel, outputFloat32 } from './kernel-support.js';

function unary(kernelName: keyof typeof NATIVE_UNARY, alphaOf: (attrs: tf.NamedAttrMap) => number = () => 0): NativeKernel {
  const op = NATIVE_UNARY[kernelName];
  return {
    kernelName,
    impl: ({ inputs, backend, attrs }, addon) => {
      const { x } = inputs;
      const values = float32Of(backend, x);
      if (x === undefined || values === undefined) return undefined;
      const out = outputFloat32(backend, values.length);
      addon.unary(op, values, out, alphaOf(attrs));
      return backend.makeTensorInfo([...x.shape], 'float32', out);
    },
  };
}

/** Float32 unary kernels in C++ (activations, optimizer arithmetic); other dtypes fall back. */
export const unaryKernels: readonly NativeKernel[] = [
  unary('Relu'),
  unary('LeakyRelu', (attrs) => (attrs as unknown as tf.LeakyReluAttrs).alpha),
  unary('Sqrt'),
  unary('Square'),
  unary('Neg'),
  unary('Abs'),
  unary('Exp'),
  unary('Log'),
  unary('Sigmoid'),
  unary('Rsqrt'),
  unary('Step', (attrs) => (attrs as unknown as tf.StepAttrs).alpha),
];

/** `Cast` from bool to float32 (the masks of activation gradients); every other cast falls back. */
export const castKernel: NativeKernel = {
  kernelName: tf.Cast,
  impl: ({ inputs, backend, attrs }, addon) => {
    const { dtype } = attrs as unknown as tf.CastAttrs;
    const values = boolOf(backend, inputs.x);
    if (inputs.x === undefined || values === undefined || dtype !== 'float32') return undefined;
    const out = outputFloat32(backend, values.length);
    addon.castBoolToFloat(values, out);
    return backend.makeTensorInfo([...inputs.x.shape], 'float32', out);
  },
};

const KNOWN: ReadonlySet<string> = new Set([tf.Relu, tf.LeakyRelu, tf.Sqrt, tf.Square, tf.Neg, tf.Abs, tf.Exp, tf.Log, tf.Sigmoid, tf.Rsqrt, tf.Step]);
for (const kernel of unaryKernels) {
  if (!KNOWN.has(kernel.kernelName)) throw new Error(`native unary kernel table names an unknown tfjs kernel: ${kernel.kernelName}`);
}
