import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBounds, mnistPlacement } from './ink-geometry.js';

function image(width: number, height: number, ink: Array<[number, number, number?]>): Float32Array {
  const values = new Float32Array(width * height);
  for (const [x, y, v = 1] of ink) values[y * width + x] = v;
  return values;
}

describe('inkBounds', () => {
  it('finds the box around everything above the threshold', () => {
    expect(inkBounds(image(10, 8, [[2, 3], [6, 1], [4, 5, 0.05]]), 10, 8)).toEqual({ x: 2, y: 1, width: 5, height: 3 });
  });
  it('is undefined for a blank pad', () => {
    expect(inkBounds(new Float32Array(16), 4, 4)).toBeUndefined();
  });
});

describe('centreOfMass', () => {
  it('weights pixel centres by intensity', () => {
    expect(centreOfMass(image(4, 4, [[0, 0, 1], [2, 0, 3]]), 4, 4)).toEqual({ x: 2, y: 0.5 });
  });
  it('gives the image centre for a blank image', () => {
    expect(centreOfMass(new Float32Array(6), 3, 2)).toEqual({ x: 1.5, y: 1 });
  });
});

describe('mnistPlacement', () => {
  it('fits the longer side to 20 px and puts the centre of mass on (14, 14)', () => {
    expect(mnistPlacement({ x: 0, y: 0, width: 100, height: 200 }, { x: 50, y: 100 })).toEqual({ x: 9, y: 4, width: 10, height: 20 });
    // Ink heavier on the right: the box moves left so its mass is centred.
    expect(mnistPlacement({ x: 0, y: 0, width: 200, height: 200 }, { x: 150, y: 100 })).toEqual({ x: -1, y: 4, width: 20, height: 20 });
  });
});
