import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

type Epoch = { epoch: number; loss: number; accuracy: number; validationLoss?: number; validationAccuracy?: number; testLoss?: number; testAccuracy?: number };
type Result = Record<string, unknown> & { history: Epoch[] };

const TINY = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '1000', '--batch-size', '50', '--no-progress'];

async function train(args: string[]): Promise<{ code: number; result: Result; err: string }> {
  const io = captureOutput();
  const code = await main([...TINY, ...args, '--json'], io);
  return { code, result: (code === 0 ? io.lastJson() : {}) as Result, err: io.err() };
}

describe('nnlab train: validation split, early stopping, the test split scored once', () => {
  it('holds out 10% of the training examples by default, scores epochs on them and the test split once, at the end', async () => {
    const { code, result, err } = await train(['--epochs', '2']);
    expect(code, err).toBe(0);
    expect(result).toMatchObject({ validationSplit: 0.1, trainExamples: 900, validationExamples: 100, testExamples: 2000, testEveryEpoch: false });
    expect(result.history.every((e) => e.validationAccuracy !== undefined && e.testAccuracy === undefined)).toBe(true);
    expect(result.validationAccuracy).toBe(result.history[1]?.validationAccuracy);
    // Scored on the 2,000 test examples, so a multiple of 1/2000; the validation accuracy is one of 1/100.
    expect(Number.isInteger((result.testAccuracy as number) * 2000)).toBe(true);
    expect(err).toMatch(/^validation: 10% of the training examples held out \(seed 0\), watched by schedulers; the test split is scored once, at the end$/m);
    expect(err).toMatch(/^epoch 1\/2 {2}loss \S+ {2}acc \S+ {2}val loss \S+ {2}val acc \S+ {2}[\d.]+s/m);
    expect(err).toMatch(/^test accuracy [\d.]+% \(validation [\d.]+%\) after 2 epochs/m);
  }, 60_000);

  it('is seeded: the same seed holds out the same examples (same numbers), another seed others', async () => {
    const a = await train(['--epochs', '1', '--validation-split', '0.2']);
    const b = await train(['--epochs', '1', '--validation-split', '0.2']);
    expect(a.result.validationExamples).toBe(200);
    expect(b.result.history).toEqual(a.result.history.map((e) => ({ ...e, seconds: expect.any(Number), samplesPerSec: expect.any(Number) })));
    // (Which examples a seed holds out is checked without a model in validation-split.test.ts.)
    const c = await train(['--epochs', '1', '--validation-split', '0.2', '--seed', '1']);
    expect(c.result.history[0]?.validationLoss).not.toBe(a.result.history[0]?.validationLoss);
  }, 60_000);

  it('--validation-split 0 trains on every example; --test-every-epoch adds the test scores to every epoch', async () => {
    const none = await train(['--epochs', '1', '--validation-split', '0']);
    expect(none.result).toMatchObject({ trainExamples: 1000, validationExamples: 0, validationAccuracy: null });
    expect(none.result.history[0]?.validationLoss).toBeUndefined();
    const every = await train(['--epochs', '2', '--test-every-epoch']);
    expect(every.result.history.map((e) => typeof e.testAccuracy)).toEqual(['number', 'number']);
    expect(every.result.history[1]?.testAccuracy).toBe(every.result.testAccuracy);
    expect(every.err).toMatch(/^epoch 2\/2 .* val acc \S+ {2}test loss \S+ {2}test acc \S+ {2}/m);
  }, 60_000);

  it('--log FILE writes one CSV row per epoch, test columns with --test-every-epoch', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'nnlab-log-')), 'epochs.csv');
    const { code, result } = await train(['--epochs', '2', '--test-every-epoch', '--log', file]);
    expect(code).toBe(0);
    const [header, ...rows] = (await readFile(file, 'utf8')).trim().split('\n');
    expect(header).toBe('epoch,loss,accuracy,validationLoss,validationAccuracy,testLoss,testAccuracy,learningRate,seconds,samplesPerSec,steps');
    expect(rows.map((r) => r.split(',').slice(0, 7).map(Number))).toEqual(result.history.map((e) => [e.epoch, e.loss, e.accuracy, e.validationLoss, e.validationAccuracy, e.testLoss, e.testAccuracy]));
    await rm(dirname(file), { recursive: true, force: true });
  }, 60_000);

  it('--early-stopping P stops once the validation loss has not improved for P epochs, and says so', async () => {
    const { code, result, err } = await train(['--epochs', '8', '--lr', '0.05', '--early-stopping', '0']);
    expect(code, err).toBe(0);
    expect(result).toMatchObject({ earlyStopping: 0, stoppedEarly: true });
    const losses = result.history.map((e) => e.validationLoss as number);
    expect(losses.length).toBeLessThan(8);
    // Patience 0: the last epoch is the first that did not beat the best before it.
    expect(losses.at(-1)).toBeGreaterThanOrEqual(Math.min(...losses.slice(0, -1)));
    expect(err).toMatch(/^stopped: early stopping: validationLoss did not improve for 1 epoch\(s\)/m);
  }, 60_000);

  it.each([
    [['--early-stopping', '2', '--validation-split', '0'], 1, /--early-stopping 2 watches the validation loss; it needs --validation-split above 0/],
    [['--scheduler', 'plateau', '--validation-split', '0'], 1, /--scheduler plateau.* watches validationLoss; it needs --validation-split above 0, or monitor=loss/],
    [['--validation-split', '1'], 2, /--validation-split.*must be a fraction in \[0, 1\), got "1"/],
    [['--early-stopping', '-1'], 2, /--early-stopping.*must be an integer >= 0/],
  ])('rejects %j before training', async (args, exitCode, message) => {
    const io = captureOutput();
    expect(await main([...TINY, ...args], io)).toBe(exitCode);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/^epoch /m);
  });
});
