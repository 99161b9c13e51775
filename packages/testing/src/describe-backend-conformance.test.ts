import { registerGradients } from '@nnlab/autodiff';
import { type BackendProvider, InvalidArgumentError } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { conformanceCases } from './conformance-cases.js';
import { MLP_MEMORY_CASE } from './check-conformance-case.js';
import { describeBackendConformance } from './describe-backend-conformance.js';

// A minimal provider over the stock tfjs cpu backend (this package cannot depend on
// @nnlab/backend-cpu, whose tests run the full suite). Like every backend's activate(), it
// registers nnlab's gradients: describeBackendConformance relies on that.
const stockCpu: BackendProvider = {
  name: 'stock-cpu',
  kind: 'js',
  description: 'tfjs-backend-cpu without nnlab changes',
  environments: ['node'],
  probe: () => Promise.resolve({ available: true }),
  activate: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    registerGradients();
    return { name: 'stock-cpu', kind: 'js', tfjsBackend: 'cpu', threads: 1, simd: false, versions: {} };
  },
};

describe('describeBackendConformance options', () => {
  it('rejects skip entries that name no case, listing the known ones', () => {
    expect(() => describeBackendConformance(stockCpu, { reference: stockCpu, skip: ['matmul'] })).toThrow(InvalidArgumentError);
    expect(() => describeBackendConformance(stockCpu, { reference: stockCpu, skip: { nope: 'x' } })).toThrow(/known cases: matMul, /);
  });

  it('has unique case names', () => {
    const names = conformanceCases().map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

// Runs two cases for real and reports the rest as skipped, with the reason in their titles.
const kept = new Set(['matMul', 'conv2d valid']);
describeBackendConformance(stockCpu, {
  reference: stockCpu,
  skip: Object.fromEntries(
    [...conformanceCases().map((c) => c.name), MLP_MEMORY_CASE]
      .filter((name) => !kept.has(name))
      .map((name) => [name, 'kept short here; @nnlab/backend-cpu runs the full suite']),
  ),
});
