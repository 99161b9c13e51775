import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '@nnlab/checkpoint/node';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nnlab-cli-ckpt-'));
  made.push(dir);
  return dir;
}
afterAll(async () => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

// Small and fast on cpu, with dropout (the model's random stream) and a plateau scheduler (callback state) to restore.
const RUN = [
  'train', '--model', 'mlp:784-16-10,dropout=0.2', '--backend', 'cpu', '--limit', '1500', '--batch-size', '50', '--optimizer', 'adam', '--seed', '3',
  '--scheduler', 'plateau:max,factor=0.5,patience=0',
];

async function train(args: string[]): Promise<{ code: number; out: string; err: string; result: Record<string, unknown> }> {
  const io = captureOutput();
  const code = await main([...RUN, ...args, '--json'], io);
  // With --json the human lines are on stderr.
  return { code, out: io.err(), err: io.err(), result: code === 0 ? io.lastJson() : {} };
}

/** SHA-256 of the newest checkpoint's model and optimizer files, as checkpoint.json records them. */
async function fingerprint(dir: string): Promise<{ position: unknown; model: string; optimizer: string }> {
  const checkpoint = await loadCheckpoint(dir);
  checkpoint.dispose();
  const { files, position } = checkpoint.metadata;
  return { position, model: files['model.safetensors'].sha256, optimizer: files['optimizer.safetensors'].sha256 };
}

describe('nnlab train --save / --resume (cpu)', () => {
  it('2 epochs with --save, then --resume to 3, gives the same weights and accuracy as 3 straight epochs', async () => {
    const [straightDir, splitDir] = [await tempDir(), await tempDir()];
    const straight = await train(['--epochs', '3', '--save', straightDir]);
    expect(straight.err).not.toMatch(/nnlab: (error|warning)/);
    expect(straight.code).toBe(0);
    const first = await train(['--epochs', '2', '--save', splitDir]);
    expect(first.code).toBe(0);
    const second = await train(['--epochs', '3', '--resume', splitDir]);
    expect(second.err).not.toMatch(/nnlab: (error|warning)/);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/resuming from .*checkpoint-00000054 \(epoch 2, step 54\)/);
    expect(second.out).toMatch(/^epoch 3\/3 {2}loss/m);
    expect(second.out).not.toMatch(/^epoch [12]\/3/m);
    expect(second.result.testAccuracy).toBe(straight.result.testAccuracy);
    const strip = (history: unknown) => (history as Array<Record<string, unknown>>).map(({ seconds: _s, samplesPerSec: _r, ...rest }) => rest);
    expect(strip(second.result.history)).toEqual(strip(straight.result.history));
    expect(await fingerprint(splitDir)).toEqual(await fingerprint(straightDir));
    expect(JSON.parse(await readFile(join(splitDir, 'checkpoint-00000081', 'checkpoint.json'), 'utf8'))).toMatchObject({
      model: 'mlp:784-16-10,dropout=0.2',
      optimizer: { name: 'adam', step: 81 },
      states: { scheduler: { lastEpoch: 3 } },
      extra: { settings: { dataset: 'mnist-10k', 'batch-size': 50, seed: 3, limit: 1500, 'validation-split': 0.1 } },
      // What export and predict need to reproduce training's preprocessing.
      input: { shape: [28, 28, 1], normalization: straight.result.normalization, dataset: 'mnist-10k' },
    });
    expect((straight.result.normalization as { mean: number[] }).mean[0]).toBeGreaterThan(0.1);
  }, 120_000);

  it.each([
    [['--epochs', '3', '--resume', 'MISSING'], 1, /nnlab: error: --resume: no checkpoint at .*missing: no such directory/],
    [['--epochs', '3', '--resume', 'DIR', '--model', 'mlp:784-32-10'], 1, /the checkpoint is of model "mlp:784-16-10,dropout=0.2", not "mlp:784-32-10"; resume with --model mlp:784-16-10,dropout=0.2/],
    [['--epochs', '3', '--resume', 'DIR', '--batch-size', '25'], 1, /the run was started with --batch-size 50, not 25; resume with the same --batch-size/],
    [['--epochs', '3', '--resume', 'DIR', '--validation-split', '0.2'], 1, /the run was started with --validation-split 0.1, not 0.2; resume with the same --validation-split/],
    [['--epochs', '3', '--save', 'DIR'], 1, /--save .* already holds a checkpoint \(epoch 1, step 27\); continue that run with --resume/],
    [['--epochs', '1', '--keep-checkpoints', '0'], 2, /--keep-checkpoints.*must be an integer >= 1/],
  ])('refuses %j before training', async (args, code, message) => {
    const dir = await tempDir();
    if (args.includes('DIR')) expect((await train(['--epochs', '1', '--save', dir])).code).toBe(0);
    const io = captureOutput();
    const argv = [...RUN, ...args.map((a) => (a === 'DIR' ? dir : a === 'MISSING' ? join(dir, 'missing') : a))];
    // Later --model/--batch-size flags override RUN's.
    expect(await main(argv, io)).toBe(code);
    expect(io.err()).toMatch(message);
    if (code === 1) expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.out()).not.toMatch(/^epoch /m);
  }, 60_000);
});
