import { InvalidArgumentError } from '@nnlab/core';
import { BatchNorm1d, Dropout, Flatten, Identity, layerType, LeakyReLU, Linear, type ModelLayer, ReLU, Sigmoid, Tanh } from '@nnlab/layers';

/** How one tensor of PyTorch's state dict differs in feature order from nnlab's: `torch[..., j, ...] = nnlab[..., order[j], ...]` along `axis`. */
export interface FeatureReorder {
  readonly axis: number;
  readonly order: readonly number[];
}

const passesFeatures = (entry: ModelLayer): boolean =>
  [ReLU, LeakyReLU, Sigmoid, Tanh, Dropout, Identity, BatchNorm1d].some((type) => entry.layer instanceof type);

/**
 * nnlab flattens images channels last, in (h, w, c) order; PyTorch flattens
 * NCHW in (c, h, w) order. For each Flatten of an image, the tensors of the
 * layers reading those features (the next Linear's `weight` columns, and a
 * BatchNorm1d's vectors on the way) are reordered; returns them by PyTorch
 * state-dict name (`7.weight`). A Flatten whose features no Linear reads
 * (the model's output) cannot be matched by reordering weights and is refused.
 */
export function flattenFeatureOrders(entries: readonly ModelLayer[], what: string): Map<string, FeatureReorder> {
  const reorders = new Map<string, FeatureReorder>();
  entries.forEach((entry, index) => {
    if (!(entry.layer instanceof Flatten) || entry.inputShape.length !== 4) return;
    const [, height = 1, width = 1, channels = 1] = entry.inputShape;
    if (height * width === 1 || channels === 1) return; // both orders are the same
    const order: number[] = [];
    for (let c = 0; c < channels; c++) for (let h = 0; h < height; h++) for (let w = 0; w < width; w++) order.push((h * width + w) * channels + c);
    let next = index + 1;
    for (; next < entries.length && passesFeatures(entries[next] as ModelLayer); next++) {
      const later = entries[next] as ModelLayer;
      if (later.layer instanceof BatchNorm1d) for (const name of ['weight', 'bias', 'running_mean', 'running_var']) reorders.set(`${later.path}.${name}`, { axis: 0, order });
    }
    const reader = entries[next];
    if (reader === undefined || !(reader.layer instanceof Linear)) {
      throw new InvalidArgumentError(`${what}: layer ${entry.path} (Flatten) of [${entry.inputShape.slice(1).join(', ')}] images is not followed by a Linear${reader === undefined ? '' : ` (but ${layerType(reader.layer)})`}, so PyTorch's (c, h, w) feature order cannot be matched`);
    }
    reorders.set(`${reader.path}.weight`, { axis: 1, order });
  });
  return reorders;
}

/** The inverse of a permutation. */
export function inverseOrder(order: readonly number[]): number[] {
  const out = new Array<number>(order.length);
  order.forEach((source, target) => {
    out[source] = target;
  });
  return out;
}
