import { describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

describe('nnlab train --scheduler', () => {
  it('reduces on a validation-accuracy plateau (the notMNIST lab settings), printing each change and recording the rate per epoch', async () => {
    const io = captureOutput();
    const argv = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--epochs', '3', '--batch-size', '512', '--optimizer', 'sgd', '--lr', '0.1', '--momentum', '0.9', '--nesterov'];
    expect(await main([...argv, '--scheduler', 'plateau:max,factor=0.1,patience=0', '--json'], io)).toBe(0);
    const result = io.lastJson() as { scheduler: string; history: Array<{ epoch: number; learningRate: number; validationAccuracy: number }> };
    expect(result.scheduler).toBe('plateau:max,factor=0.1,patience=0');
    // Replay PyTorch's rule (mode max, rel threshold 1e-4, patience 0) on the recorded accuracies.
    let best = -Infinity;
    let rate = 0.1;
    const expectedLines: string[] = [];
    for (const epoch of result.history) {
      expect(epoch.learningRate).toBeCloseTo(rate, 12);
      if (epoch.validationAccuracy > best * (1 + 1e-4)) best = epoch.validationAccuracy;
      else {
        expectedLines.push(`epoch ${epoch.epoch}: learning rate ${Number(rate.toPrecision(6))} -> ${Number((rate * 0.1).toPrecision(6))} (plateau on validationAccuracy)`);
        rate *= 0.1;
      }
    }
    const lines = io.err().split('\n').filter((line) => line.includes('learning rate'));
    expect(lines).toEqual(expectedLines);
  });

  it('prints every reduction (max mode on the falling training loss reduces after each epoch)', async () => {
    const io = captureOutput();
    const argv = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--epochs', '3', '--batch-size', '512', '--optimizer', 'sgd', '--lr', '0.2'];
    expect(await main([...argv, '--scheduler', 'plateau:max,monitor=loss,factor=0.5,patience=0', '--json'], io)).toBe(0);
    expect((io.lastJson().history as Array<{ learningRate: number }>).map((e) => e.learningRate)).toEqual([0.2, 0.2, 0.1]);
    const lines = io.err().split('\n');
    expect(lines.filter((line) => line.includes('learning rate'))).toEqual([
      'epoch 2: learning rate 0.2 -> 0.1 (plateau on loss)',
      'epoch 3: learning rate 0.1 -> 0.05 (plateau on loss)',
    ]);
    // Each change is printed right below the epoch line that caused it.
    expect(lines[lines.findIndex((line) => line.startsWith('epoch 2/3')) + 1]).toBe('epoch 2: learning rate 0.2 -> 0.1 (plateau on loss)');
  });

  it('applies an epoch schedule and logs its changes', async () => {
    const io = captureOutput();
    const argv = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--epochs', '3', '--batch-size', '512', '--optimizer', 'sgd', '--lr', '0.2'];
    expect(await main([...argv, '--scheduler', 'step:size=1,gamma=0.5', '--json'], io)).toBe(0);
    const history = (io.lastJson().history as Array<{ learningRate: number }>).map((e) => e.learningRate);
    expect(history).toEqual([0.2, 0.1, 0.05]);
    expect(io.err()).toContain('epoch 1: learning rate 0.2 -> 0.1 (step schedule)\n');
    expect(io.err()).toContain('epoch 2: learning rate 0.1 -> 0.05 (step schedule)\n');
  });

  it('rejects a bad spec before loading data, in one line naming --scheduler', async () => {
    const io = captureOutput();
    expect(await main(['train', '--backend', 'cpu', '--scheduler', 'step:gamma=0.5'], io)).toBe(2);
    expect(io.err()).toMatch(/^nnlab: error: --scheduler "step:gamma=0.5": size= is required; accepted forms: plateau/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
