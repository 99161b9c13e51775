import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '@nnlab/checkpoint';
import { completedTrial, expandGrid, summarizeSweep, type TrainingJob } from '@nnlab/sweeps';
import { main } from '../program.js';
import { readSweepResults } from '@nnlab/sweeps/node';
import { captureOutput } from '../test-output.js';

// Output paths are checked before any work, nothing is written through a link, and text from
// files reaches the terminal escaped: each through the real CLI, in process.
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-output-paths-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const TRAIN = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '64', '--batch-size', '32', '--epochs', '1', '--no-progress'];
const SWEEP = ['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=4', '--backend', 'cpu', '--epochs', '1', '--limit', '64', '--no-progress'];

describe('output paths are checked before any work starts', () => {
  it.each([
    ['train --report FILE', async (file: string) => [...TRAIN, '--report', file], /^nnlab: error: --report .*a-file is a file, not a directory\n$/],
    ['train --report FILE/sub', async (file: string) => [...TRAIN, '--report', join(file, 'sub')], /^nnlab: error: --report .*a-file\/sub: cannot create the directory \(ENOTDIR\)\n$/],
    ['train --save FILE/sub', async (file: string) => [...TRAIN, '--save', join(file, 'sub')], /^nnlab: error: --save .*a-file\/sub: cannot create the directory \(ENOTDIR\)\n$/],
    ['sweep --out FILE', async (file: string) => [...SWEEP, '--out', file], /^nnlab: error: --out .*a-file is a file, not a directory\n$/],
    ['data inspect --preview DIR', async () => ['data', 'inspect', 'mnist-10k', '--preview', root], /^nnlab: error: --preview .* is a directory; give a file name\n$/],
    ['data inspect --preview MISSING/x.png', async () => ['data', 'inspect', 'mnist-10k', '--preview', join(root, 'missing', 'x.png')], /^nnlab: error: --preview .*missing\/x\.png: the directory .*missing does not exist\n$/],
    ['bench --output DIR', async () => ['bench', '--quick', '--backend', 'cpu', '--output', root], /^nnlab: error: --output .* is a directory; give a file name\n$/],
  ])('%s fails at once with one line', async (_label, argv, message) => {
    const file = join(root, 'a-file');
    await writeFile(file, 'mine');
    const started = performance.now();
    const result = await run(await argv(file));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    // Nothing ran: no training line, no sweep header, no table.
    expect(result.out).toBe('');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it.each([['train'], ['sweep'], ['data inspect']])('%s --seed 1e20 is a usage error before any data loads', async (command) => {
    const argv = command === 'train' ? [...TRAIN, '--seed', '1e20'] : command === 'sweep' ? [...SWEEP, '--seed', '1e20'] : ['data', 'inspect', 'mnist-10k', '--seed', '1e20'];
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^nnlab: error: option '--seed <n>' argument '1e20' is invalid\. must be an integer from 0 to 4294967295, got "1e20"/);
    expect(result.out).toBe('');
  });
});

describe('nothing nnlab creates is written through a link', () => {
  it('train --save DIR with DIR/.nnlab.lock.owner a symlink to another file leaves that file alone', async () => {
    const dir = join(root, 'owner-link');
    const victim = join(root, 'victim-owner.txt');
    await mkdir(dir, { recursive: true });
    await writeFile(victim, 'precious');
    await symlink(victim, join(dir, '.nnlab.lock.owner'));
    const result = await run([...TRAIN, '--save', dir]);
    expect(result.code, result.err).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });

  it('train --report DIR with index.html and a figure symlinked to other files replaces the links, not the files', async () => {
    const dir = join(root, 'report-links');
    await mkdir(dir, { recursive: true });
    for (const name of ['index.html', 'loss.svg']) {
      await writeFile(join(root, `victim-${name}`), 'precious');
      await symlink(join(root, `victim-${name}`), join(dir, name));
    }
    const result = await run([...TRAIN, '--report', dir]);
    expect(result.code, result.err).toBe(0);
    for (const name of ['index.html', 'loss.svg']) {
      expect(await readFile(join(root, `victim-${name}`), 'utf8')).toBe('precious');
      expect((await lstat(join(dir, name))).isFile()).toBe(true);
    }
  });

  it('data inspect --preview LINK is refused and the file it points to is left alone', async () => {
    const victim = join(root, 'victim-preview.png');
    const link = join(root, 'preview-link.png');
    await writeFile(victim, 'precious');
    await symlink(victim, link);
    const result = await run(['data', 'inspect', 'mnist-10k', '--preview', link]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`nnlab: error: --preview ${link} is a symbolic link; nnlab does not write through links, give another file name\n`);
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });
});

describe('sweep --resume with a malformed results.json', () => {
  const base: TrainingJob = { model: 'mlp:784-{hidden}-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true };
  const grids = [{ name: 'hidden', values: [4, 8] }];
  const plan = expandGrid({ base, grids });
  const history = [{ epoch: 1, loss: 1, metrics: { accuracy: 0.5 }, accuracy: 0.5, validationLoss: 1.1, validationAccuracy: 0.4, learningRate: 0.001, seconds: 1, samplesPerSec: 10, steps: 1 }];
  const valid = () =>
    JSON.parse(JSON.stringify(summarizeSweep({ sweepId: plan.sweepId, base, grids, metric: 'testAccuracy', total: 2, results: [completedTrial(plan.trials[0] as never, { history }, 1)], seconds: 1 })));

  it('a well-formed one is read back', async () => {
    const dir = join(root, 'sweep-valid');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'results.json'), JSON.stringify(valid()));
    expect((await readSweepResults(dir)).trials).toHaveLength(1);
  });

  it.each([
    ['a null trial', (s: Record<string, unknown>) => ({ ...s, trials: [null] }), 'field "trials[0]": expected object, received null'],
    ['epochsRun as a string', (s: { trials: Array<Record<string, unknown>> }) => ({ ...s, trials: [{ ...s.trials[0], epochsRun: '1' }] }), 'field "trials[0].epochsRun": expected number, received string'],
    ['a metric as text', (s: { trials: Array<Record<string, unknown>> }) => ({ ...s, trials: [{ ...s.trials[0], metrics: { ...(s.trials[0]?.metrics as object), testAccuracy: 'high' } }] }), 'field "trials[0].metrics.testAccuracy": expected number, received string'],
    ['base.epochs missing', (s: { base: Record<string, unknown> }) => ({ ...s, base: { ...s.base, epochs: undefined } }), 'field "base.epochs": expected number, received undefined'],
    ['grids as an object', (s: Record<string, unknown>) => ({ ...s, grids: {} }), 'field "grids": expected array, received object'],
  ])('%s is an error naming the file and the field', async (label, mutate, field) => {
    const dir = join(root, `sweep-${label.replaceAll(' ', '-')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'results.json'), JSON.stringify((mutate as (s: never) => unknown)(valid() as never)));
    const result = await run(['sweep', '--resume', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`nnlab: error: ${dir}/results.json: ${field}; expected a sweep's results.json, unedited\n`);
  });
});

describe('text from files is printed with control characters escaped', () => {
  it('checkpoint inspect escapes tensor names and metadata', async () => {
    const file = join(root, 'escapes.safetensors');
    const bytes = encodeSafetensors([['w\u001b[2J', { dtype: 'F32', shape: [1], data: new Float32Array([1]) }]], { note: 'a\u001b]0;owned\u0007b\u202e' });
    await writeFile(file, bytes);
    const result = await run(['checkpoint', 'inspect', file]);
    expect(result.code, result.err).toBe(0);
    expect(result.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(result.out).toContain('  w\\x1b[2J  F32  [1]');
    expect(result.out).toContain('  metadata note = a\\x1b]0;owned\\x07b\\u202e');
  });
});
