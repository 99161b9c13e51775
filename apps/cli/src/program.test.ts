import { describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

describe('nnlab CLI', () => {
  it('lists backends with availability and reasons as JSON', async () => {
    const io = captureOutput();
    expect(await main(['backends', '--json'], io)).toBe(0);
    const rows = io.lastJson().backends as Array<Record<string, unknown>>;
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.cpu).toMatchObject({ available: true, threads: 1, simd: false });
    expect(byName.wasm).toMatchObject({ available: true });
    expect(byName['tfjs-node']).toMatchObject({ available: false, reason: '@tensorflow/tfjs-node is not installed' });
    expect(byName.webgl).toMatchObject({ available: false, reason: expect.stringContaining('needs a browser') });
    expect(io.err()).toMatch(/tfjs-node\s+unavailable\s+@tensorflow\/tfjs-node is not installed/);
  });

  it.each([
    [['train', '--epochs', '0'], /--epochs.*must be an integer >= 1, got "0"/],
    [['train', '--lr', 'fast'], /--lr.*must be a number > 0, got "fast"/],
    [['train', '--optimizer', 'lion'], /--optimizer.*lion/],
    [['bench', '--budget', '-1'], /--budget.*must be a number > 0/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with a one-line usage error for %j', async (argv, message) => {
    const io = captureOutput();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(/^nnlab: error:/);
    expect(io.err()).toMatch(message);
  });

  it.each([
    [['train', '--model', 'mlp:784-x-10', '--backend', 'cpu'], /nnlab: error: model "mlp:784-x-10": layer sizes/],
    [['train', '--model', 'mlp:100-10', '--backend', 'cpu'], /takes 100 inputs but --dataset mnist-10k has 28x28x1 = 784/],
    [['train', '--backend', 'tfjs-node'], /nnlab: error: backend "tfjs-node" is not available: @tensorflow\/tfjs-node is not installed/],
    [['train', '--backend', 'nope'], /nnlab: error: unknown backend "nope"; known backends: native, tfjs-node, wasm, cpu/],
    [['train', '--dataset', 'imagenet', '--backend', 'cpu'], /nnlab: error: .*imagenet/],
    [['bench', '--workload', 'resnet'], /nnlab: error: unknown workload "resnet"; known workloads: mlp, mlp-deep, cnn, cnn3/],
  ])('exits 1 with a one-line error naming the argument for %j', async (argv, message) => {
    const io = captureOutput();
    expect(await main(argv, io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('prints help for train listing every option', async () => {
    const io = captureOutput();
    expect(await main(['train', '--help'], io)).toBe(0);
    for (const option of ['--model', '--dataset', '--backend', '--epochs', '--batch-size', '--optimizer', '--lr', '--seed', '--json']) {
      expect(io.out()).toContain(option);
    }
  });

  it('runs a quick benchmark and reports every backend', async () => {
    const io = captureOutput();
    expect(await main(['bench', '--quick', '--backend', 'cpu,wasm,tfjs-node', '--workload', 'mlp', '--peers', 'none', '--json'], io)).toBe(0);
    const report = io.lastJson();
    const rows = report.results as Array<Record<string, unknown>>;
    // The bare step and fit beside it, on every backend.
    expect(rows.map((r) => `${r.backend}:${r.variant}:${r.available}`)).toEqual([
      'cpu:nnlab:true', 'cpu:fit:true', 'wasm:nnlab:true', 'wasm:fit:true', 'tfjs-node:nnlab:false', 'tfjs-node:fit:false',
    ]);
    for (const row of rows.filter((r) => r.available)) {
      expect(row.samplesPerSec).toBeGreaterThan(0);
      expect(row.firstStepMs).toBeGreaterThan(0);
      expect(row.leakedTensors).toBe(0);
    }
    expect(io.err()).toMatch(/tfjs-node: @tensorflow\/tfjs-node is not installed/);
    // a labelled line as each cell ends, with what it measured
    expect(io.err()).toMatch(/^nnlab: bench \[1\/3\] cpu mlp: [\d,]+ samples\/s \(1 thread\); \S+ elapsed, ETA /m);
    expect(io.err()).toMatch(/^nnlab: bench \[3\/3\] tfjs-node mlp: unavailable: /m);
  });

  it('trains the MLP for one epoch on the embedded digits and reports accuracy', async () => {
    const io = captureOutput();
    const code = await main(['train', '--model', 'mlp:784-64-10', '--backend', 'wasm', '--epochs', '1', '--json'], io);
    expect(io.err()).not.toMatch(/nnlab: (error|warning)/);
    expect(code).toBe(0);
    const result = io.lastJson();
    expect(result).toMatchObject({ command: 'train', model: 'mlp:784-64-10', dataset: 'mnist-10k', backend: 'wasm', trainExamples: 7200, validationExamples: 800, testExamples: 2000 });
    expect(result.testAccuracy).toBeGreaterThan(0.85);
    expect((result.history as unknown[]).length).toBe(1);
    expect(io.err()).toMatch(/epoch 1\/1 {2}loss \d\.\d{4} {2}acc/);
  });
});
