import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, Rng } from '@nnlab/core';
import { fixture } from '../layers-fixture.test-helper.js';
import { useCpuBackend } from '../use-cpu-backend.test-helper.js';
import { calculateGain, type Nonlinearity } from './calculate-gain.js';
import { constant, ones, zeros } from './constant.js';
import { computeFans } from './fans.js';
import type { Initializer } from './initializer.js';
import { kaimingNormal } from './kaiming-normal.js';
import { kaimingStd, kaimingUniform } from './kaiming-uniform.js';
import { normal } from './normal.js';
import { uniform } from './uniform.js';
import { xavierNormal } from './xavier-normal.js';
import { xavierUniform } from './xavier-uniform.js';

beforeAll(useCpuBackend);

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
}

function stats(init: Initializer, shape: number[], seed = 0): Stats {
  const tensor = init(shape, new Rng(seed));
  const values = Array.from(tensor.dataSync());
  tensor.dispose();
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), min, max };
}

const SHAPE = fixture.init.sampleShape; // [784, 300]: 235,200 samples, so sample std is within ~0.3% of the truth
const { samples } = fixture.init;

describe('calculateGain matches PyTorch', () => {
  const cases: Array<[string, Nonlinearity, number | undefined]> = [
    ['linear', 'linear', undefined],
    ['sigmoid', 'sigmoid', undefined],
    ['tanh', 'tanh', undefined],
    ['relu', 'relu', undefined],
    ['leaky_relu', 'leaky_relu', undefined],
    ['leaky_relu_0.2', 'leaky_relu', 0.2],
    ['leaky_relu_sqrt5', 'leaky_relu', Math.sqrt(5)],
    ['selu', 'selu', undefined],
  ];
  it.each(cases)('%s', (key, nonlinearity, slope) => {
    expect(calculateGain(nonlinearity, slope)).toBeCloseTo(fixture.init.gains[key]!, 8);
  });
  it('rejects unknown nonlinearities', () => {
    expect(() => calculateGain('gelu' as never)).toThrow(/nonlinearity must be one of/);
  });
});

describe('computeFans', () => {
  it.each(fixture.init.fans)('$shape (PyTorch $torchShape)', ({ shape, fanIn, fanOut }) => {
    expect(computeFans(shape)).toEqual({ fanIn, fanOut });
  });
  it('needs rank >= 2', () => {
    expect(() => computeFans([5])).toThrow(/rank >= 2.*\[5\]/);
  });
});

describe('initialiser statistics', () => {
  it('kaimingUniform: U(+-sqrt(3) gain / sqrt(fanIn)), as PyTorch samples', () => {
    const bound = Math.sqrt(3) * Math.SQRT2 / Math.sqrt(784);
    const s = stats(kaimingUniform({ nonlinearity: 'relu' }), SHAPE);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(-s.min).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.999 * bound);
    expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 2);
    expect(s.std / samples.kaimingUniformRelu!.std!).toBeCloseTo(1, 2);
    expect(bound / samples.kaimingUniformRelu!.maxAbs!).toBeCloseTo(1, 3);
  });

  it('kaimingNormal with fanOut: N(0, gain^2 / fanOut)', () => {
    const std = Math.SQRT2 / Math.sqrt(300);
    expect(kaimingStd(SHAPE, { mode: 'fanOut', nonlinearity: 'relu' })).toBeCloseTo(std, 12);
    const s = stats(kaimingNormal({ mode: 'fanOut', nonlinearity: 'relu' }), SHAPE);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * std);
    expect(s.std / std).toBeCloseTo(1, 2);
    expect(s.std / samples.kaimingNormalReluFanOut!.std!).toBeCloseTo(1, 2);
  });

  it('xavierUniform with a gain: U(+-gain sqrt(6 / (fanIn + fanOut)))', () => {
    const bound = (5 / 3) * Math.sqrt(6 / (784 + 300));
    const s = stats(xavierUniform({ gain: calculateGain('tanh') }), SHAPE);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.max).toBeGreaterThan(0.999 * bound);
    expect(bound / samples.xavierUniformTanh!.maxAbs!).toBeCloseTo(1, 3);
    expect(s.std / samples.xavierUniformTanh!.std!).toBeCloseTo(1, 2);
  });

  it('xavierNormal: N(0, 2 / (fanIn + fanOut))', () => {
    const std = Math.sqrt(2 / (784 + 300));
    const s = stats(xavierNormal(), SHAPE);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * std);
    expect(s.std / std).toBeCloseTo(1, 2);
    expect(s.std / samples.xavierNormal!.std!).toBeCloseTo(1, 2);
  });

  it('uniform and normal', () => {
    const u = stats(uniform(-0.12, 0.12), [100, 100]);
    expect(u.min).toBeGreaterThanOrEqual(-0.12);
    expect(u.max).toBeLessThanOrEqual(0.12);
    expect(u.std).toBeCloseTo(0.24 / Math.sqrt(12), 3);
    const n = stats(normal(3, 0.5), [100, 100]);
    expect(n.mean).toBeCloseTo(3, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
  });

  it('constants', () => {
    const rng = new Rng(0);
    for (const [init, value] of [
      [zeros(), 0],
      [ones(), 1],
      [constant(0.25), 0.25],
    ] as const) {
      const t = init([2, 3], rng);
      expect(t.shape).toEqual([2, 3]);
      expect(Array.from(t.dataSync())).toEqual(new Array(6).fill(value));
      t.dispose();
    }
  });

  it('is reproducible from the Rng', () => {
    const a = kaimingUniform()([4, 4], new Rng(11));
    const b = kaimingUniform()([4, 4], new Rng(11));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('validates options eagerly', () => {
    expect(() => uniform(1, 1)).toThrow(InvalidArgumentError);
    expect(() => normal(0, -1)).toThrow(/std/);
    expect(() => kaimingUniform({ mode: 'fan_in' as never })).toThrow(/mode must be one of "fanIn", "fanOut"/);
    expect(() => xavierNormal({ gain: -1 })).toThrow(/gain/);
    expect(() => constant(Number.NaN)).toThrow(/value/);
    expect(() => zeros()([2, -1], new Rng(0))).toThrow(/shape\[1\]/);
  });
});
