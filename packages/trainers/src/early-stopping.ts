import { assertInteger, assertNumber, assertOneOf, InvalidArgumentError } from '@nnlab/core';
import type { Callback } from './callback.js';
import type { EpochLog } from './types.js';

/** Epoch metrics a callback can watch. */
export type MonitoredMetric = 'loss' | 'accuracy' | 'validationLoss' | 'validationAccuracy';
const METRICS: readonly MonitoredMetric[] = ['loss', 'accuracy', 'validationLoss', 'validationAccuracy'];

/** Options for {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** Metric to watch (default 'validationLoss'). */
  readonly monitor?: MonitoredMetric;
  /** 'min' when lower is better (default for losses), 'max' otherwise. */
  readonly mode?: 'min' | 'max';
  /** Epochs without improvement to tolerate (default 0). */
  readonly patience?: number;
  /** Smallest change that counts as improvement (default 0). */
  readonly minDelta?: number;
}

/** Reads `monitor` from an epoch log; throws a clear error when the metric was not computed. */
export function readMetric(log: EpochLog, monitor: MonitoredMetric): number {
  const value = log[monitor];
  if (value === undefined) {
    throw new InvalidArgumentError(
      monitor.startsWith('validation')
        ? `metric "${monitor}" is not available: pass validation data to fit() (and the accuracy metric for validationAccuracy)`
        : `metric "${monitor}" is not available: fit() ran without the accuracy metric`,
    );
  }
  return value;
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs
 * (Keras' EarlyStopping semantics).
 *
 * @example
 * fit(model, optimizer, { train, validation, epochs: 50, callbacks: [earlyStopping({ patience: 3 })] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  const monitor = assertOneOf('earlyStopping monitor', options.monitor ?? 'validationLoss', METRICS);
  const mode = assertOneOf('earlyStopping mode', options.mode ?? (monitor.endsWith('ccuracy') ? 'max' : 'min'), ['min', 'max'] as const);
  const patience = assertInteger('earlyStopping patience', options.patience ?? 0, 0);
  const minDelta = assertNumber('earlyStopping minDelta', options.minDelta ?? 0, { min: 0 });
  let best = mode === 'min' ? Infinity : -Infinity;
  let wait = 0;
  return {
    onTrainBegin() {
      best = mode === 'min' ? Infinity : -Infinity;
      wait = 0;
    },
    onEpochEnd(log, context) {
      const value = readMetric(log, monitor);
      const improved = mode === 'min' ? value < best - minDelta : value > best + minDelta;
      if (improved) {
        best = value;
        wait = 0;
        return;
      }
      wait += 1;
      if (wait > patience) {
        context.stop(`early stopping: ${monitor} did not improve for ${wait} epoch(s) (best ${best.toPrecision(4)})`);
      }
    },
  };
}
