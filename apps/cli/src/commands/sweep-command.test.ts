import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepSummary } from '@nnlab/sweeps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { svgElements } from '@nnlab/testing';
import { defaultTrialWorkerPath } from '@nnlab/sweeps/node';
import { captureOutput } from '../test-output.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-sweep-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nnlab sweep: arguments', () => {
  it.each([
    [['--grid', 'hidden=8', '--grid', 'width=1,2'], 1, /nnlab: error: --grid width is neither a \{width\} placeholder in --model "mlp:784-\{hidden\}-10" nor a known hyperparameter/],
    [['--grid', 'lr=1e-3'], 1, /nnlab: error: --model "mlp:784-\{hidden\}-10" has the placeholder \{hidden\} but no --grid hidden=\.\.\. gives its values/],
    [['--grid', 'hidden=8', '--grid', 'lr=-1'], 1, /nnlab: error: --grid lr: value -1 is not allowed; expected a number > 0/],
    [['--grid', 'hidden'], 2, /--grid "hidden" must look like name=value1,value2/],
    [['--grid', 'hidden=8', '--metric', 'speed'], 2, /--metric.*speed/],
    [['--grid', 'hidden=8', '--workers', '0'], 2, /--workers.*must be an integer >= 1, got "0"/],
  ])('rejects %j before training anything', async (argv, code, message) => {
    const io = captureOutput();
    expect(await main(['sweep', '--model', 'mlp:784-{hidden}-10', ...argv], io)).toBe(code);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });
});

// Runs real worker processes from the built CLI (`pnpm test` builds first).
describe('nnlab sweep: a real sweep in worker processes', () => {
  beforeAll(() => {
    defaultTrialWorkerPath(); // throws "build the CLI first" when dist/ is missing
  });

  it('trains every trial on 2 workers, reports the failed ones, ranks and writes results and a report', async () => {
    const io = captureOutput();
    const out = join(dir, 'grid');
    const argv = ['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=0,8,16', '--grid', 'lr=1e-3,1e-2', '--epochs', '1', '--limit', '500', '--batch-size', '20'];
    const code = await main([...argv, '--backend', 'cpu', '--workers', '2', '--out', out, '--json'], io);
    expect(io.err()).not.toMatch(/nnlab: (error|warning)/);
    expect(code).toBe(0);
    const summary = io.lastJson() as unknown as SweepSummary;
    expect(summary).toMatchObject({ command: 'sweep', total: 6, completed: 4, failed: 2, pending: 0, metric: 'validationAccuracy', order: 'descending' });
    const accuracies = summary.trials.slice(0, 4).map((t) => t.metrics.validationAccuracy as number);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    expect(accuracies.every((a) => a > 0.1)).toBe(true); // better than chance after 25 steps
    expect(accuracies[0]).toBeGreaterThan(0.6);
    expect(summary.best).toMatchObject({ trialId: summary.trials[0]?.trialId, value: accuracies[0] });
    expect(new Set(summary.trials.slice(0, 4).map((t) => t.worker))).toEqual(new Set(['local-1', 'local-2']));
    for (const trial of summary.trials.slice(4)) {
      expect(trial).toMatchObject({ status: 'failed', parameters: { hidden: 0 }, epochsRun: 0 });
      expect(trial.error).toMatch(/model "mlp:784-0-10": layer sizes/);
    }
    for (const trial of summary.trials.slice(0, 4)) expect(trial.history).toHaveLength(1);
    // Ranked on the 50 held-out training examples; the test split scored once, after training.
    for (const trial of summary.trials.slice(0, 4)) {
      expect(trial.job.validationSplit).toBe(0.1);
      expect(trial.metrics.testAccuracy).toBeGreaterThan(0.1);
      expect(trial.history[0]?.validationAccuracy).toBe(trial.metrics.validationAccuracy);
    }

    // The table: best first and marked, failures last with their error.
    const table = io.err().split('\n').filter((line) => /^[* ] {2}[\d-] /.test(line));
    expect(table).toHaveLength(6);
    expect(table[0]).toMatch(/^\* {2}1 /);
    expect(table[5]).toMatch(/failed: model "mlp:784-0-10"/);

    // Files: the JSON on disk is the final summary; the CSV has a row per trial in rank order.
    const onDisk = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as SweepSummary;
    expect(onDisk.trials.map((t) => t.trialId)).toEqual(summary.trials.map((t) => t.trialId));
    expect(onDisk.pending).toBe(0);
    const csv = (await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('rank,trialId,status,hidden,lr,validationAccuracy,validationLoss,testAccuracy,testLoss,trainAccuracy,trainLoss,epochs,seconds,backend,error');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['1', '2', '3', '4', '', '']);
    expect(csv[1]?.split(',')[1]).toBe(summary.trials[0]?.trialId);

    // The report: one chart per swept parameter, all on the index page.
    const html = await readFile(join(out, 'index.html'), 'utf8');
    for (const file of ['validationAccuracy-vs-hidden.svg', 'validationAccuracy-vs-lr.svg', 'curves.svg']) {
      expect(html).toContain(`src="${file}"`);
      const svg = await readFile(join(out, file), 'utf8');
      expect(svgElements(svg)).toContain('path');
    }

    // A trial trains exactly what `nnlab train` trains with the same settings.
    const best = summary.trials[0];
    const single = captureOutput();
    const trainArgv = ['train', '--model', `mlp:784-${String(best?.parameters.hidden)}-10`, '--lr', String(best?.parameters.lr), '--epochs', '1', '--limit', '500', '--batch-size', '20'];
    expect(await main([...trainArgv, '--backend', 'cpu', '--json'], single)).toBe(0);
    expect(single.lastJson()).toMatchObject({ testAccuracy: best?.metrics.testAccuracy, validationAccuracy: best?.metrics.validationAccuracy });
  });

  it('fails with the first error when every trial fails, still printing the results', async () => {
    const io = captureOutput();
    const code = await main(['sweep', '--model', 'mlp:100-{hidden}-10', '--grid', 'hidden=4,8', '--epochs', '1', '--backend', 'cpu', '--workers', '1', '--json'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: every trial of the sweep failed; the first: model mlp:100-4-10 takes 100 inputs but dataset mnist-10k has 28x28x1 = 784/m);
    expect(io.lastJson()).toMatchObject({ total: 2, completed: 0, failed: 2, error: { code: 'E_INVALID_ARGUMENT', exitCode: 1 } });
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });
});
