import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@nnlab/backend-wasm';
import { Rng } from '@nnlab/core';
import {
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  Identity,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '@nnlab/layers';
import { buildModel } from '@nnlab/models';
import { exportOnnx, type ExportOnnxOptions } from './export-onnx.js';
import { runOnnx } from './run-onnx.test-helper.js';

const written: string[] = [];
const directory = mkdtempSync(join(tmpdir(), 'nnlab-export-'));

beforeAll(async () => {
  await wasmBackend.activate();
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Runs `model` in nnlab and in onnxruntime on the same random pixels; returns both logits and probabilities. */
async function compare(model: Module, options: ExportOnnxOptions, batch = 5): Promise<{ difference: number; probabilityDifference: number }> {
  model.eval();
  const bytes = await exportOnnx(model, options);
  const file = join(directory, `model-${written.length}.onnx`);
  writeFileSync(file, bytes);
  written.push(file);
  const shape = [batch, ...options.inputShape];
  const pixels = tf.tidy(() => tf.randomUniform(shape, 0, 1, 'float32', 7).dataSync() as Float32Array);
  const { expected, probabilities } = tf.tidy(() => {
    let x = tf.tensor(pixels, shape);
    if (options.normalization !== null) x = tf.div(tf.sub(x, tf.tensor1d([...options.normalization.mean])), tf.tensor1d([...options.normalization.std]));
    const out = model.forward(x);
    const last = model instanceof Sequential ? model.children().at(-1) : undefined;
    const logits = last instanceof Softmax ? tf.log(out) : out;
    return { expected: logits.dataSync(), probabilities: tf.softmax(logits).dataSync() };
  });
  const onnx = await runOnnx(bytes, pixels, shape);
  const max = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
  // A Softmax head's logits are its input; compare through the probabilities instead (log of them, above).
  const onnxLogits = model instanceof Sequential && model.children().at(-1) instanceof Softmax ? onnx.probabilities.map(Math.log) : onnx.logits;
  return { difference: max(onnxLogits, expected), probabilityDifference: max(onnx.probabilities, probabilities) };
}

function randomizeBatchNorm(model: Module, shape: readonly number[]): void {
  model.train();
  tf.tidy(() => {
    for (let i = 0; i < 3; i++) model.forward(tf.randomNormal([8, ...shape], 0.3, 2, 'float32', i));
  });
  model.eval();
}

describe('exportOnnx layers (onnxruntime-node)', () => {
  it('strided, padded and same convolutions, both poolings, batch norm, every activation, RGB input', async () => {
    const rng = new Rng(3);
    const model = new Sequential(
      new Conv2d(3, 6, 3, { rng: rng.fork('a'), stride: 2, padding: 1 }),
      new BatchNorm2d(6),
      new LeakyReLU({ negativeSlope: 0.2 }),
      new MaxPool2d(3, { stride: 2, padding: 1 }),
      new Conv2d(6, 4, [4, 3], { rng: rng.fork('b'), padding: 'same', bias: false }),
      new Tanh(),
      new AvgPool2d(2, { padding: 1, countIncludePad: false }),
      new Sequential(new Conv2d(4, 5, 1, { rng: rng.fork('c') }), new Sigmoid(), new AvgPool2d(2, { padding: 1 })),
      new Flatten(),
      new BatchNorm1d(5 * 2 * 2),
      new Dropout({ p: 0.5, rng: rng.fork('d') }),
      new Identity(),
      new Linear(20, 12, { rng: rng.fork('e') }),
      new ReLU(),
      new Linear(12, 4, { rng: rng.fork('f') }),
      new LogSoftmax(),
    );
    randomizeBatchNorm(model, [13, 17, 3]);
    const result = await compare(model, { inputShape: [13, 17, 3], normalization: { mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] } });
    expect(result.difference).toBeLessThan(1e-5);
    expect(result.probabilityDifference).toBeLessThan(1e-6);
    model.dispose();
  });

  it('a Softmax head is the probabilities output; a Flatten with no Linear after it transposes back to channels last', async () => {
    const rng = new Rng(4);
    const model = new Sequential(new Conv2d(1, 3, 3, { rng }), new ReLU(), new Flatten(), new Softmax());
    const result = await compare(model, { inputShape: [4, 4, 1], normalization: null });
    expect(result.difference).toBeLessThan(1e-5);
    model.dispose();
  });

  it('an MLP on feature vectors, with a single normalisation statistic', async () => {
    const model = buildModel('mlp:20-8-3,activation=sigmoid,batchnorm=true,dropout=0.1', { rng: new Rng(5) });
    randomizeBatchNorm(model, [20]);
    const result = await compare(model, { inputShape: [20], normalization: { mean: [0.5], std: [0.25] } });
    expect(result.difference).toBeLessThan(1e-5);
    model.dispose();
  });

  it('is valid for onnx.checker (full check with shape inference) (needs python3-onnx)', (context) => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log('skipped: /usr/bin/python3 cannot import onnx; apt-get install python3-onnx to run this check');
      context.skip();
    }
    expect(written.length).toBe(3);
    const report = execFileSync('/usr/bin/python3', ['tools/export/check_onnx.py', ...written], { encoding: 'utf8', cwd: join(import.meta.dirname, '../../..') });
    expect(report.match(/: valid \(IR 8, opset ai\.onnx 17/g)).toHaveLength(3);
  });
});

describe('exportOnnx errors', () => {
  class Doubler extends Module {
    forward(x: tf.Tensor): tf.Tensor {
      return tf.mul(x, 2);
    }
  }
  class Block extends Module {
    constructor() {
      super();
      this.registerModule('inner', new ReLU());
    }
    forward(x: tf.Tensor): tf.Tensor {
      return x;
    }
  }
  const input = { inputShape: [4], normalization: null } as const;

  it('names an unsupported layer and lists the supported ones', async () => {
    const model = new Sequential(new Linear(4, 3, { rng: new Rng(0) }), new Doubler());
    await expect(exportOnnx(model, input)).rejects.toThrow(/layer 1 \(Doubler\) is not supported by the ONNX export; supported layers: Linear, Conv2d/);
  });

  it('refuses containers that are not Sequential, wrong shapes, missing normalisation and bad class names', async () => {
    await expect(exportOnnx(new Block(), input)).rejects.toThrow(/layer \(the model\) \(Block\) contains other layers but is not a Sequential/);
    const linear = new Sequential(new Linear(4, 3, { rng: new Rng(0) }));
    await expect(exportOnnx(linear, { inputShape: [5], normalization: null })).rejects.toThrow(/layer 0 \(Linear\) does not accept input \[1, 5\]/);
    await expect(exportOnnx(linear, { inputShape: [4] } as unknown as ExportOnnxOptions)).rejects.toThrow(/normalization is required/);
    await expect(exportOnnx(linear, { inputShape: [2, 2, 1], normalization: { mean: [0, 0], std: [1, 1] } })).rejects.toThrow(/normalization.mean must list 1 or 1 finite numbers/);
    await expect(exportOnnx(linear, { ...input, classNames: ['a', 'b'] })).rejects.toThrow(/classNames lists 2 names, the model outputs 3 classes/);
    await expect(exportOnnx(new Sequential(new Conv2d(1, 2, 1, { rng: new Rng(0) })), { inputShape: [3, 3, 1], normalization: null })).rejects.toThrow(
      /must output \[N, classes\], got \[1, 3, 3, 2\]/,
    );
  });
});
