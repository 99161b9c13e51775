import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

/** Inputs one first-stage pass of the finiteness check reads (samplers are 16 in WebGL 2 at the least). */
const INPUTS_PER_PASS = 8;
/** Most outputs of a first-stage pass: each output checks a slice of every input. */
const MOST_PARTS = 1024;

/** GLSL: true for NaN and +-Infinity (all exponent bits set); bit tests, which no fast-math compiler folds away. */
const NOT_FINITE = 'bool notFinite(float v) { return (floatBitsToUint(v) & 0x7f800000u) == 0x7f800000u; }';

/**
 * First stage: output `o` is 1 when the slice `[o * w_i, (o + 1) * w_i)`
 * of some input `i` (flat, of size `n_i`) holds a NaN or an infinity.
 */
function partsProgram(sizes: readonly number[], parts: number): GPGPUProgram {
  const names = sizes.map((_, i) => `a${i}`);
  const checks = sizes.map((n, i) => {
    const w = Math.ceil(n / parts);
    return `
    for (int k = 0; k < ${w}; k++) {
      int j = o * ${w} + k;
      if (j >= ${n}) break;
      if (notFinite(getA${i}(j))) bad = 1.0;
    }`;
  });
  return {
    variableNames: names,
    outputShape: [parts],
    userCode: `
  ${NOT_FINITE}
  void main() {
    int o = getOutputCoords();
    float bad = 0.0;${checks.join('')}
    setOutput(bad);
  }`,
  };
}

/** Later stages: 1 when some input value is above 0 (a slice held a NaN or an infinity); `verdict` inverts that into the bool result. */
function foldProgram(sizes: readonly number[], verdict: boolean): GPGPUProgram {
  const loops = sizes.map((n, i) => `
    for (int j = 0; j < ${n}; j++) if (getA${i}(j) > 0.0) bad = true;`);
  return {
    variableNames: sizes.map((_, i) => `a${i}`),
    outputShape: verdict ? [] : [1],
    userCode: `
  void main() {
    bool bad = false;${loops.join('')}
    setOutput(bad == ${verdict ? 'false' : 'true'} ? 1.0 : 0.0);
  }`,
  };
}

/** `t` where the bool scalar `condition` is true, else `e`: one pass, no broadcast of the condition. */
function selectProgram(shape: readonly number[]): GPGPUProgram {
  return {
    variableNames: ['condition', 't', 'e'],
    outputShape: [...shape],
    // if/else, not a ternary or mix(): only the chosen value is read into the output, so a NaN in the other stays out.
    userCode: `
  void main() {
    if (getCondition(0) >= 0.5) {
      setOutput(getTAtOutCoords());
    } else {
      setOutput(getEAtOutCoords());
    }
  }`,
  };
}

function flat(backend: MathBackendWebGL, t: tf.TensorInfo): tf.TensorInfo {
  const reshape = tf.getKernel(tf.Reshape, 'webgl');
  if (reshape === undefined) throw new Error(`${FUSED_KERNELS.allFinite}: the webgl Reshape kernel is not registered`);
  return reshape.kernelFunc({ inputs: { x: t }, backend, attrs: { shape: [tf.util.sizeFromShape(t.shape)] } }) as tf.TensorInfo;
}

function allFinite(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as MathBackendWebGL;
  const intermediates: tf.TensorInfo[] = [];
  try {
    // int32 and bool tensors are always finite, and empty ones have nothing to check.
    const floats = (Object.values(args.inputs) as tf.TensorInfo[]).filter((t) => t.dtype === 'float32' && tf.util.sizeFromShape(t.shape) > 0);
    const flats = floats.map((t) => flat(backend, t));
    intermediates.push(...flats);
    const parts = Math.max(1, Math.min(MOST_PARTS, ...flats.map((t) => t.shape[0] ?? 1)));
    const partials: tf.TensorInfo[] = [];
    for (let i = 0; i < flats.length; i += INPUTS_PER_PASS) {
      const group = flats.slice(i, i + INPUTS_PER_PASS);
      const partial = backend.runWebGLProgram(partsProgram(group.map((t) => t.shape[0] ?? 0), parts), group, 'float32');
      partials.push(partial);
      intermediates.push(partial);
    }
    if (partials.length === 0) return backend.makeTensorInfo([], 'bool', new Uint8Array([1]));
    let bad = partials;
    while (bad.length > INPUTS_PER_PASS) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < bad.length; i += INPUTS_PER_PASS) {
        const group = bad.slice(i, i + INPUTS_PER_PASS);
        next.push(backend.runWebGLProgram(foldProgram(group.map((t) => tf.util.sizeFromShape(t.shape)), false), group, 'float32'));
      }
      intermediates.push(...next);
      bad = next;
    }
    return backend.runWebGLProgram(foldProgram(bad.map((t) => tf.util.sizeFromShape(t.shape)), true), bad, 'bool');
  } finally {
    for (const t of intermediates) backend.disposeIntermediateTensorInfo(t);
  }
}

function selectIf(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = args.backend as MathBackendWebGL;
  const { condition, t, e } = args.inputs as unknown as Record<'condition' | 't' | 'e', tf.TensorInfo>;
  if (t.dtype !== e.dtype || !tf.util.arraysEqual(t.shape, e.shape)) {
    throw new Error(`${FUSED_KERNELS.selectIf}: t [${t.shape}] ${t.dtype} and e [${e.shape}] ${e.dtype} must match`);
  }
  const scalar = flat(backend, condition);
  try {
    return backend.runWebGLProgram(selectProgram(t.shape), [scalar, t, e], t.dtype);
  } finally {
    backend.disposeIntermediateTensorInfo(scalar);
  }
}

/**
 * `NnlabAllFinite` and `NnlabSelectIf` (`FUSED_KERNELS` in @nnlab/core) as
 * WebGL 2 shaders, so `fit`'s masked update is a few passes instead of a
 * sum per gradient and a broadcast plus `tf.where` per parameter and state
 * tensor. The check reads up to 8 gradients per pass (each of 1024 outputs
 * tests a slice of each, by the exponent bits), then one pass folds those
 * into a bool scalar; the select is one pass per tensor that reads the flag.
 * WebGL 2 only (`floatBitsToUint`); on WebGL 1 the trainer's portable path runs.
 */
export function webglMaskKernels(): tf.KernelConfig[] {
  return [
    { kernelName: FUSED_KERNELS.allFinite, backendName: 'webgl', kernelFunc: allFinite as unknown as tf.KernelFunc },
    { kernelName: FUSED_KERNELS.selectIf, backendName: 'webgl', kernelFunc: selectIf as unknown as tf.KernelFunc },
  ];
}
