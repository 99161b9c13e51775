// A page built by Vite from the installed tarballs: @nnlab/layers on
// @nnlab/backend-wasm, trained for a few steps. No wasmPaths: the backend's
// default lets Vite find and emit tfjs' .wasm binaries by itself.
import * as tf from '@tensorflow/tfjs-core';
import { wasmBackend } from '@nnlab/backend-wasm';
import { Rng } from '@nnlab/core';
import { crossEntropy, Linear, ReLU, Sequential } from '@nnlab/layers';

declare global {
  interface Window {
    nnlabResult?: { backend: string; simd: boolean; losses: number[] } | { error: string };
  }
}

async function run(): Promise<{ backend: string; simd: boolean; losses: number[] }> {
  const info = await wasmBackend.activate();
  const rng = new Rng(0);
  const model = new Sequential(new Linear(8, 16, { rng }), new ReLU(), new Linear(16, 3, { rng }));
  const x = tf.randomNormal([32, 8], 0, 1, 'float32', 1);
  const labels = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), 'int32');
  const losses: number[] = [];
  for (let step = 0; step < 10; step++) {
    const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), labels));
    losses.push((await value.data())[0] ?? Number.NaN);
    tf.tidy(() => {
      for (const [name, parameter] of model.namedParameters()) {
        const gradient = grads[parameter.name];
        if (gradient === undefined) throw new Error(`no gradient for ${name}`);
        parameter.assign(tf.sub(parameter, tf.mul(gradient, 0.1)));
      }
    });
    tf.dispose([value, ...Object.values(grads)]);
  }
  return { backend: tf.getBackend(), simd: info.simd ?? false, losses };
}

run().then(
  (result) => {
    window.nnlabResult = result;
    document.getElementById('out')!.textContent = JSON.stringify(result);
  },
  (error: unknown) => {
    window.nnlabResult = { error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) };
  },
);
