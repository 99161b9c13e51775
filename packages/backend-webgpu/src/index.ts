export { detectWebgpu, type WebgpuAdapterSummary, type WebgpuSupport } from './detect-webgpu.js';
export { summariseWebgpu } from './summarise-webgpu.js';
export { webgpuBackend } from './webgpu-backend.js';
