import { fileURLToPath } from 'node:url';
import { describeSuiteResult, runTfjsCoreSuite } from '@nnlab/testing/tfjs-suite';
import { describe, expect, it } from 'vitest';
import { tfjsNodeBackend } from './tfjs-node-backend.js';

const helper = fileURLToPath(new URL('./tfjs-core-suite.test-helper.ts', import.meta.url));
const exclusions = fileURLToPath(new URL('../tfjs-core-exclusions.txt', import.meta.url));
const probe = await tfjsNodeBackend.probe();

// tfjs-core 4.22.0's own specs, whole, where @tensorflow/tfjs-node is installed (this workspace cannot install it).
describe.skipIf(!probe.available)(`tfjs-core spec suite on tfjs-node${probe.available ? '' : ` (skipped: ${probe.reason})`}`, () => {
  it('passes every spec but its documented exclusions', async () => {
    const result = await runTfjsCoreSuite({ backendModule: helper, exclusionsFile: exclusions });
    console.log(`tfjs-core suite: ${describeSuiteResult(result)}`);
    expect(result.failures, describeSuiteResult(result)).toEqual([]);
    expect(result.unusedExclusions).toEqual([]);
  }, 600_000);
});
