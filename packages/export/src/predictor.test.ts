import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { DataFormatError, Rng } from '@nnlab/core';
import { buildModel } from '@nnlab/models';
import { exportOnnx } from './export-onnx.js';
import { modelPredictor } from './model-predictor.js';
import { onnxPredictor } from './onnx-predictor.js';
import { imageShape } from './predictor.js';

const input = { inputShape: [28, 28, 1], normalization: { mean: [0.13], std: [0.31] }, classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] };

beforeAll(async () => {
  await wasmBackend.activate();
});

/** 300 seeded examples: more than one 256-example batch of the model predictor. */
function pixels(count: number): Float32Array {
  const rng = new Rng(3);
  return Float32Array.from({ length: count * 784 }, () => rng.float());
}

describe('predictors', () => {
  it('modelPredictor normalises, runs the model in batches and returns softmax rows, leaking no tensor', async () => {
    const model = buildModel('cnn', { rng: new Rng(0) });
    model.eval();
    const predictor = modelPredictor(model, input, { source: 'test cnn' });
    expect(predictor).toMatchObject({ kind: 'model', source: 'test cnn', inputShape: [28, 28, 1], classNames: input.classNames });
    const x = pixels(300);
    const before = tf.memory().numTensors;
    const { probabilities, classes } = await predictor.predict(x, 300);
    expect(tf.memory().numTensors).toBe(before);
    expect(classes).toBe(10);
    expect(probabilities).toHaveLength(3000);
    const expected = tf.tidy(() => tf.softmax(model.forward(tf.div(tf.sub(tf.tensor(x, [300, 28, 28, 1]), 0.13), 0.31))).dataSync());
    probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i] as number, 5));
    await predictor.dispose();
    model.dispose();
  });

  it('onnxPredictor runs an exported file in onnxruntime-web and agrees with the model', async () => {
    const model = buildModel('mlp:784-32-10', { rng: new Rng(1) });
    model.eval();
    const bytes = await exportOnnx(model, input);
    const onnx = await onnxPredictor(bytes, 'mlp.onnx');
    expect(onnx).toMatchObject({ kind: 'onnx', source: 'mlp.onnx (ONNX, onnxruntime-web)', inputShape: [28, 28, 1], classNames: input.classNames });
    const x = pixels(20);
    const fromOnnx = await onnx.predict(x, 20);
    const fromModel = await modelPredictor(model, input).predict(x, 20);
    expect(fromOnnx.classes).toBe(10);
    fromOnnx.probabilities.forEach((p, i) => expect(p).toBeCloseTo(fromModel.probabilities[i] as number, 5));
    await onnx.dispose();
    model.dispose();
  });

  it('refuses bytes that are not an nnlab ONNX file, naming the source', async () => {
    await expect(onnxPredictor(new Uint8Array([1, 2, 3, 4, 5]), 'junk.onnx')).rejects.toThrow(DataFormatError);
    await expect(onnxPredictor(new Uint8Array([1, 2, 3, 4, 5]), 'junk.onnx')).rejects.toThrow(/junk\.onnx/);
    expect(() => imageShape([10, 3], 'm')).toThrow(/the model takes \[10, 3\], which is not an image shape/);
    expect(imageShape([784], 'm')).toEqual([28, 28, 1]);
    const model = buildModel('mlp:784-4-10', { rng: new Rng(0) });
    expect(() => modelPredictor(model, { inputShape: [784], normalization: undefined as never })).toThrow(/normalization is required/);
    model.dispose();
  });
});
