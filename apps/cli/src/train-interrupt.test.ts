import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { loadCheckpoint } from '@nnlab/checkpoint/node';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
const made: string[] = [];
beforeAll(async () => {
  await cpuBackend.activate(); // loadCheckpoint makes tensors
});
afterAll(async () => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nnlab-cli-sig-'));
  made.push(dir);
  return dir;
}

const RUN = ['train', '--model', 'mlp:784-16-10', '--backend', 'cpu', '--limit', '3000', '--batch-size', '20', '--seed', '5', '--no-progress'];

/**
 * Runs the built CLI and sends `signal` a `fraction` of an epoch's duration (as the first epoch
 * line reports it) after that line is out, so it lands inside epoch 2 on slow and fast machines.
 */
function runAndSignal(args: string[], signal: NodeJS.Signals, fraction: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const epochLine = /^epoch +1\/.*?([\d.]+)s {2}[\d,]+ samples\/s$/m.exec(out);
      if (!sent && epochLine !== null) {
        sent = true;
        setTimeout(() => child.kill(signal), Math.max(20, Number(epochLine[1]) * 1000 * fraction));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe.skipIf(!existsSync(BIN))('nnlab train --save, interrupted (built CLI in a subprocess)', () => {
  if (!existsSync(BIN)) console.log(`skipped: ${BIN} is not built (run pnpm build)`);

  it('SIGINT mid-epoch: finishes the step, saves, says how to resume, exits 130; resuming matches an uninterrupted run', async () => {
    const [interruptedDir, straightDir] = [await tempDir(), await tempDir()];
    const run = await runAndSignal([...RUN, '--epochs', '3', '--save', interruptedDir], 'SIGINT', 0.3);
    expect(run.code).toBe(130);
    const lines = run.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nnlab: interrupted by SIGINT at epoch 2, batch \d+; saved .*checkpoint-\d{8}\. Resume with: nnlab train --model mlp:784-16-10 .*--limit 3000 --resume /);
    expect(lines[0]).toContain(`--resume ${interruptedDir}`);
    const checkpoint = await loadCheckpoint(interruptedDir);
    checkpoint.dispose();
    const { position } = checkpoint.metadata;
    expect(position.epoch).toBe(1);
    expect(position.batchesDone).toBeGreaterThan(0);
    expect(position.globalStep).toBe(position.epoch * 135 + position.batchesDone); // 2,700 examples after the 10% validation split, 20 a batch

    // Resume (in process) to 2 epochs and compare with 2 uninterrupted epochs: bit-identical weights.
    const resumed = captureOutput();
    expect(await main([...RUN, '--epochs', '2', '--resume', interruptedDir], resumed)).toBe(0);
    const straight = captureOutput();
    expect(await main([...RUN, '--epochs', '2', '--save', straightDir], straight)).toBe(0);
    const [a, b] = [await loadCheckpoint(interruptedDir), await loadCheckpoint(straightDir)];
    a.dispose();
    b.dispose();
    expect(a.metadata.position).toEqual({ epoch: 2, batchesDone: 0, globalStep: 270 });
    expect(a.metadata.files).toEqual(b.metadata.files);
    const accuracy = (text: string) => /test accuracy ([\d.]+)%/.exec(text)?.[1];
    expect(accuracy(resumed.out())).toBe(accuracy(straight.out()));
  }, 180_000);

  it('SIGTERM exits 143 and leaves a loadable checkpoint', async () => {
    const dir = await tempDir();
    const run = await runAndSignal([...RUN, '--epochs', '3', '--save', dir], 'SIGTERM', 0.1);
    expect(run.code).toBe(143);
    expect(run.err).toMatch(/^nnlab: interrupted by SIGTERM .*Resume with: nnlab train /);
    const checkpoint = await loadCheckpoint(dir);
    checkpoint.dispose();
    expect(checkpoint.metadata.position.globalStep).toBeGreaterThanOrEqual(135);
  }, 120_000);

  // Regression: the training loop never yielded to the event loop without --save, and proper-lockfile,
  // loaded at start, had installed a SIGINT/SIGTERM listener: Ctrl-C was ignored until training ended.
  it.each(['SIGINT', 'SIGTERM'] as const)('without --save, %s ends the run during epoch 2 and says that nothing was saved', async (signal) => {
    const run = await runAndSignal([...RUN, '--epochs', '20'], signal, 0.3);
    expect(run.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(run.err).toMatch(new RegExp(`^nnlab: train interrupted by ${signal} after [\\d.]+s; nothing was saved \\(with --save DIR`, 'm'));
    expect(run.out).not.toMatch(/^epoch {1,2}3\/20/m);
  }, 120_000);
});
