import { describe, expect, it } from 'vitest';
import { rankPredictions } from './rank-predictions.js';

describe('rankPredictions', () => {
  it('lists each example\'s most probable classes with names, and scores the labelled ones', () => {
    const probabilities = new Float32Array([0.1, 0.7, 0.2, 0.5, 0.25, 0.25, 0.2, 0.3, 0.5]);
    const ranked = rankPredictions(probabilities, 3, { sources: ['a.png', 'set#0', 'set#1'], labels: [null, 0, 1], top: 2, classNames: ['zero', 'one'] });
    expect(ranked.predictions[0]).toEqual({
      source: 'a.png',
      label: null,
      top: [{ class: 1, name: 'one', probability: expect.closeTo(0.7) }, { class: 2, name: null, probability: expect.closeTo(0.2) }],
    });
    expect(ranked.predictions.map((p) => p.top[0]?.class)).toEqual([1, 0, 2]);
    expect(ranked).toMatchObject({ labelled: 2, correct: 1 });
  });

  it('lists no more classes than there are', () => {
    const ranked = rankPredictions(new Float32Array([0.4, 0.6]), 2, { sources: ['x'], top: 5 });
    expect(ranked.predictions[0]?.top.map((t) => t.class)).toEqual([1, 0]);
    expect(ranked).toMatchObject({ labelled: 0, correct: 0 });
  });
});
