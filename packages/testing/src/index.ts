export { type ConformanceCase, conformanceCases, type TensorSpec } from './conformance-cases.js';
export { type ConformanceOptions, describeBackendConformance } from './describe-backend-conformance.js';
export {
  type CheckConformanceOptions,
  checkConformanceCase,
  checkTrainingLoopCase,
  type ConformanceBackends,
  type ConformanceTolerance,
  MLP_MEMORY_CASE,
} from './check-conformance-case.js';
export { type ExpectedValues, expectShape, expectTensorClose, type TensorCloseOptions } from './expect-tensor-close.js';
export { expectAllFiniteKernel } from './expect-all-finite-kernel.js';
export { expectLongColumnSumsPrecise } from './expect-long-column-sums-precise.js';
export { describeBackendLifecycle } from './describe-backend-lifecycle.js';

export { svgElements } from './svg-elements.js';
