import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(sa);
  });

  it('produces uniform floats in [0, 1) with the right mean', () => {
    const rng = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = rng.float();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });

  it('produces normals with mean 0 and std 1', () => {
    const rng = new Rng(2);
    const xs = rng.normalArray(40000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });

  it('restores a saved state bit-exactly, including the cached normal', () => {
    const rng = new Rng(3);
    rng.normal();
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.normal(), rng.uint32(), rng.float()];
    const restored = Rng.fromState(saved);
    expect([restored.normal(), restored.uint32(), restored.float()]).toEqual(expected);
  });

  it('permutes without losing or repeating elements', () => {
    const perm = Array.from(new Rng(4).permutation(100));
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(perm).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('forks by label independently of other labels', () => {
    const base = new Rng(5);
    const x1 = base.fork('init').uint32();
    base.fork('other');
    expect(base.fork('init').uint32()).toBe(x1);
    expect(base.fork('dropout').uint32()).not.toBe(x1);
  });

  it('int() stays in range and hits every value', () => {
    const rng = new Rng(6);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(rng.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects bad seeds and states with a clear error', () => {
    expect(() => new Rng(-1)).toThrow(InvalidArgumentError);
    expect(() => new Rng(1.5)).toThrow(/seed must be an integer/);
    expect(() => Rng.fromState({ algorithm: 'mt' } as never)).toThrow(/RNG state/);
  });
});
