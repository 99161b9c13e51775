import { describeBackendLifecycle } from '@nnlab/testing';
import { cpuBackend } from './cpu-backend.js';

describeBackendLifecycle(cpuBackend);
