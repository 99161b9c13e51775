/**
 * `@nnlab/backends`: the one place that knows every nnlab tensor backend. `knownBackends()` lists
 * them in order of preference, `pickBackend()` resolves a name (or `auto`: the first available
 * here), `pickBackends()` a name or `all` (every available one, cpu first) and `activateOptionsOf()` turns a run's thread and determinism settings into
 * `activate()` options.
 *
 * @module
 */
export { knownBackends } from './known-backends.js';
export { activateOptionsOf, pickBackend } from './pick-backend.js';
export { type PickedBackends, pickBackends } from './pick-backends.js';
