export { cpuBackend } from './cpu-backend.js';
export { conv2dBackpropFilterValues, fastConv2DBackpropFilter } from './conv2d-backprop-filter.js';
export { hostMaskKernels } from './mask-kernels.js';
