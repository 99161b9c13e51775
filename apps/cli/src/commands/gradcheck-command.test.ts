import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

describe('nnlab gradcheck', () => {
  it('checks mlp:3-5-3 with and without L2 on every available backend and passes', async () => {
    const io = captureOutput();
    expect(await main(['gradcheck', '--model', 'mlp:3-5-3', '--batch', '5', '--json'], io)).toBe(0);
    const result = io.lastJson() as {
      maxRelativeDifference: number;
      passed: boolean;
      l2: number[];
      backends: Array<{ backend: string; maxRelativeDifference: number; runs: Array<{ l2: number; parameters: Array<{ name: string; relativeDifference: number }> }> }>;
      skipped: Array<{ backend: string; reason: string }>;
    };
    expect(result.passed).toBe(true);
    expect(result.maxRelativeDifference).toBeLessThan(5e-3);
    expect(result.l2).toEqual([0, 0.1]);
    // cpu first, then every other backend available here (native too where oneDNN is installed).
    const checked = result.backends.map((b) => b.backend);
    expect(checked[0]).toBe('cpu');
    expect(checked).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    for (const backend of result.backends) {
      expect(backend.runs.map((r) => r.l2)).toEqual([0, 0.1]);
      expect(backend.runs[0]?.parameters.map((p) => p.name)).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
    }
    expect(result.maxRelativeDifference).toBe(Math.max(...result.backends.map((b) => b.maxRelativeDifference)));
    expect(result.skipped.map((s) => s.backend)).toContain('tfjs-node');
    expect(io.err()).toMatch(/backend cpu\n\s+L2\s+parameter\s+shape\s+checked\s+kinks\s+relative difference/);
    expect(io.err()).toMatch(new RegExp(`max relative difference \\S+ over ${checked.join(', ')}: passed`));
  });

  it('--l2 0 checks without L2 only; --backend picks one backend', async () => {
    const io = captureOutput();
    expect(await main(['gradcheck', '--backend', 'cpu', '--l2', '0', '--model', 'mlp:3-5-3,activation=tanh', '--json'], io)).toBe(0);
    const result = io.lastJson() as { backends: Array<{ backend: string; runs: unknown[] }> };
    expect(result.backends.map((b) => [b.backend, b.runs.length])).toEqual([['cpu', 1]]);
  });

  it('exits 1 with one clear line when a difference exceeds --tolerance (JSON still printed)', async () => {
    const io = captureOutput();
    expect(await main(['gradcheck', '--backend', 'cpu', '--tolerance', '1e-12', '--json'], io)).toBe(1);
    expect(io.lastJson()).toMatchObject({ passed: false, error: { code: 'E_CHECK_FAILED', exitCode: 1 } });
    expect(io.err()).toMatch(/^nnlab: error: gradient check failed: relative difference \S+ for parameter \S+ on backend cpu \(L2 [\d.]+\) exceeds --tolerance 1e-12/m);
    // These gradients are right: what a 1e-12 tolerance asks for is below float32's rounding floor, and the line says so.
    expect(io.err()).toMatch(/but float32 rounding of the loss alone gives \S+ for this parameter, so a float32 check cannot tell that difference from rounding/);
    expect(io.err().trim().split('\n').filter((line) => line.startsWith('nnlab:'))).toHaveLength(1);
  });

  it.each([
    [['gradcheck', '--batch', '0'], 2, /--batch.*must be an integer >= 1/],
    [['gradcheck', '--epsilon', '-1'], 2, /--epsilon.*must be a number > 0/],
    [['gradcheck', '--backend', 'tfjs-node'], 1, /backend "tfjs-node" is not available/],
    [['gradcheck', '--model', 'mlp:3'], 1, /model "mlp:3"/],
  ])('rejects %j', async (argv, code, message) => {
    const io = captureOutput();
    expect(await main(argv, io)).toBe(code);
    expect(io.err()).toMatch(message);
  });
});
