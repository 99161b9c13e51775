import { describe, expect, it } from 'vitest';
import { bundledWasmUrls } from './bundled-wasm-urls.js';
import { WASM_BINARY_NAMES } from './locate-wasm-files.js';

describe('bundledWasmUrls', () => {
  it('names every binary tfjs can pick, each under @tensorflow/tfjs-backend-wasm/dist/', () => {
    const urls = bundledWasmUrls();
    expect(Object.keys(urls).sort()).toEqual([...WASM_BINARY_NAMES].sort());
    for (const name of WASM_BINARY_NAMES) {
      // Unbundled the specifier stays in the path; a bundler replaces the whole URL with its asset's.
      expect(urls[name]).toMatch(new RegExp(`/@tensorflow/tfjs-backend-wasm/dist/${name.replace(/\./g, '\\.')}$`));
    }
  });
});
