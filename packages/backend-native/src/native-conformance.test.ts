import { cpuBackend } from '@nnlab/backend-cpu';
import { describeBackendConformance } from '@nnlab/testing';
import { nativeBackend } from './native-backend.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
describeBackendConformance(nativeBackend, { reference: cpuBackend });
