import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { NotFoundError, Rng } from '@nnlab/core';
import { type LoadedCheckpoint } from '@nnlab/checkpoint';
import { loadCheckpoint, readCheckpointMetadata } from '@nnlab/checkpoint/node';

// Kills real `nnlab train --save` processes at seeded random moments, resumes after each kill, and
// checks what issue 10 promises: every checkpoint loads, no kill loses more than the steps since the
// last checkpoint, SIGINT/SIGTERM save exactly where they stopped, and the finished run's weights
// are bit-for-bit those of a run never interrupted (cpu is deterministic).

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const KILLS = Number(process.env.NNLAB_KILLS ?? 20);
const SAVE_EVERY = 4;
// 400 examples (no validation split) in batches of 10: 40 steps per epoch, 120 in all; 20 kills advance the run by ~50 of them.
const EPOCHS = 3;
const STEPS = EPOCHS * 40;
const ARGS = ['train', '--model', 'mlp:784-16-10', '--backend', 'cpu', '--limit', '400', '--batch-size', '10', '--epochs', String(EPOCHS), '--seed', '7', '--validation-split', '0'];
const RUN = [...ARGS, '--no-progress', '--save-every', String(SAVE_EVERY), '--log-every', '1'];

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-kill-'));
  await cpuBackend.activate(); // loadCheckpoint makes tensors
});
afterAll(async () => rm(root, { recursive: true, force: true }));

interface Segment {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  /** The last `step N` line printed: steps the process had finished. */
  readonly lastStep: number;
  /** Milliseconds from spawn to the first step line. */
  readonly startMs: number;
  readonly pid: number;
}

/**
 * Runs the CLI; with `kill`, sends `kill.signal` `kill.delayMs` after the line of step
 * `kill.afterStep` (or at the end of training if that step never comes).
 */
function runCli(args: readonly string[], kill?: { afterStep: number; signal: NodeJS.Signals; delayMs: number }): Promise<Segment> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let lastStep = -1;
    let startMs = Number.NaN;
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/^step (\d+) /gm)) lastStep = Math.max(lastStep, Number(match[1]));
      if (lastStep >= 0 && Number.isNaN(startMs)) startMs = performance.now() - started;
      if (kill !== undefined && !sent && lastStep >= kill.afterStep) {
        sent = true;
        setTimeout(() => child.kill(kill.signal), kill.delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const match of out.matchAll(/^step (\d+) /gm)) lastStep = Math.max(lastStep, Number(match[1]));
      resolve({ code, signal, out, err, lastStep, startMs, pid: child.pid ?? -1 });
    });
  });
}

/** The global step of the checkpoint `dir` resumes from, verified by loading every tensor; -1 when there is none yet. */
async function latestStep(dir: string): Promise<number> {
  let checkpoint: LoadedCheckpoint;
  try {
    checkpoint = await loadCheckpoint(dir);
  } catch (error) {
    if (error instanceof NotFoundError) return -1;
    throw error;
  }
  checkpoint.dispose();
  return checkpoint.metadata.position.globalStep;
}

describe.skipIf(!existsSync(BIN))(`nnlab train --save-every, killed ${KILLS} times (built CLI in subprocesses)`, () => {
  if (!existsSync(BIN)) console.log(`skipped: ${BIN} is not built (run pnpm build)`);

  it(`survives ${KILLS} seeded SIGKILL/SIGINT/SIGTERM kills: every checkpoint loads, no kill loses more than ${SAVE_EVERY} steps, final weights equal an uninterrupted run's`, async () => {
    const dir = join(root, 'killed');
    const rng = new Rng(Number(process.env.NNLAB_KILL_SEED ?? 2026));
    const kills: Array<{ signal: string; afterStep: number; delayMs: number; reached: number; resumedFrom: number; lost: number; midSave: boolean; startMs: number }> = [];
    const started = performance.now();
    let position = -1;
    while (kills.length < KILLS) {
      // Mostly SIGKILL (nothing can be done about it); every fifth kill is a SIGINT, and another a SIGTERM.
      const signal: NodeJS.Signals = kills.length % 5 === 1 ? 'SIGINT' : kills.length % 5 === 3 ? 'SIGTERM' : 'SIGKILL';
      // Somewhere 1 to 8 steps past where this segment starts, then 0-6 ms later: inside a step, a save or an
      // evaluation. Every fifth kill aims at a save: at once after a step that is followed by one.
      const aimAtSave = kills.length % 5 === 4;
      const drawn = Math.max(position, 0) + 1 + rng.int(8);
      const afterStep = aimAtSave ? Math.ceil(drawn / SAVE_EVERY) * SAVE_EVERY : drawn;
      const delayMs = aimAtSave ? 0 : rng.int(7);
      const args = position < 0 ? [...RUN, '--save', dir] : [...RUN, '--resume', dir];
      const segment = await runCli(args, { afterStep, signal, delayMs });
      expect(segment.code === 0 && segment.lastStep === STEPS, 'the run finished before all kills were made; lengthen it').toBe(false);
      const entries = await readdir(dir);
      // A scratch directory or file of this process: it was killed in the middle of writing a checkpoint.
      const midSave = entries.some((name) => name.startsWith('.tmp-') && name.includes(`-p${segment.pid}-`));
      // Every complete checkpoint left in the directory loads and verifies, not only the newest.
      for (const name of entries.filter((entry) => /^checkpoint-\d+/.test(entry))) (await loadCheckpoint(join(dir, name))).dispose();
      const saved = await latestStep(dir);
      expect(saved, `a kill moved the run backwards (${JSON.stringify(kills.at(-1))})`).toBeGreaterThanOrEqual(position);
      if (signal === 'SIGKILL') {
        expect(segment.signal, `exit ${segment.code}: ${segment.err}`).toBe('SIGKILL');
        expect(segment.lastStep - saved, `SIGKILL after step ${segment.lastStep} left only step ${saved}`).toBeLessThanOrEqual(SAVE_EVERY);
      } else {
        expect(segment.code, segment.err).toBe(signal === 'SIGINT' ? 130 : 143);
        const lines = segment.err.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^nnlab: interrupted by ${signal} .*; saved .*\\. Resume with: nnlab train --model mlp:784-16-10 .*--save-every ${SAVE_EVERY} --resume ${dir}$`));
        expect(saved, 'SIGINT/SIGTERM finish the step in progress and save exactly there').toBe(segment.lastStep);
      }
      kills.push({ signal, afterStep, delayMs, reached: segment.lastStep, resumedFrom: saved, lost: segment.lastStep - saved, midSave, startMs: Math.round(segment.startMs) });
      position = saved;
    }
    const finish = await runCli([...RUN, '--resume', dir]);
    expect(finish.code, finish.err).toBe(0);
    const killedSeconds = (performance.now() - started) / 1000;

    const straightDir = join(root, 'straight');
    const straight = await runCli([...RUN, '--save', straightDir]);
    expect(straight.code, straight.err).toBe(0);
    const [a, b] = [await readCheckpointMetadata(dir), await readCheckpointMetadata(straightDir)];
    expect(a.metadata.position).toEqual({ epoch: EPOCHS, batchesDone: 0, globalStep: STEPS });
    // SHA-256 of model.safetensors and optimizer.safetensors: bit-identical weights and Adam moments.
    expect(a.metadata.files).toEqual(b.metadata.files);
    const accuracy = (text: string) => /test accuracy ([\d.]+)%/.exec(text)?.[1];
    expect(accuracy(finish.out)).toBe(accuracy(straight.out));

    const summary = {
      kills: kills.length,
      bySignal: Object.fromEntries(['SIGKILL', 'SIGINT', 'SIGTERM'].map((s) => [s, kills.filter((k) => k.signal === s).length])),
      duringSave: kills.filter((k) => k.midSave).length,
      maxStepsLost: Math.max(...kills.map((k) => k.lost)),
      stepsAtLastKill: position,
      medianStartMs: kills.map((k) => k.startMs).sort((x, y) => x - y)[kills.length >> 1],
      killedRunSeconds: Number(killedSeconds.toFixed(1)),
      kills_: kills,
    };
    await writeFile(join(tmpdir(), 'nnlab-reliability-kills.json'), `${JSON.stringify(summary, null, 1)}\n`);
    console.log(`kill-resume: ${JSON.stringify({ ...summary, kills_: undefined })}`);
  }, 240_000);
});
