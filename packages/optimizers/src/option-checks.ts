import { assertNumber, InvalidArgumentError } from '@nnlab/core';

// Checks the core validators do not cover; messages follow core's wording.

/** Throws unless `value` is a boolean. */
export function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(`${name} must be a boolean, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [0, 1) (decay rates such as Adam's betas). */
export function assertDecayRate(name: string, value: unknown): number {
  const rate = assertNumber(name, value, { min: 0 });
  if (rate >= 1) throw new InvalidArgumentError(`${name} must be a finite number >= 0 and < 1, got ${rate}`);
  return rate;
}

/**
 * Throws if `options` has a key (with a defined value) that `optimizer` does
 * not take, so `--momentum 0.9` with Adam fails loudly instead of being ignored.
 */
export function assertKnownOptions(optimizer: string, options: unknown, allowed: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${optimizer} options must be an object, got ${String(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && !allowed.includes(key)) {
      throw new InvalidArgumentError(
        `${optimizer} does not take option "${key}"; allowed options are ${allowed.join(', ')}`,
      );
    }
  }
}
