import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader.js';
import { tiny } from './fixtures.test-helper.js';

/** One epoch's example ids (tiny()'s first pixel), batches disposed. */
function epoch(loader: DataLoader): number[] {
  const ids: number[] = [];
  for (const { x, y, size } of loader) {
    const values = x.dataSync();
    for (let i = 0; i < size; i++) ids.push(values[(i * values.length) / size] as number);
    tf.dispose([x, y]);
  }
  return ids;
}

describe('DataLoader.getRngState / setRngState', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('replays an epoch from a saved state, also in a freshly built loader', () => {
    const make = (): DataLoader => new DataLoader(tiny(10), { batchSize: 3, shuffle: true, rng: new Rng(5) });
    const loader = make();
    epoch(loader);
    const saved = loader.getRngState();
    const second = epoch(loader);
    const third = epoch(loader);
    loader.setRngState(saved);
    expect(epoch(loader)).toEqual(second);
    const resumed = make();
    resumed.setRngState(JSON.parse(JSON.stringify(saved)));
    expect([epoch(resumed), epoch(resumed)]).toEqual([second, third]);
  });

  it('has no streams without an rng, and refuses a state that does not fit the loader', () => {
    const plain = new DataLoader(tiny(4), { batchSize: 2 });
    expect(plain.getRngState()).toEqual({ shuffle: null, transform: null });
    const shuffled = new DataLoader(tiny(4), { batchSize: 2, shuffle: true, rng: new Rng(0) });
    expect(() => plain.setRngState(shuffled.getRngState())).toThrow(InvalidArgumentError);
    expect(() => shuffled.setRngState(plain.getRngState())).toThrow(/has no "shuffle" stream but this loader has one/);
  });
});
