import { describe, expect, it } from 'vitest';
import { rankBackends } from './rank-backends.js';
import { softwareGpuName } from './software-gpu.js';

describe('rankBackends', () => {
  it('picks the fastest timed backend and ranks software GPUs last, saying why', () => {
    const choice = rankBackends(
      [
        { name: 'webgpu', available: true, software: 'SwiftShader' },
        { name: 'webgl', available: true, software: 'SwiftShader' },
        { name: 'wasm', available: true, samplesPerSec: 2310.4 },
        { name: 'cpu', available: true, samplesPerSec: 402 },
      ],
      1.23,
    );
    expect(choice.name).toBe('wasm');
    expect(choice.ranking).toEqual(['wasm', 'cpu', 'webgpu', 'webgl']);
    expect(choice.why).toBe('wasm: fastest in a 1.2 s probe (wasm 2,310, cpu 402 training samples/s); webgpu and webgl are software (SwiftShader), ranked last');
  });

  it('prefers a fast hardware GPU, skips unavailable backends and names failures', () => {
    const choice = rankBackends(
      [
        { name: 'webgpu', available: false },
        { name: 'webgl', available: true, samplesPerSec: 9000 },
        { name: 'wasm', available: true, failed: 'activation timed out' },
        { name: 'cpu', available: true, samplesPerSec: 300 },
      ],
      0.9,
    );
    expect(choice).toEqual({
      name: 'webgl',
      ranking: ['webgl', 'cpu', 'wasm'],
      why: 'webgl: fastest in a 0.9 s probe (webgl 9,000, cpu 300 training samples/s); wasm failed the probe (activation timed out)',
    });
  });

  it('takes a software GPU over nothing, and cpu when nothing is available', () => {
    expect(rankBackends([{ name: 'webgl', available: true, software: 'llvmpipe' }], 0.1)).toEqual({
      name: 'webgl',
      ranking: ['webgl'],
      why: 'webgl: nothing else could be timed; webgl is software (llvmpipe), ranked last',
    });
    expect(rankBackends([{ name: 'cpu', available: true, samplesPerSec: 50 }], 0.4).why).toBe('cpu: the only backend timed (50 training samples/s in a 0.4 s probe)');
    expect(rankBackends([{ name: 'webgl', available: false }], 0).name).toBe('cpu');
  });
});

describe('softwareGpuName', () => {
  it('recognises software renderers by their WebGL renderer or WebGPU adapter strings', () => {
    expect(softwareGpuName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareGpuName('google swiftshader  ', true)).toBe('SwiftShader');
    expect(softwareGpuName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareGpuName('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe('Microsoft Basic Render Driver');
    expect(softwareGpuName('', true)).toBe('a fallback adapter');
    expect(softwareGpuName('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeUndefined();
    expect(softwareGpuName('Apple M2')).toBeUndefined();
  });
});
