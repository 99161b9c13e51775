import { invalidOption, option } from '@nnlab/core';

/** A value a sweep parameter takes: numbers, names (`adam`, `tanh`) or booleans. */
export type SweepValue = number | string | boolean;

/** One swept parameter and the values it takes, in order. */
export interface SweepGrid {
  readonly name: string;
  readonly values: readonly SweepValue[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Reads one grid value: a number when it looks like one, `true`/`false`, else the text. */
export function parseSweepValue(text: string): SweepValue {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return trimmed;
}

/**
 * Parses one `grid`: `name=v1,v2,...`. Values are numbers, booleans
 * or names; an empty value, a repeated value or a malformed name is an
 * `InvalidOptionError` naming the grid.
 *
 * @example
 * parseGrid('lr=1e-4,1e-3'); // { name: 'lr', values: [0.0001, 0.001] }
 * parseGrid('optimizer=sgd,adam'); // { name: 'optimizer', values: ['sgd', 'adam'] }
 */
export function parseGrid(text: string): SweepGrid {
  const equals = typeof text === 'string' ? text.indexOf('=') : -1;
  if (equals < 0) throw invalidOption`${option('grid')} "${String(text)}" must look like name=value1,value2,... (e.g. lr=1e-3,1e-2)`;
  const name = text.slice(0, equals).trim();
  if (!NAME.test(name)) {
    throw invalidOption`${option('grid')} "${text}": "${name}" is not a parameter name (letters, digits, _ and -, starting with a letter)`;
  }
  const parts = text.slice(equals + 1).split(',');
  if (parts.some((part) => part.trim() === '')) {
    throw invalidOption`${option('grid')} "${text}": expected a comma-separated list of values with no empty entries`;
  }
  const values = parts.map(parseSweepValue);
  const seen = new Set<string>();
  for (const value of values) {
    const key = `${typeof value}:${String(value)}`;
    if (seen.has(key)) throw invalidOption`${option('grid')} "${text}": value ${String(value)} is listed twice`;
    seen.add(key);
  }
  return { name, values };
}
