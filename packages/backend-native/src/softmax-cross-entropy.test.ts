import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS, Rng } from '@nnlab/core';
import { crossEntropy } from '@nnlab/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { nativeKernelStats, resetNativeKernelStats } from './kernels/kernel-support.js';
import { describeNative } from './native-available.test-helper.js';
import { nativeBackend } from './native-backend.js';
import { relativeError } from './relative-error.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// Softmax cross-entropy as one native kernel each way: checked against float64 closed forms, and
// @nnlab/layers' crossEntropy (which dispatches it on native) against its elementwise formulation.

/** Per-row loss and the logits' gradient for upstream dy, in float64. */
function reference(logits: Float32Array, target: Float32Array, dy: Float32Array, classes: number): { loss: Float64Array; dlogits: Float64Array } {
  const rows = logits.length / classes;
  const loss = new Float64Array(rows);
  const dlogits = new Float64Array(logits.length);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(logits.subarray(r * classes, (r + 1) * classes));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, l) => s + Math.exp(l - max), 0));
    let weight = 0;
    for (let c = 0; c < classes; c++) {
      const t = target[r * classes + c]!;
      loss[r]! += -t * (row[c]! - lse);
      weight += t;
    }
    for (let c = 0; c < classes; c++) dlogits[r * classes + c] = dy[r]! * (Math.exp(row[c]! - lse) * weight - target[r * classes + c]!);
  }
  return { loss, dlogits };
}

describeNative('fused softmax cross-entropy kernels (needs libdnnl)', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
    await nativeBackend.activate();
    await tf.setBackend('native');
  });

  it.each([
    { name: 'one-hot rows, logits near 0', rows: 37, classes: 10, scale: 3, shift: 0, soft: false },
    { name: 'soft rows not summing to 1, logits around 1000', rows: 5, classes: 7, scale: 20, shift: 1000, soft: true },
  ])('NnlabSoftmaxCrossEntropy and its gradient match float64: $name', ({ rows, classes, scale, shift, soft }) => {
    const rng = new Rng(11);
    const logits = Float32Array.from(rng.uniformArray(rows * classes, -1, 1) as ArrayLike<number>, (v) => v * scale + shift);
    const target = new Float32Array(rows * classes);
    const draws = rng.uniformArray(rows * classes, 0, 1) as ArrayLike<number>;
    for (let r = 0; r < rows; r++) {
      if (soft) for (let c = 0; c < classes; c++) target[r * classes + c] = draws[r * classes + c]!;
      else target[r * classes + (r % classes)] = 1;
    }
    const dy = Float32Array.from(rng.uniformArray(rows, -1, 1) as ArrayLike<number>);
    const expected = reference(logits, target, dy, classes);

    resetNativeKernelStats();
    const before = tf.memory().numTensors;
    const [loss, dlogits] = tf.tidy(() => {
      const t = tf.tensor(target, [rows, classes]);
      const forward = (l: tf.Tensor): tf.Tensor => tf.engine().runKernel(FUSED_KERNELS.softmaxCrossEntropy, { logits: l, target: t }) as tf.Tensor;
      const l = tf.tensor(logits, [rows, classes]);
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(forward(x), tf.tensor(dy))))(l);
      return [forward(l), grad].map((out) => out.dataSync() as Float32Array);
    }) as Float32Array[];
    expect(tf.memory().numTensors).toBe(before);
    expect(nativeKernelStats()[FUSED_KERNELS.softmaxCrossEntropyGrad]?.native).toBe(1);
    expect(relativeError(loss!, expected.loss)).toBeLessThan(1e-6);
    expect(relativeError(dlogits!, expected.dlogits)).toBeLessThan(1e-6);
  });

  it("@nnlab/layers' crossEntropy runs it and agrees with the elementwise formulation, loss and gradient", () => {
    const rng = new Rng(5);
    const logits = tf.tensor(rng.uniformArray(64 * 10, -4, 4) as ArrayLike<number> as number[], [64, 10]);
    const labels = tf.tensor1d(Array.from({ length: 64 }, (_, i) => (i * 7) % 10), 'int32');
    resetNativeKernelStats();
    const fused = tf.tidy(() => tf.valueAndGrad((l: tf.Tensor) => crossEntropy(l, labels) as tf.Scalar)(logits));
    expect(nativeKernelStats()[FUSED_KERNELS.softmaxCrossEntropy]?.native).toBe(1);
    const elementwise = tf.tidy(() =>
      tf.valueAndGrad((l: tf.Tensor) => tf.mean(tf.neg(tf.sum(tf.mul(tf.oneHot(labels, 10, 1, 0, 'float32'), tf.logSoftmax(l)), -1))) as tf.Scalar)(logits),
    );
    expect(fused.value.dataSync()[0]).toBeCloseTo(elementwise.value.dataSync()[0]!, 6);
    const a = fused.grad.dataSync();
    const b = elementwise.grad.dataSync();
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-7);
    tf.dispose([fused.value, fused.grad, elementwise.value, elementwise.grad, logits, labels]);
  });

  it('a NaN logit makes its row NaN, as the elementwise formulation does', () => {
    const out = tf.tidy(() =>
      (tf.engine().runKernel(FUSED_KERNELS.softmaxCrossEntropy, { logits: tf.tensor2d([[0, Number.NaN], [1, 2]]), target: tf.tensor2d([[1, 0], [0, 1]]) }) as tf.Tensor).dataSync(),
    );
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(out[1]).toBeCloseTo(Math.log(1 + Math.exp(-1)), 6);
  });

  it('rejects mismatched inputs with a clear error', () => {
    expect(() => tf.tidy(() => tf.engine().runKernel(FUSED_KERNELS.softmaxCrossEntropy, { logits: tf.ones([4, 3]), target: tf.ones([4, 2]) }))).toThrow(
      /NnlabSoftmaxCrossEntropy: logits and target must be float32 \[rows, classes\] tensors of one shape/,
    );
  });
});
