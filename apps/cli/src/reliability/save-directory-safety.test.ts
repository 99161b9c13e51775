import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@nnlab/backend-cpu';
import { decodeSafetensors, encodeSafetensors } from '@nnlab/checkpoint';
import { loadCheckpoint } from '@nnlab/checkpoint/node';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

// A damaged checkpoint never costs the user the good ones beside it: `nnlab train` (in process,
// the real command) on a save directory whose newest checkpoint or `latest` is broken.
// 64 examples in batches of 32: checkpoint-00000002 after epoch 1, -00000004 after epoch 2.
const SMALL = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--no-progress'];
let root = '';
let pristine = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-save-safety-'));
  await cpuBackend.activate();
  pristine = join(root, 'pristine');
  const made = await run([...SMALL, '--epochs', '2', '--save', pristine]);
  expect(made.code, made.err).toBe(0);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A copy of the 2-epoch run, to damage. */
async function copyOfRun(name: string): Promise<string> {
  const dir = join(root, name);
  await cp(pristine, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its SHA-256, to prove nothing was changed or removed. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

const damages: Array<[string, (dir: string) => Promise<void>]> = [
  ['checkpoint.json of the newest checkpoint is not JSON', async (dir) => writeFile(join(dir, 'checkpoint-00000004', 'checkpoint.json'), '{"format": "nnlab-chec')],
  ['latest names ../../etc', async (dir) => writeFile(join(dir, 'latest'), '../../etc\n')],
  [
    'a byte of the newest model.safetensors is flipped',
    async (dir) => {
      const path = join(dir, 'checkpoint-00000004', 'model.safetensors');
      const bytes = await readFile(path);
      bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
      await writeFile(path, bytes);
    },
  ],
];

describe('a save directory with a damaged checkpoint', () => {
  it.each(damages)('%s: a new run with --save refuses and changes nothing', async (_label, damage) => {
    const dir = await copyOfRun(`refuse-${damages.findIndex(([label]) => label === _label)}`);
    await damage(dir);
    const before = await snapshot(dir);
    const result = await run([...SMALL, '--epochs', '2', '--seed', '7', '--save', dir]);
    expect(result.code).toBe(1);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: --save ${dir} already holds (a checkpoint|checkpoints, and the newest cannot be read)`));
    expect(result.out).not.toMatch(/^epoch /m);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('--resume skips the damaged newest checkpoint, says which and why, resumes the newest that verifies and removes none', async () => {
    const dir = await copyOfRun('fallback');
    await (damages[2] as (typeof damages)[number])[1](dir);
    const result = await run([...SMALL, '--epochs', '3', '--resume', dir]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(`nnlab: warning: skipped ${dir}/checkpoint-00000004: ${dir}/checkpoint-00000004/model.safetensors: checksum mismatch`);
    expect(result.err).toContain(`nnlab: warning: resuming from ${dir}/checkpoint-00000002, the newest checkpoint that verifies`);
    expect(result.err).toContain('no checkpoint there will be removed by this run');
    expect(result.out).toMatch(/resuming from .*checkpoint-00000002 \(epoch 1, step 2\)/);
    expect(result.out).toMatch(/^epoch 3\/3 /m);
    // The damaged checkpoint is kept (its step saved again as a revision), and so is every good one.
    expect((await readdir(dir)).filter((name) => name.startsWith('checkpoint-')).sort()).toEqual([
      'checkpoint-00000002',
      'checkpoint-00000004',
      'checkpoint-00000004-r1',
      'checkpoint-00000006',
    ]);
    const final = await loadCheckpoint(dir);
    final.dispose();
    expect(final.metadata.position.globalStep).toBe(6);
  });

  it('--resume with every checkpoint damaged fails naming each and why', async () => {
    const dir = await copyOfRun('all-bad');
    for (const name of ['checkpoint-00000002', 'checkpoint-00000004']) await writeFile(join(dir, name, 'checkpoint.json'), '[]');
    const before = await snapshot(dir);
    const result = await run([...SMALL, '--epochs', '3', '--resume', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: --resume ${dir}: no checkpoint there verifies: checkpoint-00000004: .*; checkpoint-00000002: .*\\n$`));
    expect(await snapshot(dir)).toEqual(before);
  });

  it('--resume of a checkpoint whose weights hold NaN says so (not "diverged, try a smaller learning rate")', async () => {
    const dir = await copyOfRun('nan');
    await rm(join(dir, 'checkpoint-00000002'), { recursive: true });
    const checkpoint = join(dir, 'checkpoint-00000004');
    const decoded = decodeSafetensors(await readFile(join(checkpoint, 'model.safetensors')));
    const [first] = decoded.tensors.values();
    (first?.data as Float32Array)[0] = Number.NaN;
    const bytes = encodeSafetensors([...decoded.tensors], { format: 'pt' });
    await writeFile(join(checkpoint, 'model.safetensors'), bytes);
    const metadata = JSON.parse(await readFile(join(checkpoint, 'checkpoint.json'), 'utf8'));
    metadata.files['model.safetensors'] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    await writeFile(join(checkpoint, 'checkpoint.json'), JSON.stringify(metadata));
    const result = await run([...SMALL, '--epochs', '3', '--resume', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^nnlab: error: --resume .*: no checkpoint there verifies: checkpoint-00000004: .*checkpoint-00000004 holds NaN or infinite values \(model\.safetensors: \d\.weight\): the run had diverged before this checkpoint was saved\n$/);
  });
});

describe('new checkpoints never go inside a checkpoint directory', () => {
  it('--resume DIR/checkpoint-x alone is refused with the --save to use', async () => {
    const dir = await copyOfRun('inside');
    const before = await snapshot(dir);
    const result = await run([...SMALL, '--epochs', '3', '--resume', join(dir, 'checkpoint-00000004')]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `nnlab: error: --resume ${dir}/checkpoint-00000004: ${dir}/checkpoint-00000004 is a checkpoint directory (checkpoint-00000004), and new checkpoints cannot be saved inside one; ` +
        `save into its run directory with --save ${dir}, or into a new directory with --save DIR\n`,
    );
    expect(await snapshot(dir)).toEqual(before);
    // The suggested command works: it continues the run in its own directory.
    const resumed = await run([...SMALL, '--epochs', '3', '--resume', join(dir, 'checkpoint-00000004'), '--save', dir]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/resuming from .*checkpoint-00000004 \(epoch 2, step 4\)/);
    expect((await readdir(dir)).filter((name) => name.startsWith('checkpoint-')).sort()).toEqual(['checkpoint-00000004', 'checkpoint-00000006']);
  });

  it('--save under a checkpoint directory is refused', async () => {
    const dir = await copyOfRun('under');
    const result = await run([...SMALL, '--epochs', '1', '--save', join(dir, 'checkpoint-00000002', 'more')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^nnlab: error: --save ${dir}/checkpoint-00000002/more: .* is inside the checkpoint directory ${dir}/checkpoint-00000002 .*--save ${dir},`));
  });

  it('--resume of an older checkpoint into its run directory, which holds a newer good one, is refused', async () => {
    const dir = await copyOfRun('branch');
    const before = await snapshot(dir);
    const result = await run([...SMALL, '--epochs', '3', '--resume', join(dir, 'checkpoint-00000002'), '--save', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/holds checkpoint-00000004, newer than the checkpoint resumed \(step 2\).*--save DIR\n$/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a --save directory that is a file is refused', async () => {
    const file = join(root, 'a-file');
    await mkdir(root, { recursive: true });
    await writeFile(file, 'x');
    const result = await run([...SMALL, '--epochs', '1', '--save', file]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`nnlab: error: --save ${file} is a file, not a directory\n`);
  });
});
