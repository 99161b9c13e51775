import type { BackendProvider } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

/** `a + b` on the active backend, read back. */
async function addWorks(): Promise<number[]> {
  const sum = tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30]));
  const values = Array.from(await sum.data());
  tf.dispose(sum);
  return values;
}

/**
 * A backend survives what tfjs' own backends survive and what tests and
 * apps do between runs: `tf.engine().reset()` (which disposes every backend
 * instance but keeps the factories), selecting it again with plain
 * `tf.setBackend`, and `tf.removeBackend` followed by `activate()`, which
 * registers it again.
 */
export function describeBackendLifecycle(provider: BackendProvider, options: { tfjsBackend?: string } = {}): void {
  const name = options.tfjsBackend ?? provider.name;
  describe(`backend lifecycle: ${provider.name}`, () => {
    it('computes after tf.engine().reset() and activate() again', async () => {
      await provider.activate();
      expect(await addWorks()).toEqual([11, 22, 33]);
      tf.engine().reset();
      await provider.activate();
      expect(tf.getBackend()).toBe(name);
      expect(await addWorks()).toEqual([11, 22, 33]);
    });

    it('gives tf.setBackend a fresh backend after a reset, as jasmine_util\'s test environments do', async () => {
      await provider.activate();
      const before = tf.backend();
      tf.engine().reset();
      expect(await tf.setBackend(name)).toBe(true);
      expect(tf.backend()).not.toBe(before);
      expect(await addWorks()).toEqual([11, 22, 33]);
      tf.engine().reset();
      expect(await tf.setBackend(name)).toBe(true);
      expect(await addWorks()).toEqual([11, 22, 33]);
    });

    it('registers itself again after tf.removeBackend', async () => {
      await provider.activate();
      tf.removeBackend(name);
      expect(tf.findBackendFactory(name)).toBeNull();
      await provider.activate();
      expect(tf.getBackend()).toBe(name);
      expect(await addWorks()).toEqual([11, 22, 33]);
    });
  });
}
