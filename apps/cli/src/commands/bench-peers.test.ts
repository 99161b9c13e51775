import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

describe('nnlab bench --peers', () => {
  it('exits 1 naming the unknown peer and the known ones', async () => {
    const io = captureOutput();
    expect(await main(['bench', '--backend', 'cpu', '--workload', 'mlp', '--quick', '--peers', 'jax'], io)).toBe(1);
    expect(io.err()).toMatch(/^nnlab: error: unknown peer "jax"; known peers: torch, jax-js, jax-js-eager$/m);
  });
});
