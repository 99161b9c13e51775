import type { BackendProvider, BackendRegistry } from '@nnlab/core';
import { BackendUnavailableError } from '@nnlab/core';

/**
 * Resolves `--backend`: a name, or `auto` for the first available backend
 * in the registry's order of preference.
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
