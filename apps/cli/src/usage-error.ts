import { InvalidArgumentError } from '@nnlab/core';

/** A bad command-line value: exit code 2, like other usage errors. */
export class UsageError extends InvalidArgumentError {}

/** Parses an option as a number, naming the flag in the error. */
export function parseNumberOption(flag: string, text: string, check: (n: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`${flag} must be ${expected}, got "${text}"`);
  }
  return value;
}

/** Parses an integer option in [min, max] (default max: the largest integer a double holds exactly). */
export function parseIntegerOption(flag: string, text: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return parseNumberOption(flag, text, (n) => Number.isInteger(n) && n >= min && n <= max, expected);
}

/** Largest seed: nnlab's generator takes 32-bit seeds. */
export const MAX_SEED = 0xffffffff;

/** Splits a comma-separated list option, dropping empty entries. */
export function parseListOption(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
