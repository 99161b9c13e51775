// No vitest here (unlike the package's main entry): a plain Node program can bundle these (the native
// backend's AddressSanitizer run does).
export { DIFFERENTIAL_KINDS, type DifferentialCase, differentialCases, type DifferentialInput } from './differential-cases.js';
export { runDifferentialCases } from './run-differential.js';
