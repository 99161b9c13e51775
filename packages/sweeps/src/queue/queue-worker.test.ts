import { knownBackends } from '@nnlab/backends';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { runTrainingJob } from '../job/run-training-job.js';
import { createTrial, type Trial } from '../trial.js';
import type { TrialOutcome } from '../trial-result.js';
import { compatibleVersions } from './nnlab-version.js';
import { redact, resolveQueueUrl } from './queue-connection.js';
import { processTrialJob } from './queue-worker.js';

const base = { model: 'mlp:784-8-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 50, optimizer: 'adam', seed: 0, normalize: true, limit: 200 };
const trial = createTrial(base, { lr: 0.01 }, { sweepId: 'abc', index: 0 });
const inProcess = (t: Trial): Promise<TrialOutcome> => runTrainingJob(t.job, knownBackends());

describe('processTrialJob', () => {
  it('trains a valid payload, with the worker\'s --backend overriding the sweep\'s', async () => {
    const seen: string[] = [];
    const outcome = await processTrialJob({ nnlabVersion: '0.1.0', trial: { ...trial, job: { ...trial.job, backend: 'auto' } } }, {
      workerVersion: '0.1.2',
      backend: 'cpu',
      train: (t) => {
        seen.push(t.job.backend);
        return inProcess(t);
      },
    });
    expect(seen).toEqual(['cpu']);
    expect(outcome.history).toHaveLength(1);
  });

  it('refuses a sweep from an incompatible nnlab version, without retrying', async () => {
    const run = processTrialJob({ nnlabVersion: '0.2.0', trial }, { workerVersion: '0.1.0', train: inProcess });
    await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run).rejects.toThrow('this worker runs nnlab 0.1.0 but the sweep was started with nnlab 0.2.0; run the same nnlab version');
  });

  it.each([
    [{ nnlabVersion: '0.1.0', trial: { ...trial, job: { ...trial.job, epochs: 0 } } }, /trial\.job\.epochs/],
    [{ nnlabVersion: '0.1.0', trial: { ...trial, job: { ...trial.job, code: 'process.exit()' } } }, /Unrecognized key.*code/],
    [{ trial }, /nnlabVersion/],
    ['not an object', /queue job data is not an nnlab trial/],
  ])('refuses malformed data %#', async (data, message) => {
    const run = processTrialJob(data, { workerVersion: '0.1.0', train: inProcess });
    await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run).rejects.toThrow(message);
  });

  it('fails the trial (not the worker) when the dataset is missing here', async () => {
    const missing = { ...trial, job: { ...trial.job, dataset: 'folder:/nonexistent/nnlab-data' } };
    const run = processTrialJob({ nnlabVersion: '0.1.0', trial: missing }, { workerVersion: '0.1.0', train: inProcess });
    await expect(run).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run).rejects.toThrow(/nonexistent/);
  });
});

describe('queue URLs and versions', () => {
  it('takes queue, else NNLAB_QUEUE_URL, and only redis:// or rediss://', () => {
    expect(resolveQueueUrl('rediss://:pw@host:6380', {})).toBe('rediss://:pw@host:6380');
    expect(resolveQueueUrl(undefined, { NNLAB_QUEUE_URL: 'redis://h:1' })).toBe('redis://h:1');
    expect(() => resolveQueueUrl(undefined, {})).toThrow('queue is required (or set NNLAB_QUEUE_URL)');
    expect(() => resolveQueueUrl('http://user:secret@h:1', {})).toThrow('queue "http://user:***@h:1" must start with redis:// or rediss://');
    expect(redact('redis://:secret@h:6379/0')).toBe('redis://:***@h:6379/0');
  });

  it('treats the same major (and for 0.x the same minor) as compatible', () => {
    expect(compatibleVersions('0.1.0', '0.1.9')).toBe(true);
    expect(compatibleVersions('0.1.0', '0.2.0')).toBe(false);
    expect(compatibleVersions('1.2.0', '1.5.0')).toBe(true);
    expect(compatibleVersions('1.2.0', '2.0.0')).toBe(false);
  });
});
