import { cpuBackend } from '@nnlab/backend-cpu';
import { FUSED_KERNELS, type FusedAdagradAttrs, type FusedAdamAttrs } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';

// Stand-ins for a backend's fused kernels, on cpu, rounding every operation to float32 in the
// order the elementwise path uses, so dispatching them must change nothing.
const f = Math.fround;
const calls = { adam: 0, adagrad: 0 };

type CpuBackend = { readSync(id: object): Float32Array; makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo };

function outputs(backend: CpuBackend, shape: number[], arrays: Float32Array[]): tf.TensorInfo[] {
  return arrays.map((values) => backend.makeTensorInfo(shape, 'float32', values));
}

const fakeAdam: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.adam,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    calls.adam += 1;
    const cpu = backend as unknown as CpuBackend;
    const { gradient, firstMoment, secondMoment } = inputs as Record<string, tf.TensorInfo>;
    const [g, m, v] = [gradient, firstMoment, secondMoment].map((t) => cpu.readSync((t as tf.TensorInfo).dataId)) as [Float32Array, Float32Array, Float32Array];
    const { beta1, beta2, epsilon, scale } = attrs as unknown as FusedAdamAttrs;
    const [m2, v2, d] = [new Float32Array(g.length), new Float32Array(g.length), new Float32Array(g.length)];
    for (let i = 0; i < g.length; i++) {
      m2[i] = f(f(f(m[i] as number) * f(beta1)) + f((g[i] as number) * f(1 - beta1)));
      v2[i] = f(f((v[i] as number) * f(beta2)) + f(f((g[i] as number) * (g[i] as number)) * f(1 - beta2)));
      d[i] = f(f((m2[i] as number) / f(f(Math.sqrt(v2[i] as number)) + f(epsilon))) * f(scale));
    }
    return outputs(cpu, (gradient as tf.TensorInfo).shape, [m2, v2, d]);
  },
};

const fakeAdagrad: tf.KernelConfig = {
  kernelName: FUSED_KERNELS.adagrad,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    calls.adagrad += 1;
    const cpu = backend as unknown as CpuBackend;
    const { gradient, sum } = inputs as Record<string, tf.TensorInfo>;
    const [g, s] = [gradient, sum].map((t) => cpu.readSync((t as tf.TensorInfo).dataId)) as [Float32Array, Float32Array];
    const { epsilon, scale } = attrs as unknown as FusedAdagradAttrs;
    const [s2, d] = [new Float32Array(g.length), new Float32Array(g.length)];
    for (let i = 0; i < g.length; i++) {
      s2[i] = f((s[i] as number) + f((g[i] as number) * (g[i] as number)));
      d[i] = f(f((g[i] as number) / f(f(Math.sqrt(s2[i] as number)) + f(epsilon))) * f(scale));
    }
    return outputs(cpu, (gradient as tf.TensorInfo).shape, [s2, d]);
  },
};

/** Parameter values after five steps of `name` on fixed gradients. */
function train(name: string, options: Record<string, number | boolean>): number[][] {
  const params: Array<[string, tf.Variable]> = [
    ['w', tf.variable(tf.tensor2d([[0.5, -1, 0.3], [2, 0.25, -0.1]]))],
    ['b', tf.variable(tf.tensor1d([0.1, -0.2, 0.05]))],
  ];
  const optimizer = createOptimizer(name, params, options);
  for (let step = 1; step <= 5; step++) {
    tf.tidy(() =>
      optimizer.step({
        w: tf.mul(tf.tensor2d([[0.3, -0.7, 0.2], [0.1, 0.9, -0.4]]), Math.cos(step)),
        b: tf.mul(tf.tensor1d([-0.5, 0.25, 0.6]), Math.sin(step)),
      }),
    );
  }
  const values = params.map(([, v]) => Array.from(v.dataSync()));
  optimizer.dispose();
  tf.dispose(params.map(([, v]) => v));
  return values;
}

describe('fused optimizer kernels', () => {
  beforeAll(async () => {
    await cpuBackend.activate();
  });
  afterAll(() => {
    for (const name of Object.values(FUSED_KERNELS)) if (tf.getKernel(name, 'cpu') !== undefined) tf.unregisterKernel(name, 'cpu');
  });

  for (const [name, options, kernel] of [
    ['adam', { learningRate: 0.01 }, 'adam'],
    ['adamw', { learningRate: 0.01, weightDecay: 0.1 }, 'adam'],
    ['adagrad', { learningRate: 0.1 }, 'adagrad'],
    ['adagrad', { learningRate: 0.1, learningRateDecay: 0.05, initialAccumulatorValue: 0.1 }, 'adagrad'],
  ] as const) {
    it(`${name} ${JSON.stringify(options)} dispatches the ${kernel} kernel when the backend has it, with the same result`, () => {
      const portable = train(name, options);
      tf.registerKernel(kernel === 'adam' ? fakeAdam : fakeAdagrad);
      const before = calls[kernel];
      try {
        const fused = train(name, options);
        expect(calls[kernel] - before).toBe(10); // 5 steps x 2 parameters
        expect(fused).toEqual(portable);
      } finally {
        tf.unregisterKernel(FUSED_KERNELS[kernel], 'cpu');
      }
    });
  }

  it('AMSGrad keeps the elementwise path (the kernel has no running maximum)', () => {
    tf.registerKernel(fakeAdam);
    const before = calls.adam;
    try {
      train('adam', { learningRate: 0.01, amsgrad: true });
      expect(calls.adam).toBe(before);
    } finally {
      tf.unregisterKernel(FUSED_KERNELS.adam, 'cpu');
    }
  });
});
