import { describe, expect, it } from 'vitest';
import { predictionCells, predictionColumns } from './predictions-grid.js';

describe('prediction grid', () => {
  it('pairs each arg-max prediction with its true label', () => {
    const probabilities = new Float32Array(30);
    probabilities[3] = 0.9; // image 0: 3
    probabilities[10 + 7] = 0.6; // image 1: 7
    probabilities[10 + 1] = 0.4;
    probabilities[20 + 0] = 0.5; // image 2: 0 (first of a tie wins)
    probabilities[20 + 5] = 0.5;
    expect(predictionCells(probabilities, Int32Array.from([3, 1, 0]))).toEqual([
      { predicted: 3, label: 3, correct: true },
      { predicted: 7, label: 1, correct: false },
      { predicted: 0, label: 0, correct: true },
    ]);
  });

  it('fits 4 columns in a phone-width page and 12 on a desktop', () => {
    expect(predictionColumns(300)).toBe(4);
    expect(predictionColumns(330)).toBe(4);
    expect(predictionColumns(600)).toBe(8);
    expect(predictionColumns(1050)).toBe(12);
  });
});
