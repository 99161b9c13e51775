import { cpuBackend } from '@nnlab/backend-cpu';
import { describeBackendConformance } from '@nnlab/testing';
import { wasmBackend } from './wasm-backend.js';

// No skips: every case passes on wasm with the kernels in src/kernels/
// (Conv2DBackpropFilter and the depthwise backprops added, MaxPoolGrad
// replaced after this suite caught the stock one routing gradients wrongly).
describeBackendConformance(wasmBackend, { reference: cpuBackend });
