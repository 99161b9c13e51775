import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@nnlab/core';
import { createImageDataset, type ImageDataset } from '@nnlab/datasets';
import type { Module } from '@nnlab/layers';
import { mlp } from '@nnlab/models';

/** Fresh temp directories, removed by `cleanup`. */
export function tempDirs(): { make: () => Promise<string>; cleanup: () => Promise<void> } {
  const made: string[] = [];
  return {
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'nnlab-ckpt-'));
      made.push(dir);
      return dir;
    },
    cleanup: async () => {
      await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** A small separable 3-class problem of 2x2 "images". */
export function blobDataset(count: number, seed: number): ImageDataset {
  const rng = new Rng(seed);
  const images = new Float32Array(count * 4);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(3);
    labels[i] = label;
    for (let j = 0; j < 4; j++) images[i * 4 + j] = rng.normal(j === label ? 1.5 : 0, 0.6);
  }
  return createImageDataset({ images, labels, shape: [2, 2, 1], numClasses: 3 });
}

/** The test model: Flatten, Linear(4, hidden), ReLU, Dropout(0.25), Linear(hidden, 3). */
export function smallModel(seed: number, hidden = 6): Module {
  return mlp([4, hidden, 3], { rng: new Rng(seed).fork('model'), dropout: 0.25 });
}

/** Every parameter and buffer's values, by name. */
export function weights(model: Module): Record<string, number[]> {
  const state = model.stateDict();
  const out = Object.fromEntries(Object.entries(state).map(([name, tensor]) => [name, Array.from(tensor.dataSync())]));
  tf.dispose(Object.values(state));
  return out;
}
