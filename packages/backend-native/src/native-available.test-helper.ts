import { describe } from 'vitest';
import { loadNativeAddon } from './load-native-addon.js';

const load = loadNativeAddon();

/** Whether the oneDNN addon loads here (CI installs libdnnl-dev through tools/setup.sh). */
export const nativeAvailable = load.ok;
if (!load.ok) console.warn(`skipping @nnlab/backend-native tests that need the addon: ${load.reason}; ${load.install}`);

/** `describe` when the addon loads; skipped (with the warning above) when it does not. */
export function describeNative(name: string, body: () => void): void {
  describe.skipIf(!nativeAvailable)(name, body);
}
