// The CLI's programmatic entry (`main`, what bin/nnlab.js runs). Nothing else: what a program would
// want lives in the libraries (@nnlab/sweeps, @nnlab/report, @nnlab/browser-harness, ...).
export { main } from './program.js';
export type { Output } from './output.js';
