import { describe, expect, it } from 'vitest';
import { trainingJobOf, trainingSettingsOf, type TrainingSettings } from './training-settings.js';
import { createTrial } from './trial.js';

const settings: TrainingSettings = { model: 'mlp', dataset: 'mnist-10k', backend: 'cpu', epochs: 2, batchSize: 32, optimizer: 'sgd', seed: 3, normalize: true };

describe('trainingJobOf', () => {
  it('names the learning rate as a job does and leaves out what changes nothing', () => {
    expect(trainingJobOf({ ...settings, lr: 0.1, momentum: 0.9, nesterov: false, validationSplit: 0, deterministic: false })).toEqual({
      model: 'mlp', dataset: 'mnist-10k', backend: 'cpu', epochs: 2, batchSize: 32, optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, seed: 3, normalize: true,
    });
    expect(trainingJobOf({ ...settings, nesterov: true, validationSplit: 0.1, deterministic: true, limit: 100, threads: 2, weightDecay: 0 })).toMatchObject({
      nesterov: true, validationSplit: 0.1, deterministic: true, limit: 100, threads: 2, weightDecay: 0,
    });
  });

  it('gives settings that train the same way the same trial id', () => {
    const trial = (s: TrainingSettings) => createTrial(trainingJobOf(s), {}, { sweepId: 's', index: 0 }).id;
    expect(trial({ ...settings, nesterov: false, validationSplit: 0 })).toBe(trial(settings));
    expect(trial({ ...settings, nesterov: true })).not.toBe(trial(settings));
  });

  it('is undone by trainingSettingsOf', () => {
    const full: TrainingSettings = { ...settings, lr: 0.01, momentum: 0.5, nesterov: true, weightDecay: 1e-4, limit: 10, validationSplit: 0.2, threads: 4, deterministic: true };
    expect(trainingSettingsOf(trainingJobOf(full))).toEqual(full);
    expect(trainingSettingsOf(trainingJobOf(settings))).toEqual(settings);
  });
});
