import { describe, expect, it } from 'vitest';
import { trainingHealthCallback } from './training-health-callback.js';
import type { TrainingContext } from './callback.js';
import type { EpochLog } from './types.js';

/** The health callback reads only the epoch's log. */
const context = {} as TrainingContext;

const epoch = (n: number, loss: number, accuracy: number): EpochLog => ({ epoch: n, loss, accuracy, metrics: { accuracy }, learningRate: 10, seconds: 1, samplesPerSec: 1000, steps: 10 });

describe('trainingHealthCallback', () => {
  it('warns once each about an exploding loss and chance-level accuracy, naming the learning rate', () => {
    const warnings: string[] = [];
    const callback = trainingHealthCallback({ numClasses: 10, examples: 10_000, warn: (text) => warnings.push(text) });
    void callback.onEpochEnd?.(epoch(1, 0.5, 0.9), context);
    expect(warnings).toEqual([]);
    void callback.onEpochEnd?.(epoch(2, 80, 0.1), context);
    void callback.onEpochEnd?.(epoch(3, 90, 0.1), context);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^epoch 2: training loss 80\.0 is 160 times the best epoch's 0\.500: the learning rate \(10\) is probably far too large/);
    expect(warnings[1]).toMatch(/^epoch 2: training accuracy 10\.00% is chance level for 10 classes/);
  });

  it('counts the epochs of a resumed run before it', () => {
    const warnings: string[] = [];
    const callback = trainingHealthCallback({ numClasses: 10, examples: 50, history: [epoch(1, 0.1, 0.9)], warn: (text) => warnings.push(text) });
    void callback.onEpochEnd?.(epoch(2, 15, 0.9), context);
    expect(warnings).toEqual([expect.stringMatching(/^epoch 2: training loss 15\.0 is 150 times the best epoch's 0\.100/)]);
  });
});
