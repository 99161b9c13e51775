import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendUnavailableError } from '@nnlab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWasmBinary } from './check-wasm-binary.js';
import { locateWasmFiles, WASM_BINARY_NAMES } from './locate-wasm-files.js';

describe('checkWasmBinary', () => {
  const directory = mkdtempSync(join(tmpdir(), 'nnlab-wasm-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('accepts the binaries shipped with tfjs-backend-wasm', async () => {
    const dist = await locateWasmFiles();
    for (const name of WASM_BINARY_NAMES) await expect(checkWasmBinary(dist + name)).resolves.toBeUndefined();
  });

  it('names a missing file and the OS error', async () => {
    const path = join(directory, 'missing.wasm');
    const error = await checkWasmBinary(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(String(error)).toContain(`cannot read ${path}: ENOENT`);
  });

  it('names a file that is not WebAssembly', async () => {
    const path = join(directory, 'garbage.wasm');
    writeFileSync(path, 'garbage\n');
    await expect(checkWasmBinary(path)).rejects.toThrow(`${path} (8 bytes) is not a valid WebAssembly module`);
  });
});
