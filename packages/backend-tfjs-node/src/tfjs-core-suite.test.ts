import { describeTfjsCoreSuite } from '@nnlab/testing/tfjs-suite';
import { tfjsNodeBackend } from './tfjs-node-backend.js';

const probe = await tfjsNodeBackend.probe();

// tfjs-core 4.22.0's own specs, where @tensorflow/tfjs-node is installed (this workspace cannot install it).
describeTfjsCoreSuite({
  backend: 'tfjs-node',
  helper: new URL('./tfjs-core-suite.test-helper.ts', import.meta.url),
  exclusions: new URL('../tfjs-core-exclusions.txt', import.meta.url),
  ...(probe.available ? {} : { skip: probe.reason ?? 'unavailable' }),
});
