import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader.js';
import { tiny } from './fixtures.test-helper.js';
import { createImageDataset } from './image-dataset.js';

/** Reads a batch's example ids (tiny()'s first pixel) and disposes it. */
function drain(loader: DataLoader): number[][] {
  const epochs: number[][] = [];
  for (const { x, y, size } of loader.batches()) {
    const values = x.dataSync();
    const width = values.length / size;
    epochs.push(Array.from({ length: size }, (_, i) => values[i * width] as number));
    tf.dispose([x, y]);
  }
  return epochs;
}

describe('DataLoader', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('yields NHWC float32 images and int32 labels, with a short last batch', () => {
    const loader = new DataLoader(tiny(10), { batchSize: 4 });
    expect([loader.numBatches, loader.length]).toEqual([3, 3]);
    const batches = [...loader];
    expect(batches.map((b) => b.size)).toEqual([4, 4, 2]);
    const [first, , last] = batches as [(typeof batches)[0], unknown, (typeof batches)[0]];
    expect(first.x.shape).toEqual([4, 1, 2, 1]);
    expect(first.x.dtype).toBe('float32');
    expect(first.y.dtype).toBe('int32');
    expect(Array.from(first.y.dataSync())).toEqual([0, 1, 2, 0]);
    expect(Array.from(last.x.dataSync())).toEqual([8, -8, 9, -9]);
    expect(last.x.shape).toEqual([2, 1, 2, 1]);
    for (const b of batches) tf.dispose([b.x, b.y]);
  });

  it('flattens to [N, H*W*C] and drops the last partial batch on request', () => {
    const loader = new DataLoader(tiny(10), { batchSize: 4, dropLast: true, flatten: true });
    expect(loader.numBatches).toBe(2);
    const shapes: number[][] = [];
    for (const { x, y } of loader) {
      shapes.push(x.shape);
      tf.dispose([x, y]);
    }
    expect(shapes).toEqual([
      [4, 2],
      [4, 2],
    ]);
  });

  it('reshuffles every epoch, deterministically for a seed', () => {
    const make = (seed: number): DataLoader => new DataLoader(tiny(12), { batchSize: 5, shuffle: true, rng: new Rng(seed) });
    const a = make(1);
    const epoch1 = drain(a).flat();
    const epoch2 = drain(a).flat();
    expect([...epoch1].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(epoch1).not.toEqual(epoch2);
    const b = make(1);
    expect(drain(b).flat()).toEqual(epoch1);
    expect(drain(b).flat()).toEqual(epoch2);
    expect(drain(make(2)).flat()).not.toEqual(epoch1);
  });

  it('keeps earlier batches intact while later ones are made', () => {
    const batches = [...new DataLoader(tiny(6), { batchSize: 2, shuffle: true, rng: new Rng(0) })];
    const seen = batches.flatMap((b) => Array.from(b.x.dataSync()).filter((_, i) => i % 2 === 0));
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const b of batches) tf.dispose([b.x, b.y]);
  });

  it('leaks no tensors once the caller disposes its batches', () => {
    const loader = new DataLoader(tiny(30), { batchSize: 7, shuffle: true, rng: new Rng(0) });
    drain(loader);
    const before = tf.memory().numTensors;
    for (let epoch = 0; epoch < 5; epoch++) drain(loader);
    // Breaking out early creates nothing beyond the batch in hand.
    for (const { x, y } of loader) {
      tf.dispose([x, y]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates its options', () => {
    const data = tiny(4);
    expect(() => new DataLoader(data, { batchSize: 0 })).toThrow(/batchSize must be an integer >= 1, got 0/);
    expect(() => new DataLoader(data, { batchSize: 2.5 })).toThrow(/batchSize/);
    expect(() => new DataLoader(data, { batchSize: 2, shuffle: true })).toThrow(/shuffle: true needs options\.rng/);
    expect(() => new DataLoader(data, { batchSize: 2, dropLast: 'yes' as never })).toThrow(/dropLast must be true or false/);
    const broken = { ...data, count: 5 };
    expect(() => new DataLoader(broken, { batchSize: 2 })).toThrow(/dataset is inconsistent/);
    const empty = createImageDataset({ images: new Float32Array(0), labels: new Int32Array(0), shape: [1, 1, 1], numClasses: 1 });
    expect([...new DataLoader(empty, { batchSize: 3 })]).toEqual([]);
  });
});
