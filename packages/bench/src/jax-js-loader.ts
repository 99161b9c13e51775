import type * as Jax from '@jax-js/jax';

// Internal to the package (not re-exported from its index): a declaration file that names
// @jax-js/jax's types would make every consumer's type check need the optional peer installed.

/** The `@jax-js/jax` module's type. */
export type JaxModule = typeof Jax;

const INSTALL_HINT = 'npm i @jax-js/jax@0.1.25';

/** The default importer of `@jax-js/jax`. */
export const importJaxJs = (): Promise<JaxModule> => import('@jax-js/jax');
const loads = new Map<() => Promise<JaxModule>, Promise<JaxModule | string>>();

/** The jax-js module with its wasm device started, or why it cannot be (once per importer). */
export function loadJax(importJax: () => Promise<JaxModule>): Promise<JaxModule | string> {
  let loading = loads.get(importJax);
  if (loading === undefined) {
    loading = (async () => {
      let jax: JaxModule;
      try {
        jax = await importJax();
      } catch (error) {
        return `not installed (${INSTALL_HINT}): ${(error as Error).message.split('\n')[0]}`;
      }
      const devices = await jax.init('wasm');
      if (!devices.includes('wasm')) return `jax-js has no wasm device here (devices: ${devices.join(', ')})`;
      jax.defaultDevice('wasm');
      return jax;
    })();
    loads.set(importJax, loading);
  }
  return loading;
}

