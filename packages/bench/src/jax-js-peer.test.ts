import * as jax from '@jax-js/jax';
import { describe, expect, it } from 'vitest';
import { createJaxJsPeer } from './jax-js-peer.js';
import { jaxTraining } from './jax-js-training.js';
import { selectPeers } from './select-peers.js';
import { selectWorkloads, type Workload } from './workloads.js';

const [mlp, mlpDeep, cnn, cnn3] = selectWorkloads(['mlp', 'mlp-deep', 'cnn', 'cnn3']) as [Workload, Workload, Workload, Workload];

/** Mean loss of `steps` jit-compiled training steps on one fixed batch, first and last. */
async function lossesOf(workload: Workload, steps: number): Promise<[number, number]> {
  await jax.init('wasm');
  const training = jaxTraining(jax, workload, 0);
  const batch = 16;
  const x = jax.numpy.array(Float32Array.from({ length: 16 * 784 }, (_, i) => (Math.sin(i) + 1) / 2)).reshape(training.inputShape(batch));
  const y = jax.numpy.array(Int32Array.from({ length: batch }, (_, i) => i % 10), { dtype: jax.numpy.int32 });
  type Tree = typeof training.params;
  const step = jax.jit((p: Tree, s: Tree, xs: jax.Array, ys: jax.Array, hyper: jax.Array[]) => {
    const [loss, grads] = jax.valueAndGrad(training.loss)(jax.tree.ref(p), xs, ys);
    return [loss, ...training.update(p, grads, s, hyper)] as [jax.Array, Tree, Tree];
  });
  let { params, state } = training;
  const losses: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const [loss, p, s] = step(params, state, x.ref, y.ref, training.hyper(t).map((v) => jax.numpy.array(v)));
    [params, state] = [p, s];
    losses.push(loss.dataSync()[0] as number);
  }
  jax.tree.dispose([params, state, x, y]);
  step.dispose();
  return [losses[0] as number, losses[losses.length - 1] as number];
}

describe('jax-js peer', () => {
  it('writes the mlp with Adam and mlp-deep with Adagrad so that they learn a batch', async () => {
    const [first, last] = await lossesOf(mlp, 40);
    expect(first).toBeGreaterThan(1.5); // about ln(10) at initialisation
    expect(last).toBeLessThan(first / 2);
    const [deepFirst, deepLast] = await lossesOf({ ...mlpDeep, model: 'mlp:784-64-32-10,activation=leaky_relu', optimizer: { name: 'adagrad', options: { learningRate: 0.05 } } }, 40);
    expect(deepLast).toBeLessThan(deepFirst / 2);
  });

  it('times jit-compiled and eager steps, one configuration (1 thread) each', async () => {
    for (const mode of ['jit', 'eager'] as const) {
      const peer = createJaxJsPeer(mode);
      expect(await peer.unavailableReason()).toBeUndefined();
      const runs = await peer.measure(mlp, { seconds: 0.05, batchSize: 8, seed: 0 });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ threads: 1 });
      expect(runs[0]?.samplesPerSec).toBeGreaterThan(0);
      await peer.dispose?.();
    }
  });

  it('says which workloads it does not write and when jax-js is missing', async () => {
    const peer = createJaxJsPeer('jit');
    expect(peer.unsupportedReason?.(mlp)).toBeUndefined();
    expect(peer.unsupportedReason?.(cnn)).toBeUndefined();
    expect(peer.unsupportedReason?.(cnn3)).toBe('the jax-js peer writes only the "cnn" CNN, not "cnn3"');
    expect(peer.unsupportedReason?.({ ...mlp, optimizer: { name: 'rmsprop', options: {} } })).toMatch(/not rmsprop/);
    const missing = createJaxJsPeer('jit', { importJax: () => Promise.reject(new Error("Cannot find package '@jax-js/jax'")) });
    expect(await missing.unavailableReason()).toBe("not installed (npm i @jax-js/jax@0.1.25): Cannot find package '@jax-js/jax'");
  });

  it('--peers jax-js brings the eager variant along', () => {
    expect(selectPeers(['jax-js']).map((p) => p.name)).toEqual(['jax-js', 'jax-js-eager']);
    expect(selectPeers(['jax-js-eager', 'jax-js']).map((p) => p.name)).toEqual(['jax-js-eager', 'jax-js']);
  });
});
