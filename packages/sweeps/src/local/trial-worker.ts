/**
 * Entry point of a sweep worker process, started by the local process
 * executor with `child_process.fork`. Trains one trial at a time, as the
 * parent asks, and reports epochs and results over IPC. Running in its own
 * process isolates each worker's tensors, memory and crashes.
 */
import { isNnlabError } from '@nnlab/core';
import { knownBackends } from '@nnlab/backends';
import { runTrainingJob } from '../job/run-training-job.js';
import type { TrainingData } from '../job/load-training-data.js';
import type { ParentMessage, WorkerMessage } from './worker-protocol.js';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

if (process.send === undefined) {
  process.stderr.write('nnlab: error: the sweep worker is started by `nnlab sweep`, not directly (it needs an IPC channel)\n');
  process.exit(2);
}

const backends = knownBackends();
const dataCache = new Map<string, Promise<TrainingData>>();

process.on('message', (message: ParentMessage) => {
  if (message.type === 'shutdown') {
    process.disconnect();
    return;
  }
  if (message.type !== 'run') return;
  const { trial } = message;
  runTrainingJob(trial.job, backends, { dataCache, onEpoch: (log) => send({ type: 'epoch', trialId: trial.id, log }) }).then(
    (outcome) => send({ type: 'done', trialId: trial.id, outcome }),
    (error: unknown) => {
      const text = (error as Error)?.message ?? String(error);
      send({ type: 'failed', trialId: trial.id, error: isNnlabError(error) ? text : `internal error: ${text}` });
    },
  );
});
// Ctrl-C reaches the whole process group; the parent decides what stops, and kills us if needed.
process.on('SIGINT', () => {});
// The parent going away (Ctrl-C, crash) closes the channel: nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
