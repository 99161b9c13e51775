import { type BackendInfo, BackendRegistry } from '@nnlab/core';
import { activateOptionsOf, knownBackends, pickBackend } from '@nnlab/backends';
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
export async function activateBackend({ backend, deterministic }: Pick<LabOptions, 'backend' | 'deterministic'>): Promise<BackendInfo> {
  return (await pickBackend(new BackendRegistry(knownBackends()), backend)).activate(activateOptionsOf({ deterministic }));
}
