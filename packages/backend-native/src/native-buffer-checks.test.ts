import { expect, it } from 'vitest';
import { loadNativeAddon } from './load-native-addon.js';
import { describeNative } from './native-available.test-helper.js';

// Every C++ entry point checks its buffers against the sizes its shape parameters imply before it
// reads or writes (native/common.h RequireSize): a wrong call is an exception, never a write past
// the end of a typed array.
describeNative('native kernels check buffer sizes before writing', () => {
  const load = loadNativeAddon();
  const addon = load.ok ? load.addon : undefined;
  const f = (n: number): Float32Array => new Float32Array(n);

  it('pooling: input and output against [n, h, w, c] and [n, oh, ow, c]', () => {
    // n=1 h=2 w=2 c=1 -> oh=1 ow=1, 2x2 window, stride 2, no padding.
    const params = Int32Array.from([1, 2, 2, 1, 1, 1, 2, 2, 2, 2, 0, 0]);
    expect(() => addon?.maxPool(f(3), f(1), params)).toThrow('maxPool: x holds 3 values, its shape needs 4');
    expect(() => addon?.maxPool(f(4), f(0), params)).toThrow('maxPool: out holds 0 values, its shape needs 1');
    expect(() => addon?.maxPool(f(4), f(1), Int32Array.from([1, 2, 2, 1, 1, 1, 0, 2, 2, 2, 0, 0]))).toThrow(/window and strides positive/);
    const out = f(1);
    addon?.maxPool(Float32Array.from([1, 4, 2, 3]), out, params);
    expect(out[0]).toBe(4);
  });

  it('matmul: a, b, out and bias against batch, m, n, k', () => {
    // 2x3 times 3x2 into 2x2.
    expect(() => addon?.matmul(f(6), f(5), f(4), 1, 1, 1, 2, 2, 3, false, false, null, 0, 0, 0)).toThrow('matmul: b holds 5 values, its shape needs 6');
    expect(() => addon?.matmul(f(6), f(6), f(3), 1, 1, 1, 2, 2, 3, false, false, null, 0, 0, 0)).toThrow('matmul: out holds 3 values, its shape needs 4');
    expect(() => addon?.matmul(f(6), f(6), f(4), 1, 1, 1, 2, 2, 3, false, false, f(1), 1, 0, 0)).toThrow('matmul: bias holds 1 values, its shape needs 2');
  });

  it('elementwise and sums: operands against the output and the broadcast mode', () => {
    expect(() => addon?.binary(0, f(3), f(4), f(4), 0, 0)).toThrow('binary: a holds 3 values, its shape needs 4');
    expect(() => addon?.binary(0, f(4), f(2), f(4), 3, 3)).toThrow(/row length must divide/);
    expect(() => addon?.sum(f(5), f(2), 2, 3, 1)).toThrow('sum: x holds 5 values, its shape needs 6');
  });
});
