// The optimizers `createOptimizer` builds by name: every value exported here
// is one, under its export name (so `--optimizer`, sweeps and the demo know
// it too). Adding an optimizer is its own file plus one line here; export
// only optimizer functions `(parameters, options) => Optimizer` from this file.
export { adagrad, type AdagradOptions } from './adagrad.js';
export { adam, type AdamOptions } from './adam.js';
export { adamw } from './adamw.js';
export { rmsprop, type RmspropOptions } from './rmsprop.js';
export { sgd, type SgdOptions } from './sgd.js';
