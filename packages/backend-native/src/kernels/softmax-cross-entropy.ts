import { FUSED_KERNELS } from '@nnlab/core';
import { float32Of, type NativeKernel, outputFloat32 } from './kernel-support.js';

/** Rows and classes of a float32 `[rows, classes]` input, or undefined. */
function matrixShape(shape: readonly number[] | undefined): [number, number] | undefined {
  if (shape === undefined || shape.length !== 2) return undefined;
  return [shape[0] as number, shape[1] as number];
}

/** `NnlabSoftmaxCrossEntropy` (`FUSED_KERNELS.softmaxCrossEntropy`): per-row loss in one pass (native/softmax-cross-entropy.cc). */
export const softmaxCrossEntropyKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.softmaxCrossEntropy,
  impl: ({ inputs, backend }, addon) => {
    const logits = float32Of(backend, inputs.logits);
    const target = float32Of(backend, inputs.target);
    const shape = matrixShape(inputs.logits?.shape);
    if (logits === undefined || target === undefined || shape === undefined || target.length !== logits.length) {
      throw new Error(`${FUSED_KERNELS.softmaxCrossEntropy}: logits and target must be float32 [rows, classes] tensors of one shape`);
    }
    const [rows, classes] = shape;
    const loss = outputFloat32(backend, rows);
    addon.softmaxCrossEntropy(logits, target, loss, rows, classes);
    return backend.makeTensorInfo([rows], 'float32', loss);
  },
};

/** `NnlabSoftmaxCrossEntropyGrad`: the gradient with respect to the logits in one pass. */
export const softmaxCrossEntropyGradKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.softmaxCrossEntropyGrad,
  impl: ({ inputs, backend }, addon) => {
    const dy = float32Of(backend, inputs.dy);
    const logits = float32Of(backend, inputs.logits);
    const target = float32Of(backend, inputs.target);
    const shape = matrixShape(inputs.logits?.shape);
    if (dy === undefined || logits === undefined || target === undefined || shape === undefined || target.length !== logits.length || dy.length !== shape[0]) {
      throw new Error(`${FUSED_KERNELS.softmaxCrossEntropyGrad}: dy must be float32 [rows], logits and target float32 [rows, classes]`);
    }
    const [rows, classes] = shape;
    const dlogits = outputFloat32(backend, rows * classes);
    addon.softmaxCrossEntropyGrad(dy, logits, target, dlogits, rows, classes);
    return backend.makeTensorInfo([rows, classes], 'float32', dlogits);
  },
};
