export { detectWebgl, type WebglSupport } from './detect-webgl.js';
export { summariseWebgl } from './summarise-webgl.js';
export { webglBackend } from './webgl-backend.js';
