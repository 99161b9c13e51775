import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { Rng } from '@nnlab/core';
import { computeMeanStd, type ImageDataset, normalize, subset } from '@nnlab/datasets';
import { loadMnist10k } from '@nnlab/datasets/node';
import { type Module } from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { exportOnnx, ONNX_OPSET } from './export-onnx.js';
import { decodeOnnxModel } from './onnx/onnx-proto.js';
import { runOnnx } from './run-onnx.test-helper.js';

let images: ImageDataset;
let stats: { mean: number[]; std: number[] };

beforeAll(async () => {
  // wasm (XNNPACK) rather than cpu: cnn3's forward pass over 100 images takes ~1 s there, ~50 s in pure JavaScript.
  await wasmBackend.activate();
  const data = await loadMnist10k();
  images = subset(data, Array.from({ length: 100 }, (_, i) => i * 97));
  const meanStd = computeMeanStd(data);
  stats = { mean: [...meanStd.mean], std: [...meanStd.std] };
});

/** Moves batch-norm running statistics away from 0 and 1, as training does, so their export is tested. */
function warmUpBatchNorm(model: Module): void {
  model.train();
  tf.tidy(() => {
    for (let i = 0; i < 3; i++) model.forward(tf.randomUniform([16, 28, 28, 1], 0, 1, 'float32', i));
  });
  model.eval();
}

function nnlabLogits(model: Module, dataset: ImageDataset): Float32Array {
  model.eval();
  const x = tf.tensor4d(normalize(dataset, stats).images, [dataset.count, ...dataset.shape]);
  const logits = model.forward(x);
  const values = logits.dataSync() as Float32Array;
  tf.dispose([x, logits]);
  return values;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe.each(['mlp', 'cnn', 'cnn3'])('exportOnnx(%s) in onnxruntime-node', (name) => {
  it('gives the same logits as nnlab within 1e-4 on 100 MNIST test images, and their softmax', async () => {
    const model = buildModel(name, { rng: new Rng(1) });
    if (name === 'cnn3') warmUpBatchNorm(model);
    const before = tf.memory().numTensors;
    const bytes = await exportOnnx(model, { inputShape: [28, 28, 1], normalization: stats, classNames: [...'0123456789'] });
    expect(tf.memory().numTensors).toBe(before);
    const expected = nnlabLogits(model, images);
    const onnx = await runOnnx(bytes, images.images, [images.count, 28, 28, 1]);
    expect(onnx.outputNames).toEqual(['probabilities', 'logits']);
    const difference = maxAbsDifference(onnx.logits, expected);
    console.log(`${name}: max |onnxruntime - nnlab| logit difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-4);
    const probabilities = tf.tidy(() => tf.softmax(tf.tensor2d(expected, [images.count, 10])).dataSync());
    expect(maxAbsDifference(onnx.probabilities, probabilities)).toBeLessThan(1e-5);
    model.dispose();
  }, 120_000);
});

describe('exportOnnx file', () => {
  it('declares opset 17, a dynamic batch, the input shape, and records the preprocessing', async () => {
    const model = buildModel('cnn', { rng: new Rng(0) });
    const decoded = decodeOnnxModel(await exportOnnx(model, { inputShape: [28, 28, 1], normalization: stats, name: 'cnn' })) as {
      opsetImport: Array<{ version: number }>;
      graph: { node: Array<{ opType: string }>; input: Array<{ type: { tensorType: { shape: { dim: Array<{ dimParam?: string; dimValue?: number }> } } } }> };
      metadataProps: Array<{ key: string; value: string }>;
    };
    expect(decoded.opsetImport[0]?.version).toBe(ONNX_OPSET);
    const dims = decoded.graph.input[0]?.type.tensorType.shape.dim;
    expect(dims).toEqual([{ dimParam: 'batch' }, { dimValue: 28 }, { dimValue: 28 }, { dimValue: 1 }]);
    const ops = decoded.graph.node.map((node) => node.opType);
    expect(ops.slice(0, 3)).toEqual(['Sub', 'Mul', 'Transpose']);
    expect(ops.filter((op) => op === 'Transpose')).toHaveLength(1);
    expect(JSON.parse(decoded.metadataProps.find((entry) => entry.key === 'nnlab.normalization')?.value ?? 'null')).toEqual(stats);
    model.dispose();
  });
});
