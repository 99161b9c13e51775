import { isNode } from '@nnlab/core';

/** What the WebGL of this page offers, as found by {@link detectWebgl}. */
export interface WebglSupport {
  /** 2 for WebGL 2, 1 for WebGL 1 only, 0 for none. */
  readonly version: 0 | 1 | 2;
  /**
   * Whether float32 textures can be rendered to (WebGL 2 `EXT_color_buffer_float`;
   * WebGL 1 `OES_texture_float` + `WEBGL_color_buffer_float`). Without them tfjs
   * computes in float16 textures and training loses precision.
   */
  readonly float32RenderTargets: boolean;
  /** The GPU (or software renderer, e.g. SwiftShader) that draws, when the browser tells. */
  readonly renderer?: string;
  /** Largest texture side in texels; bounds the largest tensor tfjs can hold in one texture. */
  readonly maxTextureSize?: number;
  /** Why there is no WebGL, when `version` is 0. */
  readonly reason?: string;
}

type GL = WebGLRenderingContext | WebGL2RenderingContext;

function createCanvas(): HTMLCanvasElement | OffscreenCanvas | undefined {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return undefined;
}

function context(canvas: HTMLCanvasElement | OffscreenCanvas, kind: 'webgl2' | 'webgl'): GL | null {
  try {
    // Same attributes tfjs asks for, so the answer matches what tfjs will get.
    const attributes = { alpha: false, antialias: false, premultipliedAlpha: false, preserveDrawingBuffer: false, depth: false, stencil: false };
    return (canvas as HTMLCanvasElement).getContext(kind, attributes) as GL | null;
  } catch {
    return null;
  }
}

function rendererOf(gl: GL): string | undefined {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const value: unknown = gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Finds out what WebGL this page really has: the version, whether float32
 * render targets exist, and the renderer. Creates one 1x1 context and
 * releases it (browsers cap live contexts at about 16). Never throws; in
 * Node it answers version 0 with the reason "needs a browser".
 *
 * @example
 * const gl = detectWebgl();
 * gl.version; // 2
 * gl.renderer; // 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))'
 */
export function detectWebgl(): WebglSupport {
  if (isNode()) return { version: 0, float32RenderTargets: false, reason: 'needs a browser: WebGL does not exist in Node' };
  const canvas = createCanvas();
  if (canvas === undefined) return { version: 0, float32RenderTargets: false, reason: 'no canvas here (neither document nor OffscreenCanvas)' };
  const gl2 = context(canvas, 'webgl2');
  const gl = gl2 ?? context(createCanvas() ?? canvas, 'webgl');
  if (gl === null) {
    return { version: 0, float32RenderTargets: false, reason: 'this browser gives no WebGL context (WebGL disabled, or no usable GPU driver)' };
  }
  const version = gl2 !== null ? 2 : 1;
  const float32RenderTargets =
    version === 2
      ? gl.getExtension('EXT_color_buffer_float') !== null
      : gl.getExtension('OES_texture_float') !== null && gl.getExtension('WEBGL_color_buffer_float') !== null;
  const renderer = rendererOf(gl);
  const maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { version, float32RenderTargets, ...(renderer === undefined ? {} : { renderer }), maxTextureSize };
}
