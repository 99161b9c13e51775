/**
 * Stands in for `vitest` in the browser bundle. `@nnlab/testing`'s tensor
 * assertions (reused by the in-page conformance runner) only call
 * `assert.fail`; bundling vitest itself into a page would drag in Node-only
 * code. vite.config.ts aliases `vitest` to this file.
 */
export const assert = {
  fail(message?: string): never {
    throw new Error(message ?? 'assertion failed');
  },
};

function unavailable(name: string): () => never {
  return () => {
    throw new Error(`vitest's ${name} is not available in the page; use runConformance from src/conformance/run-conformance.ts`);
  };
}

/** Bound by `describeBackendConformance`, which the page never calls (it has its own runner). */
export const describe = unavailable('describe');
export const it = unavailable('it');
export const expect = unavailable('expect');
export const beforeAll = unavailable('beforeAll');
