export { formatBenchTable, ratioToBaseline } from './format-table.js';
export { handwrittenVariant } from './handwritten-variant.js';
export { nnlabVariant } from './nnlab-variant.js';
export { type BenchOptions, type BenchProgress, type BenchReport, type BenchRow, runBench } from './run-bench.js';
export { median } from './statistics.js';
export { randomBatch, type StepRunner, type StepVariant } from './step-runner.js';
export { tfjsLayersVariant } from './tfjs-layers-variant.js';
export { selectWorkloads, type Workload, workloads } from './workloads.js';
