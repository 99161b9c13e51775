import { hostMaskKernels } from '@nnlab/backend-cpu';
import { FUSED_KERNELS } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import type { NativeAddon } from '../native-addon.js';
import { nativeMaskKernels } from './mask-kernels.js';

describe('nativeMaskKernels', () => {
  const host = hostMaskKernels('native');
  const funcOf = (configs: ReturnType<typeof hostMaskKernels>, name: string): unknown => configs.find((c) => c.kernelName === name)?.kernelFunc;

  it('runs the finiteness check in the addon and shares backend-cpu select', () => {
    const kernels = nativeMaskKernels({ allFinite: () => true } as unknown as NativeAddon);
    expect(kernels.map((c) => [c.kernelName, c.backendName])).toEqual([[FUSED_KERNELS.allFinite, 'native'], [FUSED_KERNELS.selectIf, 'native']]);
    expect(funcOf(kernels, FUSED_KERNELS.allFinite)).not.toBe(funcOf(host, FUSED_KERNELS.allFinite));
    expect(funcOf(kernels, FUSED_KERNELS.selectIf)).toBe(funcOf(host, FUSED_KERNELS.selectIf));
  });

  it('falls back to the JavaScript check with an addon built before allFinite existed', () => {
    const kernels = nativeMaskKernels({} as NativeAddon);
    expect(funcOf(kernels, FUSED_KERNELS.allFinite)).toBe(funcOf(host, FUSED_KERNELS.allFinite));
  });
});
