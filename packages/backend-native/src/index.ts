export { defaultNativeThreads, type NativeActivateOptions, nativeBackend } from './native-backend.js';
export { ADDON_PATH, type AddonLoad, BUILD_COMMAND, loadNativeAddon } from './load-native-addon.js';
export type { NativeAddon, NativeAddonInfo } from './native-addon.js';
export { NATIVE_KERNELS, registerNativeKernels } from './register-native-kernels.js';
export { type KernelArgs, type KernelCallCounts, type NativeImpl, type NativeKernel, nativeKernelStats, resetNativeKernelStats } from './kernels/kernel-support.js';
