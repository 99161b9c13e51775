import { readFileSync } from 'node:fs';

/** Nested number arrays as written by tools/fixtures/layers.py. */
export type Values = number | Values[];

export interface LinearFixture {
  name: string;
  x: Values;
  weight: Values;
  bias?: Values;
  dy: Values;
  y: Values;
  dx: Values;
  dweight: Values;
  dbias?: Values;
}

export interface MlpFixture {
  name: string;
  sizes: number[];
  activation: 'ReLU' | 'Tanh';
  x: Values;
  labels: number[];
  parameters: Record<string, Values>;
  logits: Values;
  loss: number;
  gradients: Record<string, Values>;
}

export interface LossReductionFixture {
  value: Values;
  inputGrad: Values;
  targetGrad?: Values;
  dy?: Values;
}

export interface LossFixture {
  name: string;
  input: Values;
  target: Values;
  targetIsIndices: boolean;
  options: { labelSmoothing?: number };
  reductions: Record<'mean' | 'sum' | 'none', LossReductionFixture>;
}

export interface LayersFixture {
  linear: LinearFixture[];
  activations: { x: Values; dy: Values; dropoutEval: { y: Values } } & Record<string, { y: Values; dx: Values }>;
  mlp: MlpFixture[];
  losses: LossFixture[];
  init: {
    gains: Record<string, number>;
    fans: Array<{ torchShape: number[]; shape: number[]; fanIn: number; fanOut: number }>;
    sampleShape: [number, number];
    samples: Record<string, Record<string, number>>;
  };
}

/** The PyTorch reference values (regenerate with `/usr/bin/python3 tools/fixtures/layers.py`). */
export const fixture: LayersFixture = JSON.parse(
  readFileSync(new URL('./fixtures/layers.json', import.meta.url), 'utf8'),
) as LayersFixture;
