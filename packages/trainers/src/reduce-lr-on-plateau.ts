import { assertInteger, assertNumber, assertOneOf, CheckpointError, InvalidArgumentError } from '@nnlab/core';
import type { Callback } from './callback.js';
import { type MonitoredMetric, readMetric } from './early-stopping.js';

const METRICS: readonly MonitoredMetric[] = ['loss', 'accuracy', 'validationLoss', 'validationAccuracy'];

/** Options for {@link reduceLROnPlateau}; names and defaults are PyTorch's `ReduceLROnPlateau`'s. */
export interface ReduceLROnPlateauOptions {
  /** Epoch metric to watch (default 'validationLoss'). */
  readonly monitor?: MonitoredMetric;
  /** 'min' (default) when lower is better, 'max' when higher is. */
  readonly mode?: 'min' | 'max';
  /** New rate = old rate * factor (default 0.1); in (0, 1). */
  readonly factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  readonly patience?: number;
  /** How much better than the best counts as an improvement (default 1e-4). */
  readonly threshold?: number;
  /** 'rel' (default): better than best * (1 ∓ threshold); 'abs': better than best ∓ threshold. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs after a reduction during which bad epochs are not counted (default 0). */
  readonly cooldown?: number;
  /** The rate never goes below this (default 0). */
  readonly minLearningRate?: number;
  /** A reduction smaller than this is skipped (default 1e-8). */
  readonly eps?: number;
  /** Called after each reduction, e.g. to log it. */
  readonly onChange?: (oldLearningRate: number, newLearningRate: number, epoch: number) => void;
}

/** The plateau scheduler's state as plain JSON (`best` is null before the first epoch). */
export interface ReduceLROnPlateauState {
  readonly best: number | null;
  readonly numBadEpochs: number;
  readonly cooldownCounter: number;
  readonly lastEpoch: number;
}

/** A {@link Callback} that also saves and restores its state (for checkpoints). */
export interface ReduceLROnPlateauCallback extends Callback {
  /** The monitored metric, resolved from the options. */
  readonly monitor: MonitoredMetric;
  /** A plain-JSON copy of the state. */
  state(): ReduceLROnPlateauState;
  /** Restores a state from {@link ReduceLROnPlateauCallback.state}; validates it first. */
  loadState(state: ReduceLROnPlateauState): void;
}

/**
 * Reduces the optimizer's learning rate by `factor` when the monitored epoch
 * metric stops improving: PyTorch's `ReduceLROnPlateau`, stepped once per
 * epoch (`onEpochEnd`) on `monitor`, with the same improvement test, patience,
 * cooldown, minimum rate and `eps` rule, so the same metric sequence gives the
 * same rates (checked against PyTorch 1.13).
 *
 * The callback owns its state (best value, bad-epoch and cooldown counters);
 * `state()`/`loadState()` carry it across a checkpoint. It sets
 * `optimizer.learningRate` to a number, replacing a per-step schedule if one
 * was set. A reduction takes effect from the next epoch; the history records
 * each epoch's rate.
 *
 * @example
 * // The notMNIST lab: SGD + Nesterov, divide the rate by 10 whenever validation accuracy fails to improve.
 * const plateau = reduceLROnPlateau({ monitor: 'validationAccuracy', mode: 'max', factor: 0.1, patience: 0,
 *   onChange: (from, to, epoch) => console.log(`epoch ${epoch}: learning rate ${from} -> ${to}`) });
 * await fit(model, sgd(model, { learningRate: 0.1, momentum: 0.9, nesterov: true }), { train, validation, epochs: 10, callbacks: [plateau] });
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): ReduceLROnPlateauCallback {
  const monitor = assertOneOf('reduceLROnPlateau monitor', options.monitor ?? 'validationLoss', METRICS);
  const mode = assertOneOf('reduceLROnPlateau mode', options.mode ?? 'min', ['min', 'max'] as const);
  const factor = assertNumber('reduceLROnPlateau factor', options.factor ?? 0.1, { min: 0, exclusiveMin: true });
  if (factor >= 1) throw new InvalidArgumentError(`reduceLROnPlateau factor must be > 0 and < 1, got ${factor}`);
  const patience = assertInteger('reduceLROnPlateau patience', options.patience ?? 10, 0);
  const threshold = assertNumber('reduceLROnPlateau threshold', options.threshold ?? 1e-4, { min: 0 });
  const thresholdMode = assertOneOf('reduceLROnPlateau thresholdMode', options.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
  const cooldown = assertInteger('reduceLROnPlateau cooldown', options.cooldown ?? 0, 0);
  const minLearningRate = assertNumber('reduceLROnPlateau minLearningRate', options.minLearningRate ?? 0, { min: 0 });
  const eps = assertNumber('reduceLROnPlateau eps', options.eps ?? 1e-8, { min: 0 });
  const onChange = options.onChange;

  const worst = mode === 'min' ? Infinity : -Infinity;
  let best = worst;
  let numBadEpochs = 0;
  let cooldownCounter = 0;
  let lastEpoch = 0;

  // PyTorch's is_better, including its sign quirk for 'rel' with negative metrics.
  const isBetter = (value: number): boolean => {
    if (mode === 'min') return thresholdMode === 'rel' ? value < best * (1 - threshold) : value < best - threshold;
    return thresholdMode === 'rel' ? value > best * (threshold + 1) : value > best + threshold;
  };

  return {
    monitor,
    onEpochEnd(log, context) {
      const value = readMetric(log, monitor);
      lastEpoch = log.epoch;
      if (isBetter(value)) {
        best = value;
        numBadEpochs = 0;
      } else {
        numBadEpochs += 1;
      }
      if (cooldownCounter > 0) {
        cooldownCounter -= 1;
        numBadEpochs = 0;
      }
      if (numBadEpochs > patience) {
        const old = context.optimizer.currentLearningRate;
        const next = Math.max(old * factor, minLearningRate);
        if (old - next > eps) {
          context.optimizer.learningRate = next;
          onChange?.(old, next, log.epoch);
        }
        cooldownCounter = cooldown;
        numBadEpochs = 0;
      }
    },
    state() {
      return { best: Number.isFinite(best) ? best : null, numBadEpochs, cooldownCounter, lastEpoch };
    },
    loadState(state) {
      if (typeof state !== 'object' || state === null) {
        throw new CheckpointError(`reduceLROnPlateau state must be an object, got ${String(state)}`);
      }
      // Validate everything before changing anything.
      const saved = {
        best: state.best === null ? worst : assertNumber('reduceLROnPlateau state.best', state.best),
        numBadEpochs: assertInteger('reduceLROnPlateau state.numBadEpochs', state.numBadEpochs, 0),
        cooldownCounter: assertInteger('reduceLROnPlateau state.cooldownCounter', state.cooldownCounter, 0),
        lastEpoch: assertInteger('reduceLROnPlateau state.lastEpoch', state.lastEpoch, 0),
      };
      ({ best, numBadEpochs, cooldownCounter, lastEpoch } = saved);
    },
  };
}
