import { FUSED_KERNELS } from '@nnlab/core';
import { float32Of, type NativeKernel, outputFloat32 } from './kernel-support.js';

/** `NnlabReluGrad` (`FUSED_KERNELS.reluGrad`): ReLU's gradient in one pass (native/activation-grad.cc). */
export const reluGradKernel: NativeKernel = {
  kernelName: FUSED_KERNELS.reluGrad,
  impl: ({ inputs, backend }, addon) => {
    const dy = float32Of(backend, inputs.dy);
    const x = float32Of(backend, inputs.x);
    if (inputs.dy === undefined || dy === undefined || x === undefined || dy.length !== x.length) {
      throw new Error(`${FUSED_KERNELS.reluGrad}: dy and x must be float32 tensors of one shape`);
    }
    const dx = outputFloat32(backend, dy.length);
    addon.reluGrad(dy, x, dx);
    return backend.makeTensorInfo([...inputs.dy.shape], 'float32', dx);
  },
};
