import { describeTfjsCoreSuite } from '@nnlab/testing/tfjs-suite';

// tfjs-core 4.22.0's own specs in their own process (see @nnlab/testing's describeTfjsCoreSuite).
describeTfjsCoreSuite({
  backend: 'webgl',
  helper: new URL('./tfjs-core-suite.test-helper.ts', import.meta.url),
  exclusions: new URL('../tfjs-core-exclusions.txt', import.meta.url),
  browser: true,
  minPassed: 500,
});
