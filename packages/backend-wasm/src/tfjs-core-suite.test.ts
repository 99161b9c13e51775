import { describeTfjsCoreSuite } from '@nnlab/testing/tfjs-suite';

// tfjs-core 4.22.0's own specs; stock tfjs-backend-wasm fails specs of its own (wrong answers nnlab's wasm fixes)
// and must pass none that nnlab's wasm does not.
describeTfjsCoreSuite({
  backend: 'wasm',
  helper: new URL('./tfjs-core-suite.test-helper.ts', import.meta.url),
  exclusions: new URL('../tfjs-core-exclusions.txt', import.meta.url),
  minPassed: 3900,
  reference: { backendModule: new URL('./tfjs-core-suite-stock.test-helper.ts', import.meta.url), passesFewer: true },
});
