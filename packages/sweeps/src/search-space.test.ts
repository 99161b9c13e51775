import { Rng } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { parseSearchSpace, sampleDimension } from './search-space.js';

describe('parseSearchSpace', () => {
  it('reads every distribution', () => {
    expect(parseSearchSpace('lr=loguniform:1e-5:1e-1')).toEqual({ name: 'lr', kind: 'loguniform', low: 1e-5, high: 0.1 });
    expect(parseSearchSpace('dropout=uniform:0:0.5')).toEqual({ name: 'dropout', kind: 'uniform', low: 0, high: 0.5 });
    expect(parseSearchSpace('hidden=int:16:128')).toEqual({ name: 'hidden', kind: 'int', low: 16, high: 128 });
    expect(parseSearchSpace('optimizer=choice:sgd|adam|adamw')).toEqual({ name: 'optimizer', kind: 'choice', values: ['sgd', 'adam', 'adamw'] });
    expect(parseSearchSpace('nesterov=choice:true|false')).toEqual({ name: 'nesterov', kind: 'choice', values: [true, false] });
  });

  it.each([
    ['lr', /space "lr": expected name=loguniform:LOW:HIGH/],
    ['1lr=uniform:0:1', /space "1lr=uniform:0:1": "1lr" is not a parameter name/],
    ['lr=normal:0:1', /space "lr=normal:0:1": unknown distribution "normal"/],
    ['lr=loguniform:0:1e-1', /loguniform needs LOW > 0 .* got 0/],
    ['lr=loguniform:1e-1:1e-5', /expected LOW < HIGH, got 0\.1 and 0\.00001/],
    ['lr=uniform:1', /uniform needs exactly two bounds/],
    ['lr=uniform:a:1', /uniform bounds must be numbers, got "a:1"/],
    ['hidden=int:8.5:16', /int bounds must be integers, got 8\.5 and 16/],
    ['opt=choice:sgd||adam', /no empty entries/],
    ['opt=choice:sgd|sgd', /listed twice/],
  ])('rejects %s naming the space argument', (text, message) => {
    expect(() => parseSearchSpace(text)).toThrow(message);
  });
});

describe('sampleDimension', () => {
  const draw = (text: string, count: number, seed = 1) => {
    const dimension = parseSearchSpace(text);
    const rng = new Rng(seed);
    return Array.from({ length: count }, () => sampleDimension(dimension, rng) as number);
  };

  it('keeps loguniform values within bounds and spreads them evenly over the decades', () => {
    const values = draw('lr=loguniform:1e-5:1e-1', 4000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1e-5);
    expect(Math.max(...values)).toBeLessThanOrEqual(1e-1);
    // Four decades, about a quarter of the draws in each (a uniform draw would put 90% in the last).
    const perDecade = [0, 1, 2, 3].map((d) => values.filter((v) => Math.floor(Math.log10(v) + 5) === d).length / values.length);
    for (const share of perDecade) expect(share).toBeGreaterThan(0.21), expect(share).toBeLessThan(0.29);
    expect(values.every((v) => Number(v.toPrecision(4)) === v)).toBe(true);
  });

  it('draws uniform reals, every integer of an int range, and every choice', () => {
    const uniform = draw('x=uniform:2:3', 2000);
    expect(uniform.every((v) => v >= 2 && v <= 3)).toBe(true);
    expect(uniform.reduce((a, b) => a + b, 0) / uniform.length).toBeCloseTo(2.5, 1);
    expect(new Set(draw('hidden=int:4:7', 200))).toEqual(new Set([4, 5, 6, 7]));
    expect(new Set(draw('opt=choice:sgd|adam', 50) as unknown[])).toEqual(new Set(['sgd', 'adam']));
  });

  it('is reproducible from the seed', () => {
    expect(draw('lr=loguniform:1e-5:1e-1', 5, 7)).toEqual(draw('lr=loguniform:1e-5:1e-1', 5, 7));
    expect(draw('lr=loguniform:1e-5:1e-1', 5, 7)).not.toEqual(draw('lr=loguniform:1e-5:1e-1', 5, 8));
  });
});
