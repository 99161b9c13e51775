import type { BackendProvider, BackendRegistry } from '@nnlab/core';
import { BackendUnavailableError } from '@nnlab/core';
import { pickBackend } from './pick-backend.js';

/** Backends to run on, and those left out with why. */
export interface PickedBackends {
  readonly run: BackendProvider[];
  readonly skipped: Array<{ readonly backend: string; readonly reason: string }>;
}

/**
 * Resolves a backend name as {@link pickBackend} does, or `all`: every backend
 * available here, cpu first (the reference the others are read against), the
 * rest skipped with their reason (for checks that compare backends).
 *
 * @throws BackendUnavailableError when the one named, or every one, cannot run here.
 * @example
 * const { run, skipped } = await pickBackends(new BackendRegistry(knownBackends()), 'all');
 */
export async function pickBackends(registry: BackendRegistry, name: string): Promise<PickedBackends> {
  if (name !== 'all') return { run: [await pickBackend(registry, name)], skipped: [] };
  const run: BackendProvider[] = [];
  const skipped: Array<{ backend: string; reason: string }> = [];
  for (const status of await registry.probeAll()) {
    if (status.available) run.push(status.provider);
    else skipped.push({ backend: status.provider.name, reason: status.reason ?? 'not available' });
  }
  if (run.length === 0) throw new BackendUnavailableError(name, `no backend is available here (${skipped.map((s) => s.backend).join(', ')} are not)`);
  run.sort((a, b) => Number(b.name === 'cpu') - Number(a.name === 'cpu'));
  return { run, skipped };
}
