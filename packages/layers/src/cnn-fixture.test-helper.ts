import { readFileSync } from 'node:fs';
import type { Values } from './layers-fixture.test-helper.js';

/** One Conv2d case; tensors in nnlab's layout (NHWC activations, HWIO weights). */
export interface Conv2dFixture {
  name: string;
  inChannels: number;
  outChannels: number;
  kernelSize: number | [number, number];
  stride: number | [number, number];
  padding: number | [number, number] | 'same';
  x: Values;
  weight: Values;
  bias?: Values;
  dy: Values;
  y: Values;
  dx: Values;
  dweight: Values;
  dbias?: Values;
}

export interface PoolFixture {
  name: string;
  kind: 'max' | 'avg';
  kernelSize: number;
  stride: number;
  padding: number;
  countIncludePad: boolean;
  x: Values;
  dy: Values;
  y: Values;
  dx: Values;
}

interface BatchNormPass {
  x: Values;
  dy: Values;
  y: Values;
  dx: Values;
  dweight?: Values;
  dbias?: Values;
}

export interface BatchNormFixture {
  name: string;
  dims: 1 | 2;
  numFeatures: number;
  options: { momentum: number | null; eps: number; affine: boolean; trackRunningStats: boolean };
  weight?: Values;
  bias?: Values;
  /** Three training steps with different batches, in order. */
  steps: BatchNormPass[];
  runningMean?: Values;
  runningVar?: Values;
  numBatchesTracked?: number;
  /** One evaluation pass after the three steps. */
  eval: BatchNormPass;
}

export interface SmallCnnFixture {
  x: Values;
  labels: number[];
  parameters: Record<string, Values>;
  logits: Values;
  loss: number;
  gradients: Record<string, Values>;
  buffersAfter: Record<string, Values>;
  stateDictKeys: string[];
}

export interface CnnLayersFixture {
  conv2d: Conv2dFixture[];
  pool: PoolFixture[];
  batchNorm: BatchNormFixture[];
  smallCnn: SmallCnnFixture;
  labModels: Record<string, { parameters: number; stateDictKeys: number; featuresBeforeLastLinear?: number[] }>;
}

/** PyTorch reference values (regenerate with `/usr/bin/python3 tools/fixtures/cnn_layers.py`). */
export const cnnFixture: CnnLayersFixture = JSON.parse(
  readFileSync(new URL('./fixtures/cnn-layers.json', import.meta.url), 'utf8'),
) as CnnLayersFixture;
