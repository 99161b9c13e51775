/**
 * `@nnlab/sweeps/node`: running sweeps in Node. `runTrainingJob` trains a `TrainingJob` (names and
 * numbers) in this process; `LocalProcessExecutor` runs trials in a pool of worker processes
 * (the worker script ships in this package), `QueueExecutor` hands them to workers on any machine
 * through a BullMQ queue on Redis, and `startQueueWorker` is such a worker. The search logic and
 * data (`expandGrid`, `randomSearch`, `AshaScheduler`, `RetryingExecutor`, ...) are in `@nnlab/sweeps`.
 *
 * @module
 */
export { jobOptimizerOptions, type PreparedTrainingRun, prepareTrainingRun, type PrepareTrainingRunOptions } from './job/prepare-training-run.js';
export {
  checkModelMemory,
  checkWorkers,
  DEFAULT_MEMORY_SHARE,
  MAX_TENSOR_VALUES,
  type MemoryLimit,
  memoryLimit,
  parseMemorySize,
  WASM_MEMORY_BYTES,
  WORKER_PROCESS_BYTES,
} from './job/memory-limit.js';
/** Re-exported from `@nnlab/models`, where it now lives beside `formatModelSummary`. */
export { formatBytes } from '@nnlab/models';
export { type RunTrainingJobOptions, runTrainingJob } from './job/run-training-job.js';
export { checkModelFitsData, limitExamples, loadTrainingData, type TrainingData, type TrainingDataOptions } from './job/load-training-data.js';
export { defaultTrialWorkerPath, LocalProcessExecutor, type LocalProcessExecutorOptions } from './local/local-process-executor.js';
export { isWorkerMessage, type ParentMessage, type WorkerMessage } from './local/worker-protocol.js';
export { compatibleVersions, nnlabVersion } from './queue/nnlab-version.js';
export { QUEUE_NAME, queueConnection, redact, resolveQueueUrl } from './queue/queue-connection.js';
export { QueueExecutor, type QueueExecutorOptions } from './queue/queue-executor.js';
export { parseTrialPayload, queueJobId, type TrialPayload } from './queue/queue-payload.js';
export { processTrialJob, type QueueWorker, type QueueWorkerOptions, startQueueWorker, type TrialJobContext } from './queue/queue-worker.js';
export { TrialProcess } from './queue/trial-process.js';
export { readSweepResults, type ResumedSweepSettings, resultsToKeep, sweepSettingsOf } from './resume-sweep.js';
export { type RunSweepOptions, runSweep } from './run-sweep.js';
export { SweepResultsWriter } from './sweep-results-writer.js';
export { type SweepWorkers, sweepWorkers } from './job/sweep-workers.js';
