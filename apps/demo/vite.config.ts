import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';
import { ISOLATION_HEADERS } from './vite/isolation-headers.js';
import { wasmThreadsPlugin } from './vite/wasm-threads-plugin.js';

export default defineConfig({
  // Relative asset URLs: the built site works from any directory of any static server.
  base: './',
  // Workspace packages resolve to their TypeScript sources, as in the tests.
  resolve: {
    conditions: ['source', ...defaultClientConditions],
    // @nnlab/testing's tensor assertions import `assert` from vitest; the conformance page gets a tiny stand-in.
    alias: { vitest: fileURLToPath(new URL('./src/vitest-assert-shim.ts', import.meta.url)) },
  },
  // No dev server: the workspace packages' index files also export Node-only
  // code (files, child processes) that only the production build's
  // tree-shaking removes. Use `pnpm demo` (build + preview) or `vite build --watch`.
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html', conformance: 'conformance.html', soak: 'soak.html', fitTable: 'fit-table.html' } },
  },
  preview: { headers: { ...ISOLATION_HEADERS } },
  plugins: [wasmThreadsPlugin()],
});
