import { describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

// The README's promise, run exactly as a user types it: the lab MLP on the embedded digits reaches
// the PyTorch-derived bar (PyTorch: 95.5% +- 0.1 over 3 seeds with the same split and settings).
describe('nnlab train (full run, ~1 minute on wasm)', () => {
  it('trains mlp on mnist-10k with wasm for 10 epochs to >= 94.5% test accuracy', async () => {
    const io = captureOutput();
    const code = await main(['train', '--model', 'mlp', '--dataset', 'mnist-10k', '--backend', 'wasm', '--epochs', '10', '--json'], io);
    expect(io.err()).not.toMatch(/nnlab: (error|warning)/);
    expect(code).toBe(0);
    const result = io.lastJson();
    expect(result).toMatchObject({ model: 'mlp:784-300-10', backend: 'wasm', batchSize: 64, optimizer: { name: 'adam' } });
    const history = result.history as Array<{ loss: number; validationAccuracy: number }>;
    expect(history).toHaveLength(10);
    expect(history[9]!.loss).toBeLessThan(history[0]!.loss);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.945);
  }, 300_000);
});
