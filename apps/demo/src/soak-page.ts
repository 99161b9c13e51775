import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { createImageDataset, DataLoader } from '@nnlab/datasets';
import { buildModel } from '@nnlab/models';
import { adam } from '@nnlab/optimizers';
import { fit } from '@nnlab/trainers';
import { activateBrowserBackend } from './browser-backends.js';

/** One sample of `window.nnlabSoak.run`: tensors tfjs holds after a training step. */
export interface SoakSample {
  readonly step: number;
  readonly numTensors: number;
  readonly numBytes: number;
  /** webgpu only: GPU buffers tfjs holds for tensors and uniforms (its BufferManager's used count). */
  readonly gpuBuffersUsed?: number;
  /** webgpu only: GPU buffers tfjs keeps in its pool for reuse. */
  readonly gpuBuffersFree?: number;
  /** webgpu only: bytes of every GPU buffer tfjs has created and not destroyed. */
  readonly gpuBytesAllocated?: number;
}

interface BufferManagerLike {
  getNumUsedBuffers(): number;
  getNumFreeBuffers(): number;
  numBytesAllocated: number;
}

/** tfjs-backend-webgpu's buffer pool counts, when the active backend has one. */
function gpuBuffers(): Pick<SoakSample, 'gpuBuffersUsed' | 'gpuBuffersFree' | 'gpuBytesAllocated'> {
  const manager = (tf.backend() as { bufferManager?: BufferManagerLike }).bufferManager;
  if (manager === undefined) return {};
  return { gpuBuffersUsed: manager.getNumUsedBuffers(), gpuBuffersFree: manager.getNumFreeBuffers(), gpuBytesAllocated: manager.numBytesAllocated };
}

/** What `window.nnlabSoak.run` resolves to. */
export interface SoakReport {
  readonly backend: string;
  /** Set when the backend could not be activated: nothing ran. */
  readonly unavailable?: string;
  /** Set when training failed part-way: the samples before it are kept. */
  readonly error?: string;
  readonly samples: readonly SoakSample[];
  readonly seconds: number;
}

const status = document.getElementById('status');

/**
 * The browser half of `pnpm soak` (tools/browser-soak.mjs): trains
 * `mlp:784-128-10,dropout=0.1` with Adam on 1,024 seeded random 28x28
 * images (batches of 32, shuffled) for `steps` steps on `backend`, and
 * samples `tf.memory()` every `every` steps. Tensors and bytes only: a page
 * cannot see the GPU driver's or the allocator's memory.
 */
async function run(backend: string, options: { steps?: number; every?: number } = {}): Promise<SoakReport> {
  const { steps = 2000, every = 250 } = options;
  const started = performance.now();
  try {
    await activateBrowserBackend(backend);
  } catch (error) {
    return { backend, unavailable: (error as Error).message, samples: [], seconds: 0 };
  }
  // A lost device (the GPU process crashed or was reset) shows up later as an unrelated-looking error
  // from the next buffer tfjs creates; keep the browser's own reason to report beside it.
  let lost: string | undefined;
  const device = (tf.backend() as { device?: { lost?: Promise<{ reason?: string; message?: string }> } }).device;
  void device?.lost?.then((info) => {
    lost = `WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message ?? ''}`.trim();
  });
  const rng = new Rng(0);
  const count = 1024;
  const images = new Float32Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.float();
  const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
  const dataset = createImageDataset({ images, labels, shape: [28, 28, 1], numClasses: 10 });
  const model = buildModel('mlp:784-128-10,dropout=0.1', { rng: rng.fork('model') });
  const optimizer = adam(model, { learningRate: 1e-3 });
  const loader = new DataLoader(dataset, { batchSize: 32, shuffle: true, rng: rng.fork('shuffle'), flatten: true });
  const samples: SoakSample[] = [];
  let failure: string | undefined;
  try {
    await fit(model, optimizer, {
      train: loader,
      epochs: Math.ceil(steps / loader.numBatches) + 1,
      callbacks: [
        {
          // Settled at each sample, as in tools/soak.mjs: the reads fit has in flight would add 2 tensors.
          settleAt: (globalStep) => globalStep % every === 0,
          onBatchEnd(log, context) {
            if (log.globalStep % every === 0) {
              const memory = tf.memory();
              samples.push({ step: log.globalStep, numTensors: memory.numTensors, numBytes: memory.numBytes, ...gpuBuffers() });
              if (status !== null) status.textContent = `${backend}: step ${log.globalStep} of ${steps}, ${memory.numTensors} tensors`;
            }
            if (log.globalStep >= steps) context.stop('soak done');
          },
        },
      ],
    });
  } catch (error) {
    failure = `at step ${(samples.at(-1)?.step ?? 0) + 1}-${(samples.at(-1)?.step ?? 0) + every}: ${(error as Error).message}${lost === undefined ? '' : ` (${lost})`}`;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  return { backend, samples, seconds: (performance.now() - started) / 1000, ...(failure === undefined ? {} : { error: failure }) };
}

Object.assign(window, { nnlabSoak: { run } });
