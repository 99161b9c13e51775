import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

describe('nnlab lab', () => {
  it('points to pnpm lab with exit 2', async () => {
    const output = captureOutput();
    expect(await main(['lab', 'mlp-sweeps', '--quick'], output)).toBe(2);
    expect(output.err()).toMatch(/^nnlab: error: the labs are examples in the nnlab repository.*`pnpm lab <name>`/);
  });
});
