import { describe, expect, it } from 'vitest';
import { formatDuration, progressTimes } from './progress-time.js';

describe('progress times', () => {
  it.each([
    [0, '0s'],
    [42.4, '42s'],
    [185, '3m05s'],
    [3720, '1h02m'],
    [Number.NaN, '-'],
    [Number.POSITIVE_INFINITY, '-'],
    [-1, '-'],
  ])('formats %s seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('estimates the time left from the rate so far, and says nothing before the first unit is done', () => {
    expect(progressTimes(0, 3, 9, 30_000)).toEqual({ elapsed: '30s', remaining: '1m00s' });
    expect(progressTimes(0, 0, 9, 5_000)).toEqual({ elapsed: '5s', remaining: '-' });
    expect(progressTimes(0, 9, 9, 90_000)).toEqual({ elapsed: '1m30s', remaining: '0s' });
  });
});
