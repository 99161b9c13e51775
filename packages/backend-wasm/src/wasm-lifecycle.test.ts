import { describeBackendLifecycle } from '@nnlab/testing';
import { wasmBackend } from './wasm-backend.js';
import { wasmStockBackend } from './wasm-stock-backend.js';

// Both share one module: the second runs after the first reset and removed it.
describeBackendLifecycle(wasmBackend);
describeBackendLifecycle(wasmStockBackend);
