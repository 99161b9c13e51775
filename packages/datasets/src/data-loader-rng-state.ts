import type { RngState } from '@nnlab/core';

/**
 * Where a `DataLoader`'s random streams stand: the shuffle stream (one
 * permutation drawn per epoch) and, when the loader augments, the
 * augmentation stream. From `loader.getRngState()`; a checkpoint saves it at
 * the start of an epoch and `loader.setRngState(state)` replays that epoch's
 * order exactly.
 */
export interface DataLoaderRngState {
  readonly shuffle: RngState | null;
  readonly transform: RngState | null;
}
