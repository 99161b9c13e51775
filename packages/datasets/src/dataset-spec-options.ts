import { InvalidArgumentError } from '@nnlab/core';

/** A `kind:PATH,key=value,...` dataset spec split into its path and options. */
export interface DatasetSpecOptions {
  readonly path: string;
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Splits the part after `kind:` of a dataset spec into a path and
 * `key=value` options. Only trailing comma-separated `key=value` pieces are
 * options, so a path may itself contain commas. Keys not in `allowed`, repeated
 * keys and empty values are {@link InvalidArgumentError}s naming them.
 *
 * @example
 * parseDatasetSpecOptions('folder', 'data/letters,size=28', ['size', 'channels']);
 * // { path: 'data/letters', options: Map { 'size' => '28' } }
 */
export function parseDatasetSpecOptions(kind: string, rest: string, allowed: readonly string[]): DatasetSpecOptions {
  const pieces = rest.split(',');
  const options = new Map<string, string>();
  while (pieces.length > 1 && /^[A-Za-z][\w-]*=/.test(pieces[pieces.length - 1] as string)) {
    const piece = pieces.pop() as string;
    const eq = piece.indexOf('=');
    const key = piece.slice(0, eq);
    const value = piece.slice(eq + 1);
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`unknown option "${key}" in dataset "${kind}:${rest}"; ${kind}: takes ${allowed.join(', ')}`);
    }
    if (options.has(key)) throw new InvalidArgumentError(`option "${key}" is given twice in dataset "${kind}:${rest}"`);
    if (value === '') throw new InvalidArgumentError(`option "${key}" in dataset "${kind}:${rest}" has no value`);
    options.set(key, value);
  }
  const path = pieces.join(',');
  if (path === '') throw new InvalidArgumentError(`dataset "${kind}:${rest}" names no ${kind === 'mat' ? 'file' : 'folder'} (expected ${kind}:PATH[,key=value...])`);
  return { path, options: new Map([...options].reverse()) };
}

/** Parses `28` or `28x20` (height x width, optionally x channels when `allowChannels`). */
export function parseDimensions(name: string, text: string, allowChannels = false): number[] {
  const parts = text.split('x');
  const ok = parts.length >= 1 && parts.length <= (allowChannels ? 3 : 2) && parts.every((p) => /^[1-9]\d*$/.test(p));
  if (!ok) {
    throw new InvalidArgumentError(`${name} must be N or HxW${allowChannels ? ' or HxWxC' : ''} (positive integers), got ${JSON.stringify(text)}`);
  }
  return parts.map(Number);
}

/** Parses `test=F`: the test share of a seeded split, in (0, 1). */
export function parseTestFraction(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(value > 0 && value < 1)) {
    throw new InvalidArgumentError(`test must be a fraction between 0 and 1 (the test share), got ${JSON.stringify(text)}`);
  }
  return value;
}
