import { DataFormatError } from '@nnlab/core';

/**
 * Something that classifies images: a model in memory ({@link modelPredictor})
 * or an exported ONNX file run by onnxruntime-web ({@link onnxPredictor}).
 * Both take pixels in [0, 1], channels last, and apply training's
 * normalisation themselves.
 */
export interface Predictor {
  /** `model` (an nnlab model, e.g. a loaded checkpoint's) or `onnx`. */
  readonly kind: 'model' | 'onnx';
  /** Where it came from, for messages (`runs/a (cnn, backend cpu)`). */
  readonly source: string;
  /** One example without the batch axis, channels last (`[28, 28, 1]`). */
  readonly inputShape: readonly [number, number, number];
  readonly classNames: readonly string[] | undefined;
  /** Class probabilities `[count, classes]` (row-major) for `count` examples of pixels in [0, 1]. */
  predict(pixels: Float32Array, count: number): Promise<{ probabilities: Float32Array; classes: number }>;
  dispose(): Promise<void> | void;
}

/**
 * The example shape as `[height, width, channels]`: a flat `[features]`
 * shape is taken as a square grey image; anything else throws a
 * `DataFormatError` naming `source`.
 *
 * @example
 * imageShape([784], 'model.onnx'); // [28, 28, 1]
 */
export function imageShape(shape: readonly number[], source: string): [number, number, number] {
  if (shape.length === 3) return [shape[0] as number, shape[1] as number, shape[2] as number];
  const side = Math.round(Math.sqrt(shape[0] ?? 0));
  if (shape.length === 1 && side * side === shape[0]) return [side, side, 1];
  throw new DataFormatError(`the model takes [${shape.join(', ')}], which is not an image shape`, source);
}
