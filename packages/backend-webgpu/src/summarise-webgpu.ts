import type { WebgpuSupport } from './detect-webgpu.js';

/**
 * One line for users: the WebGPU adapter this page gets (vendor,
 * architecture, description), or why there is none; flags a fallback
 * (software) adapter.
 *
 * @example
 * summariseWebgpu(await detectWebgpu()); // 'WebGPU adapter google swiftshader (fallback adapter: software, correct but slow)'
 */
export function summariseWebgpu(support: WebgpuSupport): string {
  if (!support.available || support.adapter === undefined) return support.reason ?? 'no WebGPU';
  const { vendor, architecture, device, description, isFallbackAdapter } = support.adapter;
  const name = [vendor, architecture, device, description].filter((part) => part.length > 0).join(' ') || 'unnamed';
  return `WebGPU adapter ${name}${isFallbackAdapter ? ' (fallback adapter: software, correct but slow)' : ''}`;
}
