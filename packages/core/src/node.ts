/**
 * `@nnlab/core/node`: helpers that need Node's file system. The main entry
 * stays free of Node built-ins so browsers can bundle it.
 *
 * @packageDocumentation
 */
export { checkOutputDirectory, checkOutputFile } from './output-path.js';
export { CREATE_NEW_FILE, writeFileAtomic } from './write-file-atomic.js';
