import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';
import { checkoutLabRunner, labCommand } from './lab-command.js';

describe('nnlab lab', () => {
  it('in this checkout, runs the labs runner with the same arguments and exit code', async () => {
    // `pnpm test` builds examples/labs before the tests run.
    expect(existsSync(checkoutLabRunner())).toBe(true);
    const list = captureOutput();
    expect(await main(['lab'], list)).toBe(0);
    expect(list.out()).toMatch(/^labs \(run one with `pnpm lab <name>/);
    for (const name of ['notmnist-mlp', 'backprop-from-scratch', 'softmax-momentum', 'cnn-fashion', 'mlp-sweeps']) expect(list.out()).toContain(name);

    const unknown = captureOutput();
    expect(await main(['lab', 'nope', '--quick'], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/^lab: error: unknown lab "nope"; labs: [a-z-]+, /);
  }, 60_000);

  it('outside a checkout, points to pnpm lab with exit 2', async () => {
    await expect(labCommand(['mlp-sweeps'], captureOutput(), '/nonexistent/run-lab.js')).rejects.toThrow(/^the labs are examples in the nnlab repository.*`pnpm lab <name>`/);
  });
});
