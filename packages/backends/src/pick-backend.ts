import type { ActivateOptions, BackendProvider, BackendRegistry } from '@nnlab/core';
import { BackendUnavailableError } from '@nnlab/core';

/**
 * Resolves a backend name, or `auto` for the first available backend in the
 * registry's order of preference, and checks that it can run here.
 *
 * @throws BackendUnavailableError naming the backend, why it cannot run and what to install.
 * @example
 * const backend = await pickBackend(new BackendRegistry(knownBackends()), 'auto');
 */
export async function pickBackend(registry: BackendRegistry, name: string): Promise<BackendProvider> {
  if (name !== 'auto') {
    const backend = registry.get(name);
    const probe = await backend.probe();
    if (!probe.available) throw new BackendUnavailableError(name, probe.reason ?? 'not available', probe.install);
    return backend;
  }
  for (const status of await registry.probeAll()) {
    if (status.available) return status.provider;
  }
  throw new BackendUnavailableError('auto', 'no backend is available here');
}

/**
 * The `activate()` options of a run's `threads` and `deterministic` settings
 * (a training job, `nnlab train`, the labs): only the ones given, so every
 * backend keeps its own defaults for the rest.
 *
 * @example
 * await (await pickBackend(registry, 'native')).activate(activateOptionsOf({ threads: 2, deterministic: true }));
 */
export function activateOptionsOf(settings: { readonly threads?: number | undefined; readonly deterministic?: boolean | undefined }): ActivateOptions {
  return {
    ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    ...(settings.deterministic === true ? { deterministic: true } : {}),
  };
}
