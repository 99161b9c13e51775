import * as ort from 'onnxruntime-node';

/** Runs an exported model in onnxruntime (Node, CPU) on float32 pixels `[N, ...inputShape]`. */
export async function runOnnx(bytes: Uint8Array, pixels: Float32Array, shape: readonly number[]): Promise<{ probabilities: Float32Array; logits: Float32Array; outputNames: readonly string[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  try {
    const result = await session.run({ pixels: new ort.Tensor('float32', pixels, [...shape]) });
    return {
      probabilities: result.probabilities?.data as Float32Array,
      logits: result.logits?.data as Float32Array,
      outputNames: session.outputNames,
    };
  } finally {
    await session.release();
  }
}
