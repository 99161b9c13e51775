import { assertInteger, InvalidArgumentError } from '@nnlab/core';

/** A size given for both spatial axes at once (`3`) or per axis (`[height, width]`). */
export type Size2d = number | readonly [number, number];

/**
 * Normalises a {@link Size2d} argument to `[height, width]`, checking that
 * both are integers >= `min`. `name` is the argument's name in messages.
 */
export function pair(name: string, value: Size2d, min: number): [number, number] {
  if (typeof value === 'number') {
    assertInteger(name, value, min);
    return [value, value];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new InvalidArgumentError(`${name} must be an integer or a pair [height, width], got ${JSON.stringify(value)}`);
  }
  return [assertInteger(`${name}[0]`, value[0], min), assertInteger(`${name}[1]`, value[1], min)];
}

/** `"3x3"` for messages and `toString`. */
export function showPair([height, width]: readonly [number, number]): string {
  return `${height}x${width}`;
}
