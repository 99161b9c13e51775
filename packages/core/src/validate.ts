import { InvalidArgumentError } from './errors.js';
import { invalidOption, type OptionName } from './invalid-option-error.js';

/**
 * Eager argument checks. Each names the argument, shows the value it got and
 * says what is allowed, so a user can fix the call without reading our code.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Throws unless `value` is an integer >= `min` (default 1); an {@link OptionName} `name` makes the error an `InvalidOptionError`. */
export function assertInteger(name: string | OptionName, value: unknown, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw invalidOption`${name} must be an integer ${range}, got ${show(value)}`;
  }
  return value;
}

/** Throws unless `value` is a finite number in [min, max] (bounds optional; `exclusiveMin` makes min open). */
export function assertNumber(
  name: string,
  value: unknown,
  bounds: { min?: number; max?: number; exclusiveMin?: boolean } = {},
): number {
  const { min, max, exclusiveMin = false } = bounds;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || value <= max);
  if (!ok) {
    const parts: string[] = [];
    if (min !== undefined) parts.push(`${exclusiveMin ? '>' : '>='} ${min}`);
    if (max !== undefined) parts.push(`<= ${max}`);
    const range = parts.length > 0 ? ` ${parts.join(' and ')}` : '';
    throw new InvalidArgumentError(`${name} must be a finite number${range}, got ${show(value)}`);
  }
  return value as number;
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${show(value)}`);
  }
  return value as T;
}
