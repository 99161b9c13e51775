import { detectWebgl } from '@nnlab/backend-webgl';
import { detectWebgpu } from '@nnlab/backend-webgpu';

/**
 * The software renderer's name in a WebGL renderer string or WebGPU adapter
 * description ("SwiftShader", "llvmpipe", ...), or "a fallback adapter" for
 * a WebGPU adapter that says it is one; undefined for a real GPU. Software
 * GPUs compute correctly but far slower than wasm on the same CPU.
 *
 * @example
 * softwareGpuName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // 'SwiftShader'
 */
export function softwareGpuName(description: string, isFallbackAdapter = false): string | undefined {
  if (/swiftshader/i.test(description)) return 'SwiftShader';
  if (/llvmpipe/i.test(description)) return 'llvmpipe';
  if (/softpipe/i.test(description)) return 'softpipe';
  if (/microsoft basic render/i.test(description)) return 'Microsoft Basic Render Driver';
  if (/\bsoftware\b/i.test(description)) return 'a software renderer';
  return isFallbackAdapter ? 'a fallback adapter' : undefined;
}

/**
 * Whether the page's `webgl` or `webgpu` backend would draw on a software
 * GPU, and which (WEBGL_debug_renderer_info's renderer; the WebGPU adapter's
 * info and `isFallbackAdapter`); undefined for a hardware GPU and for the
 * CPU backends.
 */
export async function softwareGpu(backend: string): Promise<string | undefined> {
  if (backend === 'webgl') return softwareGpuName(detectWebgl().renderer ?? '');
  if (backend === 'webgpu') {
    const adapter = (await detectWebgpu()).adapter;
    if (adapter === undefined) return undefined;
    return softwareGpuName([adapter.vendor, adapter.architecture, adapter.device, adapter.description].join(' '), adapter.isFallbackAdapter);
  }
  return undefined;
}
