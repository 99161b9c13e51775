import { cpuBackend } from '@nnlab/backend-cpu';
import { describeBackendConformance } from '@nnlab/testing';
import { describe, it } from 'vitest';
import { nativeAvailable } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh). No skips: every
// case passes natively or through the per-call fallback to the cpu kernels.
if (nativeAvailable) describeBackendConformance(nativeBackend, { reference: cpuBackend });
else describe.skip('backend conformance: native (the oneDNN addon does not load here)', () => it('needs libdnnl', () => {}));
