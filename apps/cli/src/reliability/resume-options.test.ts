import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';
import { trainingHealthWarnings } from '@nnlab/trainers';

// Options given with --resume are applied and recorded, never dropped; a run that is not learning
// says so. The real `nnlab train`, in process, on cpu.
const SMALL = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--no-progress'];
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-resume-options-'));
  await cpuBackend.activate();
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function optimizerRecord(dir: string): Promise<{ learningRate: number; options: Record<string, unknown> }> {
  const latest = (await readFile(join(dir, 'latest'), 'utf8')).trim();
  return JSON.parse(await readFile(join(dir, latest, 'checkpoint.json'), 'utf8')).optimizer;
}

describe('optimizer flags with --resume', () => {
  it('a new --lr is applied and recorded; --momentum not given again is kept from the checkpoint', async () => {
    const dir = join(root, 'sgd');
    const first = await run([...SMALL, '--epochs', '1', '--optimizer', 'sgd', '--lr', '0.1', '--momentum', '0.9', '--save', dir]);
    expect(first.code, first.err).toBe(0);
    expect(await optimizerRecord(dir)).toMatchObject({ learningRate: 0.1, options: { learningRate: 0.1, momentum: 0.9 } });

    const resumed = await run([...SMALL, '--epochs', '2', '--optimizer', 'sgd', '--lr', '0.01', '--resume', dir]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toContain("--lr 0.01 replaces the checkpoint's 0.1 from here on (recorded in the next checkpoint)");
    expect(resumed.out).not.toContain('--momentum');
    expect(await optimizerRecord(dir)).toMatchObject({ learningRate: 0.01, options: { learningRate: 0.01, momentum: 0.9 } });

    // Neither given: both come from the checkpoint (sgd needs a rate; it is the recorded one).
    const again = await run([...SMALL, '--epochs', '3', '--optimizer', 'sgd', '--resume', dir]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).not.toContain('replaces');
    expect(await optimizerRecord(dir)).toMatchObject({ learningRate: 0.01, options: { learningRate: 0.01, momentum: 0.9 } });

    const changed = await run([...SMALL, '--epochs', '4', '--optimizer', 'sgd', '--momentum', '0.5', '--weight-decay', '0.001', '--resume', dir]);
    expect(changed.code, changed.err).toBe(0);
    expect(changed.out).toContain("--momentum 0.5 replaces the checkpoint's 0.9 from here on");
    expect(changed.out).toContain("--weight-decay 0.001 replaces the optimizer's default from here on");
    expect(await optimizerRecord(dir)).toMatchObject({ options: { learningRate: 0.01, momentum: 0.5, weightDecay: 0.001 } });
  });

  it('the same --lr as the run started with keeps the scheduled rate', async () => {
    const [dir, straight] = [join(root, 'scheduled'), join(root, 'scheduled-straight')];
    const args = ['--optimizer', 'sgd', '--lr', '0.1', '--scheduler', 'step:size=1,gamma=0.5'];
    expect((await run([...SMALL, '--epochs', '3', ...args, '--save', straight])).code).toBe(0);
    expect((await run([...SMALL, '--epochs', '2', ...args, '--save', dir])).code).toBe(0);
    const resumed = await run([...SMALL, '--epochs', '3', ...args, '--resume', dir]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).not.toContain('replaces');
    const rate = (await optimizerRecord(straight)).learningRate;
    expect(rate).toBeLessThan(0.1);
    expect((await optimizerRecord(dir)).learningRate).toBe(rate);
  });
});

describe('a run that is not learning is told so', () => {
  it('Adam at lr 1e6 warns about the loss and the chance-level accuracy, once each', async () => {
    const result = await run(['train', '--model', 'mlp:784-32-10', '--backend', 'cpu', '--limit', '1000', '--epochs', '2', '--lr', '1e6', '--validation-split', '0', '--no-progress']);
    expect(result.code, result.err).toBe(0);
    const warnings = result.err.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^nnlab: warning: epoch 1: training loss \S+ is \S+ times a guessing model's 2\.30: the learning rate \(1e6\) is probably far too large/);
    expect(warnings[1]).toMatch(/^nnlab: warning: epoch [12]: training accuracy \d+\.\d+% is chance level for 10 classes \(10\.00%\): the model is not learning/);
  }, 60_000);

  it('a healthy run prints no warning', async () => {
    const result = await run(['train', '--model', 'mlp:784-32-10', '--backend', 'cpu', '--limit', '1000', '--epochs', '1', '--no-progress']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
  }, 60_000);

  const log = (epoch: number, loss: number, accuracy: number) => ({ epoch, loss, metrics: { accuracy }, accuracy, learningRate: 0.1, seconds: 1, samplesPerSec: 1, steps: 1 });
  it.each([
    ['a loss 150 times the best epoch', log(3, 30, 0.5), 0.2, 10_000, ['loss']],
    ['a loss 50 times the best epoch, under ln K', log(3, 1, 0.5), 0.02, 10_000, []],
    ['chance accuracy on 1,000 examples', log(1, 2.3, 0.105), undefined, 1000, ['chance']],
    ['chance accuracy on 64 examples (too few to tell)', log(1, 2.3, 0.105), undefined, 64, []],
    ['13% on 10,000 examples (above chance)', log(1, 2.2, 0.13), undefined, 10_000, []],
  ])('%s', (_label, epoch, best, examples, kinds) => {
    expect(Object.keys(trainingHealthWarnings(epoch, best, { numClasses: 10, examples }))).toEqual(kinds);
  });
});
