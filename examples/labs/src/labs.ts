import { backpropFromScratch } from './backprop-from-scratch/backprop-from-scratch.js';
import type { Lab } from './lab.js';
import { mlpSweeps } from './mlp-sweeps/mlp-sweeps.js';
import { softmaxMomentum } from './softmax-momentum/softmax-momentum.js';
import { notmnistMlp } from './notmnist-mlp/notmnist-mlp.js';
import { cnnFashion } from './cnn-fashion/cnn-fashion.js';

/**
 * Every lab `pnpm lab` knows, in the order it lists them (one import and one
 * entry per lab).
 *
 * @example
 * labs.map((lab) => lab.name); // ['backprop-from-scratch', ...]
 */
export const labs: readonly Lab[] = [
  backpropFromScratch,
  softmaxMomentum,
  mlpSweeps,
  notmnistMlp,
  cnnFashion,
];
