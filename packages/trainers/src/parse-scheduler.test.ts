import { describe, expect, it } from 'vitest';
import { parseScheduler, SCHEDULER_FORMS } from './parse-scheduler.js';
import { formatRate, schedulerCallback } from './scheduler-callback.js';
import { InvalidOptionError } from '@nnlab/core';

describe('parseScheduler', () => {
  it.each([
    ['plateau:max,factor=0.1,patience=0', { kind: 'plateau', options: { monitor: 'validationAccuracy', mode: 'max', factor: 0.1, patience: 0 } }],
    ['plateau', { kind: 'plateau', options: { monitor: 'validationLoss', mode: 'min' } }],
    ['plateau:min,monitor=loss,threshold=0.01,threshold-mode=abs,cooldown=2,min-lr=1e-5', {
      kind: 'plateau',
      options: { monitor: 'loss', mode: 'min', threshold: 0.01, thresholdMode: 'abs', cooldown: 2, minLearningRate: 1e-5 },
    }],
    ['plateau:mode=max,monitor=accuracy', { kind: 'plateau', options: { monitor: 'accuracy', mode: 'max' } }],
    ['step:size=5,gamma=0.5', { kind: 'step', stepSize: 5, gamma: 0.5 }],
    ['step:size=3', { kind: 'step', stepSize: 3, gamma: 0.1 }],
    ['multistep:milestones=3-6,gamma=0.2', { kind: 'multistep', milestones: [3, 6], gamma: 0.2 }],
    ['exponential:gamma=0.95', { kind: 'exponential', gamma: 0.95 }],
    ['cosine:tmax=10,warmup=2', { kind: 'cosine', tMax: 10, warmup: 2, etaMin: 0, warmupStartFactor: undefined }],
    ['cosine', { kind: 'cosine', tMax: undefined, warmup: 0 }],
    ['onecycle:max=0.1', { kind: 'onecycle', maxLearningRate: 0.1, threePhase: false }],
    ['onecycle:max=0.5,pct=0.25,anneal=linear,div=10,final-div=100,three-phase', {
      kind: 'onecycle', maxLearningRate: 0.5, pctStart: 0.25, annealStrategy: 'linear', divFactor: 10, finalDivFactor: 100, threePhase: true,
    }],
  ])('parses %s', (text, expected) => {
    expect(parseScheduler(text)).toMatchObject({ ...expected, text });
  });

  it.each([
    ['warmup:steps=3', /unknown scheduler "warmup"/],
    ['', /missing scheduler kind/],
    ['step', /size= is required/],
    ['step:size=0', /size must be an integer >= 1, got "0"/],
    ['step:size=2,size=3', /"size" is given twice/],
    ['step:size=2,,gamma=0.5', /empty option/],
    ['plateau:max,factor=1', /factor must be a number > 0 and < 1, got "1"/],
    ['plateau:max,min', /give the mode once/],
    ['plateau:up', /unknown option "up"/],
    ['plateau:monitor=f1', /monitor must be one of loss, accuracy, validationLoss, validationAccuracy, got "f1"/],
    ['plateau:patience=-1', /patience must be an integer >= 0, got "-1"/],
    ['exponential:gamma=abc', /gamma must be a number > 0, got "abc"/],
    ['multistep:milestones=3,6', /unknown option "6"/],
    ['multistep:milestones=a-6', /milestones must be epochs >= 1 joined by "-", got "a-6"/],
    ['cosine:tmax=10,warm=2', /unknown option "warm"/],
    ['onecycle:anneal=exp', /anneal must be one of cos, linear, got "exp"/],
  ])('rejects %j with one line naming scheduler, the bad part and the accepted forms', (text, message) => {
    let error: unknown;
    try {
      parseScheduler(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    const text_ = (error as Error).message;
    expect(text_).toMatch(message);
    expect(text_).toMatch(/^scheduler "/);
    expect((error as InvalidOptionError).messageNaming((name) => `--${name}`)).toMatch(/^--scheduler "/);
    expect(text_).toContain(SCHEDULER_FORMS);
    expect(text_).not.toContain('\n');
  });
});

describe('schedulerCallback', () => {
  it('sets epoch schedules at the start of each epoch and logs each change once', () => {
    const lines: string[] = [];
    const callback = schedulerCallback(parseScheduler('step:size=2,gamma=0.5'), { baseLearningRate: 0.1, epochs: 5, log: (line) => lines.push(line) });
    const optimizer = { learningRate: 0 as unknown, currentLearningRate: 0 };
    const rates: unknown[] = [];
    for (let epoch = 1; epoch <= 5; epoch++) {
      void callback.onEpochBegin?.(epoch, { optimizer } as never);
      rates.push(optimizer.learningRate);
      void callback.onEpochEnd?.({ epoch } as never, { optimizer } as never);
    }
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(lines).toEqual(['epoch 2: learning rate 0.1 -> 0.05 (step schedule)', 'epoch 4: learning rate 0.05 -> 0.025 (step schedule)']);
  });

  it('rejects a cosine warm-up that leaves no epochs', () => {
    expect(() => schedulerCallback(parseScheduler('cosine:warmup=5'), { baseLearningRate: 0.1, epochs: 5, log: () => undefined })).toThrow(/warmup=5 leaves no epochs/);
  });

  it('formats rates without float noise', () => {
    expect(formatRate(0.1 * 0.1)).toBe('0.01');
    expect(formatRate(1e-5)).toBe('0.00001');
  });
});
