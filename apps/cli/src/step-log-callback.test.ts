import { describe, expect, it } from 'vitest';
import { main } from './program.js';
import { captureOutput } from './test-output.js';

const SMALL = ['train', '--model', 'mlp:784-8-10', '--backend', 'cpu', '--limit', '60', '--batch-size', '10', '--epochs', '2', '--no-progress'];

describe('nnlab train --log-every / --save-every', () => {
  it('--log-every N prints a line every N global steps, across epochs', async () => {
    const io = captureOutput();
    expect(await main([...SMALL, '--log-every', '4'], io)).toBe(0);
    const lines = io.out().split('\n').filter((line) => line.startsWith('step '));
    expect(lines.map((line) => line.replace(/loss \d\.\d{4}$/, 'loss L'))).toEqual([
      'step 4  epoch 1/2  batch 4/6  loss L',
      'step 8  epoch 2/2  batch 2/6  loss L',
      'step 12  epoch 2/2  batch 6/6  loss L',
    ]);
  });

  it('refuses --save-every without --save, and 0 as a step count, before loading data', async () => {
    const io = captureOutput();
    expect(await main([...SMALL, '--save-every', '5'], io)).toBe(1);
    expect(io.err()).toBe('nnlab: error: --save-every 5 needs --save DIR (or --resume DIR) to say where checkpoints go\n');
    expect(io.out()).toBe('');
    const zero = captureOutput();
    expect(await main([...SMALL, '--log-every', '0'], zero)).toBe(2);
    expect(zero.err()).toMatch(/--log-every.*must be an integer >= 1, got "0"/);
  });
});
