import { invalidOption, option, type Rng } from '@nnlab/core';
import { parseSweepValue, type SweepGrid, type SweepValue } from './sweep-grid.js';

/**
 * One dimension of a random search space, as `--space` gives it:
 * `uniform:a:b` and `loguniform:a:b` (real numbers in [a, b], the second
 * uniform in log a..log b, for learning rates and weight decays), `int:a:b`
 * (integers a..b, both included, for widths) and `choice:x|y|z`.
 */
export type SearchDimension =
  | { readonly name: string; readonly kind: 'uniform' | 'loguniform' | 'int'; readonly low: number; readonly high: number }
  | { readonly name: string; readonly kind: 'choice'; readonly values: readonly SweepValue[] };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KINDS = ['uniform', 'loguniform', 'int', 'choice'] as const;
const USAGE = 'name=loguniform:LOW:HIGH, uniform:LOW:HIGH, int:LOW:HIGH or choice:A|B|C (e.g. lr=loguniform:1e-5:1e-1)';

/**
 * Parses one `space` dimension (see {@link SearchDimension}). Every mistake
 * is an `InvalidOptionError` that names `space`, quotes the text and
 * says what was expected.
 *
 * @example
 * parseSearchSpace('lr=loguniform:1e-5:1e-1'); // { name: 'lr', kind: 'loguniform', low: 1e-5, high: 0.1 }
 * parseSearchSpace('hidden=int:16:128');        // { name: 'hidden', kind: 'int', low: 16, high: 128 }
 * parseSearchSpace('optimizer=choice:sgd|adam'); // { name: 'optimizer', kind: 'choice', values: ['sgd', 'adam'] }
 */
export function parseSearchSpace(text: string): SearchDimension {
  const fail = (why: string): never => {
    throw invalidOption`${option('space')} "${String(text)}": ${why}`;
  };
  const equals = typeof text === 'string' ? text.indexOf('=') : -1;
  if (equals < 0) fail(`expected ${USAGE}`);
  const name = text.slice(0, equals).trim();
  if (!NAME.test(name)) fail(`"${name}" is not a parameter name (letters, digits, _ and -, starting with a letter)`);
  const [kind = '', ...args] = text.slice(equals + 1).split(':');
  if (!(KINDS as readonly string[]).includes(kind)) fail(`unknown distribution "${kind}"; expected ${USAGE}`);
  if (kind === 'choice') {
    const values = args.join(':').split('|');
    if (values.some((v) => v.trim() === '')) fail('choice needs a |-separated list of values with no empty entries (e.g. choice:sgd|adam)');
    const parsed = values.map(parseSweepValue);
    if (new Set(parsed.map((v) => `${typeof v}:${String(v)}`)).size !== parsed.length) fail('a choice value is listed twice');
    return { name, kind, values: parsed };
  }
  if (args.length !== 2) fail(`${kind} needs exactly two bounds, ${kind}:LOW:HIGH`);
  const [low, high] = args.map((a) => (a.trim() === '' ? Number.NaN : Number(a)));
  if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) fail(`${kind} bounds must be numbers, got "${args.join(':')}"`);
  const lo = low as number;
  const hi = high as number;
  if (kind === 'int' && (!Number.isInteger(lo) || !Number.isInteger(hi))) fail(`int bounds must be integers, got ${lo} and ${hi}`);
  if (kind === 'int' ? lo > hi : lo >= hi) fail(`expected LOW ${kind === 'int' ? '<=' : '<'} HIGH, got ${lo} and ${hi}`);
  if (kind === 'loguniform' && lo <= 0) fail(`loguniform needs LOW > 0 (it samples log LOW..log HIGH), got ${lo}`);
  return { name, kind: kind as 'uniform' | 'loguniform' | 'int', low: lo, high: hi };
}

/** A `--grid` in a random search: a choice among its values. */
export function gridDimension(grid: SweepGrid): SearchDimension {
  return { name: grid.name, kind: 'choice', values: grid.values };
}

// Four significant digits: values stay readable in tables and ids, and no result depends on the fifth.
const round = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, Number(x.toPrecision(4))));

/**
 * Draws one value of `dimension` from `rng`. Real values are rounded to four
 * significant digits (then clamped into the bounds), so they print cleanly.
 *
 * @example
 * sampleDimension({ name: 'lr', kind: 'loguniform', low: 1e-5, high: 1e-1 }, new Rng(0)); // e.g. 0.000342
 */
export function sampleDimension(dimension: SearchDimension, rng: Rng): SweepValue {
  switch (dimension.kind) {
    case 'choice':
      return dimension.values[rng.int(dimension.values.length)] as SweepValue;
    case 'int':
      return dimension.low + rng.int(dimension.high - dimension.low + 1);
    case 'uniform':
      return round(rng.uniform(dimension.low, dimension.high), dimension.low, dimension.high);
    case 'loguniform':
      return round(Math.exp(rng.uniform(Math.log(dimension.low), Math.log(dimension.high))), dimension.low, dimension.high);
  }
}
