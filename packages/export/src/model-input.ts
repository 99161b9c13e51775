import { InvalidArgumentError } from '@nnlab/core';

/** Per-channel statistics training normalised with: `x' = (x - mean[c]) / std[c]`. */
export interface Normalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** What an exported model takes: the shape of one example and the preprocessing training used. */
export interface ModelInput {
  /**
   * One example without the batch axis, channels last as nnlab trains:
   * `[height, width, channels]` for images (`[28, 28, 1]` for MNIST), or
   * `[features]`.
   */
  readonly inputShape: readonly number[];
  /**
   * The normalisation training applied to pixels in [0, 1] (`computeMeanStd`
   * of the training split, one entry per channel), baked into the exported
   * model as its first operations; `null` when training fed raw pixels.
   */
  readonly normalization: Normalization | null;
  /** Class names in output order, recorded in the exported file's metadata. */
  readonly classNames?: readonly string[];
}

/** Checks a {@link ModelInput}; `what` names the caller in messages. */
export function checkModelInput(what: string, input: ModelInput): void {
  const shape = input.inputShape;
  if (!Array.isArray(shape) || (shape.length !== 1 && shape.length !== 3) || shape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(`${what}: inputShape must be [height, width, channels] or [features] of positive integers, got ${JSON.stringify(shape)}`);
  }
  const channels = shape[shape.length - 1] as number;
  const normalization = input.normalization;
  if (normalization === undefined) {
    throw new InvalidArgumentError(`${what}: normalization is required: the { mean, std } training used (per channel), or null for raw pixels in [0, 1]`);
  }
  if (normalization !== null) {
    for (const key of ['mean', 'std'] as const) {
      const values = normalization[key];
      if (!Array.isArray(values) || (values.length !== channels && values.length !== 1) || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new InvalidArgumentError(`${what}: normalization.${key} must list 1 or ${channels} finite numbers (one per channel), got ${JSON.stringify(values)}`);
      }
    }
    if (normalization.std.some((s) => s <= 0)) throw new InvalidArgumentError(`${what}: normalization.std must be > 0, got ${JSON.stringify(normalization.std)}`);
  }
  if (input.classNames !== undefined && (!Array.isArray(input.classNames) || input.classNames.some((name) => typeof name !== 'string'))) {
    throw new InvalidArgumentError(`${what}: classNames must be a list of strings, got ${JSON.stringify(input.classNames)}`);
  }
}

/** `values` repeated to one entry per channel (a single statistic applies to every channel). */
export function perChannel(values: readonly number[], channels: number): number[] {
  return values.length === channels ? [...values] : new Array<number>(channels).fill(values[0] as number);
}
