import { describeBackendLifecycle } from '@nnlab/testing';
import { describe, it } from 'vitest';
import { nativeAvailable } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';

if (nativeAvailable) describeBackendLifecycle(nativeBackend);
else describe.skip('backend lifecycle: native (the oneDNN addon does not load here)', () => it('needs libdnnl', () => {}));
