import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepSummary } from '@nnlab/sweeps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'bin.js');
const SWEEP = ['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=4,6,8', '--epochs', '1', '--limit', '200', '--batch-size', '20', '--backend', 'cpu', '--workers', '1', '--no-progress'];

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-sweep-resume-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function readSummary(dir: string): Promise<SweepSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as SweepSummary;
  } catch {
    return undefined;
  }
}

/** Runs the built CLI's sweep and SIGKILLs it as soon as results.json shows `after` finished trials. */
function sweepKilledAfter(args: readonly string[], dir: string, after: number): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const poll = setInterval(() => {
      void readSummary(dir).then((summary) => {
        if (summary !== undefined && summary.completed + summary.failed >= after) child.kill('SIGKILL');
      });
    }, 50);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, out });
    });
  });
}

describe.skipIf(!existsSync(BIN))('nnlab sweep --resume (built CLI in a subprocess, then in process)', () => {
  if (!existsSync(BIN)) console.log(`skipped: ${BIN} is not built (run pnpm build)`);

  it('a sweep SIGKILLed after its first trial resumes with only the trials that have no result', async () => {
    const dir = join(root, 'killed');
    const killed = await sweepKilledAfter([...SWEEP, '--out', dir], dir, 1);
    expect(killed.signal).toBe('SIGKILL');
    // results.json is replaced atomically after every trial: what the kill left parses and holds the finished trial.
    const before = (await readSummary(dir)) as SweepSummary;
    const done = before.completed;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(3);
    expect(before.pending).toBe(3 - done);

    const io = captureOutput();
    expect(await main(['sweep', '--resume', dir, '--no-progress', '--json'], io), io.err()).toBe(0);
    expect(io.err()).toContain(`resuming from ${dir}: ${done} of 3 trials have results; running the other ${3 - done}\n`);
    expect(io.err().match(/^trial \d+\/\d+ /gm)).toHaveLength(3 - done); // only the missing trials ran
    const after = io.lastJson() as unknown as SweepSummary;
    expect(after).toMatchObject({ sweepId: before.sweepId, total: 3, completed: 3, failed: 0, pending: 0 });
    // The trials finished before the kill are kept as they were, not trained again.
    for (const old of before.trials) expect(after.trials.find((t) => t.trialId === old.trialId)).toEqual(old);
    expect((await readSummary(dir))?.completed).toBe(3);

    // Resuming a finished sweep runs nothing.
    const again = captureOutput();
    expect(await main(['sweep', '--resume', dir, '--no-progress'], again)).toBe(0);
    expect(again.out()).toContain('3 of 3 trials have results; running the other 0');
  }, 180_000);

  it('a random search SIGKILLed mid-way resumes from DIR alone: the same draws, only the missing ones run', async () => {
    const dir = join(root, 'random');
    const RANDOM = ['sweep', '--model', 'mlp:784-{hidden}-10', '--strategy', 'random', '--trials', '3', '--space', 'lr=loguniform:1e-3:3e-2', '--space', 'hidden=int:4:8', '--seed', '5'];
    const tail = SWEEP.slice(SWEEP.indexOf('--epochs'));
    const killed = await sweepKilledAfter([...RANDOM, ...tail, '--out', dir], dir, 1);
    expect(killed.signal).toBe('SIGKILL');
    const before = (await readSummary(dir)) as SweepSummary;
    expect(before).toMatchObject({ strategy: 'random', draw: { trials: 3, space: [{ name: 'lr', kind: 'loguniform' }, { name: 'hidden', kind: 'int' }] } });
    const done = before.completed;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(3);

    const io = captureOutput();
    expect(await main(['sweep', '--resume', dir, '--no-progress', '--json'], io), io.err()).toBe(0);
    expect(io.err()).toContain(`resuming from ${dir}: ${done} of 3 trials have results; running the other ${3 - done}\n`);
    const after = io.lastJson() as unknown as SweepSummary;
    expect(after).toMatchObject({ sweepId: before.sweepId, strategy: 'random', total: 3, completed: 3, pending: 0 });
    for (const old of before.trials) expect(after.trials.find((t) => t.trialId === old.trialId)).toEqual(old);

    // A random search's results without the draw settings (an older results.json) name what to give instead.
    const { draw: _draw, ...old } = after;
    await writeFile(join(dir, 'results.json'), JSON.stringify(old));
    const bare = captureOutput();
    expect(await main(['sweep', '--resume', dir], bare)).toBe(1);
    expect(bare.err()).toMatch(/results\.json: holds a random search without its draw settings .*model, strategy \(random\), space and trials/);
    await writeFile(join(dir, 'results.json'), JSON.stringify({ ...old, draw: { space: [{ name: 'lr', kind: 'gauss' }], grid: [], trials: 3 } }));
    const broken = captureOutput();
    expect(await main(['sweep', '--resume', dir], broken)).toBe(1);
    expect(broken.err()).toMatch(/results\.json: "draw" must be \{"space": \[/);
  }, 180_000);

  it('refuses another sweep, a missing directory and a file that is not sweep results, before training', async () => {
    const dir = join(root, 'killed');
    const other = captureOutput();
    expect(await main([...SWEEP.map((a) => (a === 'hidden=4,6,8' ? 'hidden=4,6' : a)), '--resume', dir], other)).toBe(1);
    expect(other.err()).toMatch(new RegExp(`^nnlab: error: --resume ${dir} holds sweep \\w+ \\(--model mlp:784-\\{hidden\\}-10 --grid hidden=4,6,8, 1 epochs\\), not this sweep \\w+; give the same`));
    expect(other.out()).not.toMatch(/^trial /m);

    const missing = captureOutput();
    expect(await main(['sweep', '--resume', join(root, 'nope')], missing)).toBe(1);
    expect(missing.err()).toMatch(/^nnlab: error: cannot read .*nope\/results\.json \(ENOENT\): no sweep results in .*nope\n$/);

    const bad = join(root, 'bad');
    await rm(bad, { recursive: true, force: true });
    await mkdir(bad);
    await writeFile(join(bad, 'results.json'), '{"command":"train"}');
    const wrong = captureOutput();
    expect(await main(['sweep', '--resume', bad], wrong)).toBe(1);
    expect(wrong.err()).toMatch(/results\.json: is not the results of a sweep/);
  });
});
