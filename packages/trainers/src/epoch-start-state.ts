import type { Callback } from './callback.js';
import { type RandomSource, randomState, setRandomState } from './random-source.js';

/** A {@link Callback} that remembers random states at each epoch's start; see {@link epochStartState}. */
export interface EpochStartState extends Callback {
  /** Puts every source back to the state it had when the current (unfinished) epoch began. */
  restore(): void;
}

/**
 * Stop and continue a run in memory (a page's Stop and Resume buttons): the
 * callback records the data sources' random states when each epoch begins;
 * after `fit` was stopped by its `signal`, `restore()` rewinds them to the
 * unfinished epoch's start, and `fit` with `resumeFrom: history.interrupted`
 * replays that epoch's order, skips the batches done and ends with the same
 * weights as an uninterrupted run. (Checkpoints, in `@nnlab/checkpoint`, do the same through files.)
 *
 * @example
 * const rewind = epochStartState({ shuffle: trainLoader });
 * let history = await fit(model, optimizer, { train: trainLoader, epochs: 5, signal, callbacks: [rewind] });
 * if (history.interrupted !== undefined) {
 *   rewind.restore();
 *   history = await fit(model, optimizer, { train: trainLoader, epochs: 5, resumeFrom: history.interrupted, callbacks: [rewind] });
 * }
 */
export function epochStartState(sources: Readonly<Record<string, RandomSource>>): EpochStartState {
  let saved: Record<string, unknown> | undefined;
  return {
    // A resumed run's first epoch begins after the caller rewound the sources, so this is its start too.
    onEpochBegin() {
      saved = Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, randomState(source)]));
    },
    restore() {
      if (saved === undefined) return;
      for (const [name, source] of Object.entries(sources)) setRandomState(name, source, saved[name], 'epochStartState');
    },
  };
}
