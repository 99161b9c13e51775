import { expectLongColumnSumsPrecise } from '@nnlab/testing';
import { it } from 'vitest';
import { nativeBackend } from '../native-backend.js';
import { describeNative } from '../native-available.test-helper.js';

describeNative('native Sum and Mean over ~50,000 rows (batch norm over a 64x28x28 batch; needs libdnnl)', () => {
  it('are as precise as a float64 sum of the float32 values (one float32 running sum was 2e-6 off)', async () => {
    await nativeBackend.activate({ threads: 2 });
    expectLongColumnSumsPrecise();
  });
});
