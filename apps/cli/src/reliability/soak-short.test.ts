import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The short version of `pnpm soak` (tools/soak.mjs; the 10,000-step figures are in docs/RELIABILITY.md):
// 1,500 steps of the soak MLP on wasm in a fresh process with --expose-gc. Tensors and tensor bytes must
// be exactly flat after warm-up, and the live memory (V8's used heap, `external`, malloc's live bytes
// through the native addon when it loads) must grow less than 2 MB from step 1,000 to the end.
// About 15 s on two idle cores (60 s beside two other soaks). Needs the packages built (pnpm test builds first).
const tool = fileURLToPath(new URL('../../../../tools/soak.mjs', import.meta.url));

describe('soak, short (wasm, 1,500 steps)', () => {
  it('tensors, bytes, heap, external and malloc live bytes stay flat', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', tool, '--child', 'wasm:mlp', '--steps', '1500', '--every', '500'], { maxBuffer: 1 << 24 });
    const row = JSON.parse(stdout.trim().split('\n').pop() as string) as {
      skipped?: string;
      tensorsFlat: boolean;
      bytesFlat: boolean;
      live: Record<string, { growth: number; flat: boolean } | null>;
      pass: boolean;
    };
    expect(row.skipped).toBeUndefined();
    expect(row.tensorsFlat).toBe(true);
    expect(row.bytesFlat).toBe(true);
    for (const [name, value] of Object.entries(row.live)) {
      if (value !== null) expect(value.flat, `${name} grew ${value.growth} bytes`).toBe(true);
    }
    expect(row.live.heapUsed).not.toBeNull();
    expect(row.live.external).not.toBeNull();
    expect(row.pass).toBe(true);
  }, 180_000);
});
