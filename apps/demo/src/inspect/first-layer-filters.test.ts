import { describe, expect, it } from 'vitest';
import { firstLayerFilters } from './first-layer-filters.js';

describe('firstLayerFilters', () => {
  it('turns a dense [inputs, units] matrix into one square image per unit, scaled to [-1, 1]', () => {
    // 4 inputs (2x2), 3 units: weight[i][u] = (i + 1) * (u + 1) * (u === 1 ? -1 : 1)
    const values = new Float32Array(12);
    for (let i = 0; i < 4; i++) for (let u = 0; u < 3; u++) values[i * 3 + u] = (i + 1) * (u + 1) * (u === 1 ? -1 : 1);
    const images = firstLayerFilters([4, 3], values, 2);
    expect(images).toHaveLength(2);
    expect(images[0]).toMatchObject({ width: 2, height: 2 });
    expect(Array.from(images[0]?.values ?? [])).toEqual([0.25, 0.5, 0.75, 1]);
    expect(Array.from(images[1]?.values ?? [])).toEqual([-0.25, -0.5, -0.75, -1]);
  });

  it('turns an HWIO convolution kernel into one kh x kw image per output channel, averaging input channels', () => {
    // [kh=1, kw=2, in=2, out=1]: position p, channel c at (p * 2 + c)
    const images = firstLayerFilters([1, 2, 2, 1], new Float32Array([1, 3, -4, 0]));
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ width: 2, height: 1 });
    expect(Array.from(images[0]?.values ?? [])).toEqual([1, -1]);
  });

  it('gives nothing for a dense layer whose inputs are not a square image', () => {
    expect(firstLayerFilters([10, 3], new Float32Array(30))).toEqual([]);
  });
});
