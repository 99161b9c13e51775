import type { WebglSupport } from './detect-webgl.js';

/**
 * One line for users: what WebGL this page has, with the caveats that matter
 * for training (float16 fallback, software rendering).
 *
 * @example
 * summariseWebgl(detectWebgl()); // 'WebGL 2, float32 render targets, ANGLE (...SwiftShader...), software rendering: correct but slow'
 */
export function summariseWebgl(support: WebglSupport): string {
  if (support.version === 0) return support.reason ?? 'no WebGL';
  const parts = [`WebGL ${support.version}`, support.float32RenderTargets ? 'float32 render targets' : 'no float32 render targets (tfjs falls back to float16: training loses precision)'];
  if (support.renderer !== undefined) parts.push(support.renderer);
  if (/swiftshader|llvmpipe|software/i.test(support.renderer ?? '')) parts.push('software rendering: correct but slow');
  return parts.join(', ');
}
