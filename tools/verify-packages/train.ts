// A 20-step training run from the installed tarballs: datasets + layers +
// optimizers + trainers on the backend named by argv[2] (cpu, wasm, native).
// Compiled by tsc (node16) and run by plain Node in the verification project.
import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@nnlab/backend-cpu';
import { nativeBackend } from '@nnlab/backend-native';
import { wasmBackend } from '@nnlab/backend-wasm';
import { BackendRegistry, Rng } from '@nnlab/core';
import { computeMeanStd, DataLoader, normalize, subset } from '@nnlab/datasets';
import { loadDatasetByName } from '@nnlab/datasets/node';
import { Linear, ReLU, Sequential } from '@nnlab/layers';
import { adam } from '@nnlab/optimizers';
import { type BatchLog, fit } from '@nnlab/trainers';

const backend = process.argv[2] ?? 'cpu';
const info = await new BackendRegistry([cpuBackend, wasmBackend, nativeBackend]).activate(backend);
const { train } = await loadDatasetByName('mnist-10k', { seed: 0 });
const small = subset(train, Array.from({ length: 20 * 32 }, (_, i) => i));
const rng = new Rng(0);
const model = new Sequential(new Linear(784, 64, { rng: rng.fork('0') }), new ReLU(), new Linear(64, 10, { rng: rng.fork('2') }));
const loader = new DataLoader(normalize(small, computeMeanStd(small)), { batchSize: 32, shuffle: true, rng: rng.fork('shuffle'), flatten: true });
const optimizer = adam(model, { learningRate: 3e-3 });
const losses: number[] = [];
const tensorsBefore = tf.memory().numTensors;
const history = await fit(model, optimizer, { train: loader, epochs: 1, callbacks: [{ onBatchEnd: (log: BatchLog) => void losses.push(log.loss) }] });
const leaked = tf.memory().numTensors - tensorsBefore;
const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
const last = losses.slice(-3).reduce((a, b) => a + b) / 3;
const result = { backend: info.name, tfjsBackend: tf.getBackend(), steps: losses.length, first, last, leaked, accuracy: history.epochs[0]?.accuracy };
console.log(JSON.stringify(result));
if (losses.length !== 20) throw new Error(`expected 20 steps, ran ${losses.length}`);
if (!(last < first)) throw new Error(`loss did not go down: ${first} -> ${last}`);
if (leaked !== 0) throw new Error(`${leaked} tensors leaked by fit`);
optimizer.dispose();
model.dispose();
