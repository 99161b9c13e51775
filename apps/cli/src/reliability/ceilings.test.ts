import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { defaultTrialWorkerPath } from '@nnlab/sweeps/node';
import { captureOutput } from '../test-output.js';

// Every input has a ceiling: readers refuse what is not a regular file before they open it for
// reading (no hang), models too large for memory are refused with their estimate before they are
// built, and sweep workers are checked against the cores and the memory. The real CLI, in process.
let root = '';
let fifo = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-ceilings-'));
  fifo = join(root, 'a-fifo');
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  const io = captureOutput();
  const started = performance.now();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), ms: performance.now() - started };
}

function png(shade: number): Buffer {
  const image = new PNG({ width: 4, height: 4 });
  image.data.fill(shade);
  return PNG.sync.write(image);
}

describe('readers check the file type before reading', () => {
  it.each([
    ['mat:/dev/zero', () => 'mat:/dev/zero', /^nnlab: error: \/dev\/zero: is not a regular file \(a FIFO, socket or device\); expected a MAT-file\n$/],
    ['mat:FIFO', () => `mat:${fifo}`, /^nnlab: error: .*a-fifo: is not a regular file \(a FIFO, socket or device\); expected a MAT-file\n$/],
    ['idx:FIFO', () => `idx:${fifo}`, /^nnlab: error: .*a-fifo: is not a regular file \(a FIFO, socket or device\); expected an IDX file\n$/],
  ])('data inspect %s is an error at once, not a hang', async (_label, source, message) => {
    const result = await run(['data', 'inspect', source()]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('a FIFO named x.png, and a link to it, in a class folder are skipped with a warning; the rest loads', async () => {
    const dir = join(root, 'folder');
    for (const [name, shade] of [['a', 0], ['b', 255]] as const) {
      await mkdir(join(dir, name), { recursive: true });
      for (let i = 0; i < 3; i++) await writeFile(join(dir, name, `${i}.png`), png(shade));
    }
    execFileSync('mkfifo', [join(dir, 'a', 'x.png')]);
    await symlink(fifo, join(dir, 'b', 'y.png'));
    const result = await run(['data', 'inspect', `folder:${dir}`, '--json']);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/x\.png: not a regular file \(a FIFO, socket or device\)/);
    expect(result.err).toMatch(/y\.png: is not a regular file \(a FIFO, socket or device\); expected a PNG or JPEG image/);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe('a model too large for memory is refused before it is built', () => {
  it.each([
    [['--model', 'mlp:784-1000000-10', '--max-memory', '8GB'], /^nnlab: error: model mlp:784-1000000-10 needs about 23\.9 GB to train \(795,000,010 parameters: 15\.9 GB with gradients and optimizer state; activations: 8 GB\), over the 8 GB limit \(--max-memory\); use a smaller model or --batch-size\n$/],
    [['--model', 'mlp:784-100000000-10'], /^nnlab: error: model mlp:784-100000000-10 needs about 2\.39 TB to train \(.*\), over the .* limit \(half of this machine's .*; --max-memory to change\)/],
    [['--model', 'mlp:784-300-10', '--max-memory', '1MB'], /^nnlab: error: model mlp:784-300-10 needs about 10\.\d MB to train .*over the 1 MB limit \(--max-memory\)/],
    [['--model', 'mlp:784-4000000-10', '--backend', 'wasm', '--max-memory', '1TB'], /over the 4\.29 GB the wasm backend can address; use another backend or a smaller model\n$/],
    [['--model', 'mlp:784-6000000-10', '--max-memory', '1TB'], /has a weight of 4,704,000,000 values, more than the 4,294,967,296 one tensor can hold/],
  ])('train %j', async (args, message) => {
    const result = await run(['train', '--backend', 'cpu', '--epochs', '1', ...args]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
    expect(result.ms).toBeLessThan(10_000);
  });

  it('--max-memory must be a size', async () => {
    const result = await run(['train', '--max-memory', 'lots']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/option '--max-memory <size>' argument 'lots' is invalid\. must be a size like 8GB, 512MiB or a number of bytes, got "lots"/);
  });
});

describe('sweep --workers', () => {
  it('more workers than memory allows is refused before any trial', async () => {
    const result = await run(['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=8,16,32', '--workers', '3', '--max-memory', '600MB']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^nnlab: error: --workers 3: 3 trials at once need about \d+ MB \(\d+ MB each: the largest trial's model and a worker process\), over the 600 MB limit \(--max-memory\); use --workers 2 or less\n$/);
    expect(result.out).toBe('');
  });

  it('more workers than cores is a warning, and the sweep runs', async () => {
    defaultTrialWorkerPath(); // the trial worker is the built CLI
    const workers = availableParallelism() + 1;
    const result = await run(['sweep', '--model', 'mlp:784-{hidden}-10', '--grid', 'hidden=4', '--backend', 'cpu', '--epochs', '1', '--limit', '64', '--no-progress', '--workers', String(workers)]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(`nnlab: warning: --workers ${workers} is more than the ${availableParallelism()} cores here: trials will take turns on them, which is slower, not faster`);
  }, 60_000);
});
