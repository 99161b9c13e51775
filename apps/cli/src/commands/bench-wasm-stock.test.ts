import { describe, expect, it } from 'vitest';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

interface Row {
  readonly backend: string;
  readonly workload: string;
  readonly variant: string;
  readonly available: boolean;
  readonly reason?: string;
  readonly samplesPerSec: number | null;
}

describe('nnlab bench --backend wasm,wasm-stock --peers jax-js', () => {
  const bench = async (argv: string[]): Promise<{ rows: Row[]; out: string }> => {
    const io = captureOutput();
    expect(await main(['bench', ...argv, '--quick', '--repeats', '1', '--budget', '0.3', '--json'], io)).toBe(0);
    return { rows: io.lastJson().results as Row[], out: io.err() }; // with --json the table goes to stderr
  };

  it('times nnlab wasm, stock wasm and jax-js (jit and eager) side by side', async () => {
    const { rows, out } = await bench(['--backend', 'wasm,wasm-stock', '--workload', 'mlp', '--peers', 'jax-js']);
    for (const backend of ['wasm', 'wasm-stock', 'jax-js', 'jax-js-eager']) {
      expect(rows.find((r) => r.backend === backend)?.samplesPerSec).toBeGreaterThan(0);
    }
    expect(out).toMatch(/vs jax-js\s+vs jax-js-eager/);
  });

  it('stock wasm cannot train the CNN and its row says why', async () => {
    const { rows } = await bench(['--backend', 'wasm,wasm-stock', '--workload', 'cnn', '--peers', 'none']);
    expect(rows.find((r) => r.backend === 'wasm')?.samplesPerSec).toBeGreaterThan(0);
    expect(rows.find((r) => r.backend === 'wasm-stock')).toMatchObject({ available: false, reason: expect.stringMatching(/Conv2DBackpropFilter.*wasm-stock/) });
  });
});
