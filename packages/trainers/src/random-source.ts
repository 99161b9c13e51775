import { CheckpointError, Rng } from '@nnlab/core';

/**
 * Something with random state a checkpoint can carry: an `Rng`, or an
 * object with `getRngState`/`setRngState` such as a `DataLoader` (its
 * shuffle and augmentation streams).
 */
export type RandomSource = Rng | { getRngState(): unknown; setRngState(state: unknown): void };

/** A JSON-safe copy of `source`'s state. */
export function randomState(source: RandomSource): unknown {
  return source instanceof Rng ? source.getState() : source.getRngState();
}

/** Puts a state from {@link randomState} back; the source validates it. */
export function setRandomState(name: string, source: RandomSource, state: unknown, where: string): void {
  try {
    if (source instanceof Rng) source.setState(state as ReturnType<Rng['getState']>);
    else source.setRngState(state);
  } catch (error) {
    throw new CheckpointError(`${where}: random state "${name}" does not fit: ${(error as Error).message}`, { cause: error });
  }
}

/** Checks `source` is a {@link RandomSource}, naming `name` when not. */
export function isRandomSource(source: unknown): source is RandomSource {
  if (source instanceof Rng) return true;
  const candidate = source as { getRngState?: unknown; setRngState?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.getRngState === 'function' && typeof candidate.setRngState === 'function';
}

/** A callback or scheduler that saves and restores its own state (e.g. `reduceLROnPlateau`). */
export interface StatefulComponent {
  state(): unknown;
  loadState(state: unknown): void;
}
