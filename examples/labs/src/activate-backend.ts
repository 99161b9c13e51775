import { type BackendInfo, BackendRegistry, BackendUnavailableError } from '@nnlab/core';
import { knownBackends } from '@nnlab/cli';

/**
 * Makes the backend a lab was asked for (`LabOptions.backend`: `cpu`,
 * `wasm`, `native`, ..., or `auto` for the first available one in the CLI's
 * order of preference) the active tfjs backend. Every lab calls it first, so
 * a lab runs the same from the runner and from a test.
 *
 * @example
 * const info = await activateBackend(options.backend);
 * options.log(`backend ${info.name}`);
 */
export async function activateBackend(name: string): Promise<BackendInfo> {
  const registry = new BackendRegistry(knownBackends());
  if (name === 'auto') {
    const found = (await registry.probeAll()).find((status) => status.available);
    if (found === undefined) throw new BackendUnavailableError('auto', 'no backend is available here');
    return found.provider.activate();
  }
  const provider = registry.get(name);
  const probe = await provider.probe();
  if (!probe.available) throw new BackendUnavailableError(name, probe.reason ?? 'not available', probe.install);
  return provider.activate();
}
