import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

describe('zero-copy Identity and Cast on wasm', () => {
  it('clone shares the buffer yet outlives the original and a variable reassignment', async () => {
    await wasmBackend.activate();
    const backend = tf.backend();
    const x = tf.tensor1d([1, 2, 3]);
    const before = backend.numDataIds();
    const copy = tf.clone(x);
    const same = tf.cast(x, 'float32');
    expect(backend.numDataIds()).toBe(before); // no new buffers
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    const v = tf.tidy(() => tf.variable(tf.tensor1d([4, 5])));
    const saved = tf.clone(v);
    tf.tidy(() => v.assign(tf.tensor1d([6, 7])));
    expect(Array.from(await saved.data())).toEqual([4, 5]);
    expect(Array.from(await v.data())).toEqual([6, 7]);
    tf.dispose([copy, same, v, saved]);
    expect(backend.numDataIds()).toBe(before - 1); // x's buffer went with its last sharer
  });

  // Stock 4.22 copies with TypedArray.set, which wraps -2.2 to 254 for bool.
  it('casts that change the dtype convert like the cpu backend (bool is x != 0)', async () => {
    await wasmBackend.activate();
    const x = tf.tensor1d([1.7, -2.2, 0, 0.25]);
    const asInt = tf.cast(x, 'int32');
    const asBool = tf.cast(x, 'bool');
    const intToBool = tf.cast(tf.tensor1d([3, -256, 0], 'int32'), 'bool');
    const boolToFloat = tf.cast(asBool, 'float32');
    expect(asInt.dtype).toBe('int32');
    expect(Array.from(await asInt.data())).toEqual([1, -2, 0, 0]);
    expect(Array.from(await asBool.data())).toEqual([1, 1, 0, 1]);
    expect(Array.from(await intToBool.data())).toEqual([1, 1, 0]);
    expect(Array.from(await boolToFloat.data())).toEqual([1, 1, 0, 1]);
    tf.dispose([x, asInt, asBool, intToBool, boolToFloat]);
  });
});
