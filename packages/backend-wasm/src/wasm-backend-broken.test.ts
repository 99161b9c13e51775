import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '@nnlab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { WASM_BINARY_NAMES } from './locate-wasm-files.js';
import { wasmBackend } from './wasm-backend.js';

// A file of its own: it needs a process where wasm was never initialised.
describe('wasmBackend.activate with broken .wasm files', () => {
  const directory = mkdtempSync(join(tmpdir(), 'nnlab-wasm-broken-')) + sep;
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('throws BackendUnavailableError naming the file and the cause, then succeeds once the files are fixed', async () => {
    expect('wasm' in tf.engine().registry).toBe(false);
    for (const name of WASM_BINARY_NAMES) writeFileSync(directory + name, 'not wasm');
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await wasmBackend.activate({ wasmPaths: directory }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(String(error)).toContain(`${directory}tfjs-backend-wasm-simd.wasm (8 bytes) is not a valid WebAssembly module`);
    }
    const info = await wasmBackend.activate();
    expect(info.tfjsBackend).toBe('wasm');
  });
});
