import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, InvalidArgumentError } from '@nnlab/core';
import type { Module, NamedTorchLayout } from '@nnlab/layers';

/** The permutation's inverse: transposing by it undoes transposing by `permutation`. */
function inverse(permutation: readonly number[]): number[] {
  const out = new Array<number>(permutation.length);
  permutation.forEach((axis, i) => {
    out[axis] = i;
  });
  return out;
}

/** Checks that `layout.permutation` reorders exactly the `rank` axes (a layer's torchLayout bug otherwise). */
function checkedPermutation(layout: NamedTorchLayout, rank: number): number[] | undefined {
  const permutation = layout.permutation;
  if (permutation === undefined) return undefined;
  const sorted = [...permutation].sort((a, b) => a - b);
  if (sorted.length !== rank || sorted.some((axis, i) => axis !== i)) {
    throw new InvalidArgumentError(`torchLayout of "${layout.name}" gives permutation [${permutation.join(', ')}] for a tensor of rank ${rank}`);
  }
  return [...permutation];
}

/**
 * The model's parameters and buffers as PyTorch's `state_dict()` would hold
 * them: PyTorch names and axis order (each layer's `torchLayout`, e.g.
 * `Linear.weight` transposed to `[out, in]`). Copies the caller owns.
 *
 * @example
 * const entries = toTorchStateDict(model); // [['1.weight', tensor [300, 784]], ...]
 */
export function toTorchStateDict(model: Module): Array<[string, tf.Tensor]> {
  const variables = new Map(namedState(model));
  return model.namedTorchLayouts().map((layout) => {
    const variable = variables.get(layout.name) as tf.Variable;
    const permutation = checkedPermutation(layout, variable.rank);
    const tensor = tf.tidy(() => (permutation === undefined ? tf.clone(variable) : tf.transpose(variable, permutation)));
    return [layout.torchName, tensor];
  });
}

/**
 * Converts a PyTorch-layout dictionary (as read from `model.safetensors`)
 * back to nnlab's names and axis order for `model.loadStateDict`, after
 * checking it matches the model exactly. Returns new tensors the caller owns.
 *
 * @param source the file the tensors came from, for messages
 * @throws CheckpointError naming every missing, unexpected and mis-shaped or mis-typed tensor (shapes as PyTorch writes them).
 */
export function fromTorchStateDict(model: Module, dict: Readonly<Record<string, tf.Tensor>>, source: string): Record<string, tf.Tensor> {
  const variables = new Map(namedState(model));
  const layouts = model.namedTorchLayouts();
  const expected = new Set(layouts.map((layout) => layout.torchName));
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const layout of layouts) {
    const variable = variables.get(layout.name) as tf.Variable;
    const value = Object.prototype.hasOwnProperty.call(dict, layout.torchName) ? dict[layout.torchName] : undefined;
    if (value === undefined) {
      missing.push(layout.torchName);
      continue;
    }
    const permutation = checkedPermutation(layout, variable.rank);
    const shape = permutation === undefined ? variable.shape : permutation.map((axis) => variable.shape[axis] as number);
    if (!tf.util.arraysEqual(value.shape, shape) || value.dtype !== variable.dtype) {
      mismatched.push(`${layout.torchName} (model has ${variable.dtype} [${shape.join(', ')}], file has ${value.dtype} [${value.shape.join(', ')}])`);
    }
  }
  const unexpected = Object.keys(dict).filter((name) => !expected.has(name));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing tensors: ${missing.join(', ')}`);
  if (unexpected.length > 0) problems.push(`unexpected tensors: ${unexpected.join(', ')}`);
  if (mismatched.length > 0) problems.push(`shape or dtype mismatch: ${mismatched.join('; ')}`);
  if (problems.length > 0) {
    throw new CheckpointError(`${source} does not fit this model (${model.constructor.name}, ${variables.size} tensors): ${problems.join('; ')}`);
  }
  const out: Array<[string, tf.Tensor]> = [];
  for (const layout of layouts) {
    const value = dict[layout.torchName] as tf.Tensor;
    const permutation = checkedPermutation(layout, value.rank);
    out.push([layout.name, tf.tidy(() => (permutation === undefined ? tf.clone(value) : tf.transpose(value, inverse(permutation))))]);
  }
  return Object.fromEntries(out);
}

/** `[name, variable]` for parameters and buffers, in stateDict order. */
function namedState(model: Module): Array<[string, tf.Variable]> {
  const buffers = new Map(model.namedBuffers());
  const parameters = new Map(model.namedParameters());
  return model.namedTorchLayouts().map(({ name }) => [name, (parameters.get(name) ?? buffers.get(name)) as tf.Variable]);
}
