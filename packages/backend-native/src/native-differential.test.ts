import '@tensorflow/tfjs-backend-cpu';
import { differentialCases, runDifferentialCases } from '@nnlab/testing/differential';
import { expect, it } from 'vitest';
import { describeNative } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';

/** Cases per run: every kind about 25 times (see DIFFERENTIAL_KINDS). */
const CASES = 330;

// The native backend's C++ kernels (and their JS fallbacks) against tfjs-backend-cpu on seeded random
// shapes. The same cases run under AddressSanitizer in native-asan.test.ts.
describeNative('native against tfjs-backend-cpu on random shapes', () => {
  it(`agrees on ${CASES} cases`, async () => {
    await nativeBackend.activate({ threads: 1 });
    const failures = await runDifferentialCases(differentialCases(CASES, Number(process.env.NNLAB_DIFFERENTIAL_SEED ?? 25)), 'native', 'cpu');
    expect(failures).toEqual([]);
  }, 300_000);
});
