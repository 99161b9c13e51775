import { invalidOption, option } from '@nnlab/core';
import { cosineAnnealingLR, exponentialLR, multiStepLR, oneCycleLR, type Schedule, stepLR } from '@nnlab/optimizers';
import type { Callback } from './callback.js';
import { reduceLROnPlateau, type ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
import type { SchedulerSpec } from './parse-scheduler.js';

/** The callback for a {@link SchedulerSpec}, with the plateau state for checkpoints (other kinds are pure functions of epoch or step). */
export interface SchedulerCallback extends Callback {
  readonly spec: SchedulerSpec;
  /** Plateau only: its state as plain JSON. */
  readonly state?: () => ReduceLROnPlateauState;
  /** Plateau only: restores {@link SchedulerCallback.state}. */
  readonly loadState?: (state: ReduceLROnPlateauState) => void;
}

/** What the scheduler needs from the run. */
export interface SchedulerContext {
  /** The rate the optimizer was built with: the base of every schedule. */
  readonly baseLearningRate: number;
  /** Total epochs of the run (schedules are anchored at epoch 1 even when resuming). */
  readonly epochs: number;
  /** Receives one line per learning-rate change. */
  readonly log: (line: string) => void;
}

/** Short decimal form: 0.1 * 0.1 prints as 0.01, not 0.010000000000000002. */
export function formatRate(rate: number): string {
  return String(Number(rate.toPrecision(6)));
}

function epochSchedule(spec: Exclude<SchedulerSpec, { kind: 'plateau' | 'onecycle' }>, context: SchedulerContext): Schedule {
  const learningRate = context.baseLearningRate;
  switch (spec.kind) {
    case 'step':
      return stepLR({ learningRate, stepSize: spec.stepSize, gamma: spec.gamma });
    case 'multistep':
      return multiStepLR({ learningRate, milestones: spec.milestones, gamma: spec.gamma });
    case 'exponential':
      return exponentialLR({ learningRate, gamma: spec.gamma });
    case 'cosine': {
      const tMax = spec.tMax ?? context.epochs - spec.warmup;
      if (tMax < 1) {
        throw invalidOption`${option('scheduler')} "${spec.text}": warmup=${spec.warmup} leaves no epochs for the cosine in a ${context.epochs}-epoch run; give tmax= or fewer warm-up epochs`;
      }
      return cosineAnnealingLR({
        learningRate,
        tMax,
        etaMin: spec.etaMin,
        warmupSteps: spec.warmup,
        ...(spec.warmupStartFactor === undefined ? {} : { warmupStartFactor: spec.warmupStartFactor }),
      });
    }
  }
}

/**
 * Turns a {@link SchedulerSpec} (see `parseScheduler`) into a training callback that logs every
 * learning-rate change (`epoch 3: learning rate 0.1 -> 0.01 (plateau on validationAccuracy)`):
 *
 * - plateau: `reduceLROnPlateau`, stepped at the end of each epoch;
 * - step, multistep, exponential, cosine: a schedule of the epoch, set at the
 *   start of each epoch (epoch N uses `schedule(N - 1)`, as PyTorch does with
 *   `scheduler.step()` after each epoch), so a resumed run picks up the right rate;
 * - onecycle: a schedule of the optimizer step over `epochs x batches per
 *   epoch` steps, installed on the optimizer when training begins (it changes
 *   every step, so only its shape is logged).
 *
 * Settings are checked when the callback is built, before any data is loaded.
 */
export function schedulerCallback(spec: SchedulerSpec, context: SchedulerContext): SchedulerCallback {
  const { log } = context;
  if (spec.kind === 'plateau') {
    const plateau = reduceLROnPlateau({
      ...spec.options,
      onChange: (from, to, epoch) => log(`epoch ${epoch}: learning rate ${formatRate(from)} -> ${formatRate(to)} (plateau on ${spec.options.monitor})`),
    });
    return { spec, onEpochEnd: plateau.onEpochEnd?.bind(plateau), state: () => plateau.state(), loadState: (state) => plateau.loadState(state) };
  }
  if (spec.kind === 'onecycle') {
    const maxLearningRate = spec.maxLearningRate ?? context.baseLearningRate;
    return {
      spec,
      onTrainBegin(training) {
        if (training.stepsPerEpoch === undefined) throw invalidOption`${option('scheduler')} "${spec.text}" needs a data loader that knows its number of batches`;
        const totalSteps = context.epochs * training.stepsPerEpoch;
        training.optimizer.learningRate = oneCycleLR({
          maxLearningRate,
          totalSteps,
          threePhase: spec.threePhase,
          ...(spec.pctStart === undefined ? {} : { pctStart: spec.pctStart }),
          ...(spec.annealStrategy === undefined ? {} : { annealStrategy: spec.annealStrategy }),
          ...(spec.divFactor === undefined ? {} : { divFactor: spec.divFactor }),
          ...(spec.finalDivFactor === undefined ? {} : { finalDivFactor: spec.finalDivFactor }),
        });
        log(`learning rate: one-cycle over ${totalSteps} steps, from ${formatRate(training.optimizer.currentLearningRate)} up to ${formatRate(maxLearningRate)}`);
      },
    };
  }
  const schedule = epochSchedule(spec, context);
  return {
    spec,
    onEpochBegin(epoch, training) {
      training.optimizer.learningRate = schedule(epoch - 1);
    },
    onEpochEnd(epochLog) {
      if (epochLog.epoch >= context.epochs) return;
      const from = schedule(epochLog.epoch - 1);
      const to = schedule(epochLog.epoch);
      if (to !== from) log(`epoch ${epochLog.epoch}: learning rate ${formatRate(from)} -> ${formatRate(to)} (${spec.kind} schedule)`);
    },
  };
}
