import { describeTfjsCoreSuite, STOCK_CPU_SUITE_BACKEND } from '@nnlab/testing/tfjs-suite';
import { loadNativeAddon } from './load-native-addon.js';

const load = loadNativeAddon();

// tfjs-core 4.22.0's own specs; the native backend must pass every spec stock tfjs-backend-cpu passes.
describeTfjsCoreSuite({
  backend: 'native',
  helper: new URL('./tfjs-core-suite.test-helper.ts', import.meta.url),
  exclusions: new URL('../tfjs-core-exclusions.txt', import.meta.url),
  minPassed: 4000,
  reference: { backendModule: STOCK_CPU_SUITE_BACKEND, passesAll: true },
  ...(load.ok ? {} : { skip: `${load.reason}; ${load.install}` }),
});
