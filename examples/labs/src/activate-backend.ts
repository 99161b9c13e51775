import { type BackendInfo, BackendRegistry, BackendUnavailableError } from '@nnlab/core';
import { knownBackends } from '@nnlab/cli';
import type { LabOptions } from './lab.js';

/**
 * Makes the backend a lab was asked for (`LabOptions.backend`: `cpu`,
 * `wasm`, `native`, ..., or `auto` for the first available one in the CLI's
 * order of preference) the active tfjs backend, deterministic when
 * `LabOptions.deterministic` says so. Every lab calls it first, so a lab
 * runs the same from the runner and from a test.
 *
 * @example
 * const info = await activateBackend(options);
 * options.log(`backend ${info.name}`);
 */
export async function activateBackend({ backend: name, deterministic }: Pick<LabOptions, 'backend' | 'deterministic'>): Promise<BackendInfo> {
  const registry = new BackendRegistry(knownBackends());
  const settings = deterministic === true ? { deterministic: true } : {};
  if (name === 'auto') {
    const found = (await registry.probeAll()).find((status) => status.available);
    if (found === undefined) throw new BackendUnavailableError('auto', 'no backend is available here');
    return found.provider.activate(settings);
  }
  const provider = registry.get(name);
  const probe = await provider.probe();
  if (!probe.available) throw new BackendUnavailableError(name, probe.reason ?? 'not available', probe.install);
  return provider.activate(settings);
}
