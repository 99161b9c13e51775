import { type BackendProvider, BackendRegistry, Rng } from '@nnlab/core';
import type { Module } from '@nnlab/layers';
import { buildModel, type ModelSpec } from './model-spec.js';

/**
 * Builds `spec` on the `cpu` backend (activated from `backends`, seed 0),
 * hands the model to `use`, and disposes it afterwards, also when `use`
 * throws: for looking at a model's shape (summaries, checking or importing
 * weights) without training it, where the cpu backend is always there and
 * the weights' values do not matter.
 *
 * @param backends must include the `cpu` provider (`@nnlab/backend-cpu`'s `cpuBackend`).
 * @returns what `use` returns.
 * @throws NotFoundError when `backends` has no `cpu` backend; InvalidArgumentError for a bad model string.
 * @example
 * const parameters = await withCpuModel('cnn', [cpuBackend], (model) => model.numParameters()); // 108874
 */
export async function withCpuModel<T>(spec: string | ModelSpec, backends: readonly BackendProvider[], use: (model: Module) => T | Promise<T>): Promise<T> {
  await new BackendRegistry(backends).get('cpu').activate({});
  const model = buildModel(spec, { rng: new Rng(0) });
  try {
    return await use(model);
  } finally {
    model.dispose();
  }
}
