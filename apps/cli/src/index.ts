export { main } from './program.js';
export { knownBackends } from './known-backends.js';
export type { Output } from './output.js';
