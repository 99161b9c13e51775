export { locateTfjsNode, type TfjsNodeLocation } from './locate-tfjs-node.js';
export { createTfjsNodeBackend, type TfjsNodeBackendOptions, tfjsNodeBackend } from './tfjs-node-backend.js';
