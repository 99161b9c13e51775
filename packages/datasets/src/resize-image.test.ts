import { describe, expect, it } from 'vitest';
import { resizeImage } from './resize-image.js';

describe('resizeImage', () => {
  it('averages covered pixels when shrinking (area)', () => {
    const image = Float32Array.from({ length: 16 }, (_, i) => i);
    expect(Array.from(resizeImage(image, [4, 4, 1], [2, 2]))).toEqual([2.5, 4.5, 10.5, 12.5]);
    // 3 -> 2: output pixel 0 covers input 0 fully and half of input 1.
    const row = Float32Array.from([0, 3, 6]);
    expect(Array.from(resizeImage(row, [1, 3, 1], [1, 2]))).toEqual([1, 5]);
  });

  it('interpolates between pixel centres when enlarging (bilinear, clamped at the edges)', () => {
    const row = Float32Array.from([0, 4]);
    expect(Array.from(resizeImage(row, [1, 2, 1], [1, 4]))).toEqual([0, 1, 3, 4]);
  });

  it('keeps channels apart and returns the input when the size already matches', () => {
    const rgb = Float32Array.from([1, 10, 100, 3, 30, 300]);
    expect(Array.from(resizeImage(rgb, [1, 2, 3], [1, 1]))).toEqual([2, 20, 200]);
    expect(resizeImage(rgb, [1, 2, 3], [1, 2])).toBe(rgb);
    expect(() => resizeImage(rgb, [1, 2, 3], [0, 2])).toThrow(/size\[0\] \(height\) must be an integer >= 1/);
  });
});
