import { BackendRegistry, BackendUnavailableError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { knownBackends } from './known-backends.js';
import { activateOptionsOf, pickBackend } from './pick-backend.js';

describe('knownBackends and pickBackend', () => {
  const registry = new BackendRegistry(knownBackends());

  it('lists every backend once, in order of preference, the unmodified wasm last', () => {
    const names = knownBackends().map((backend) => backend.name);
    expect(names).toEqual(['native', 'tfjs-node', 'wasm', 'cpu', 'webgl', 'webgpu', 'wasm-stock']);
  });

  it('picks a backend by name, and for auto the first one available here', async () => {
    expect((await pickBackend(registry, 'cpu')).name).toBe('cpu');
    const firstAvailable = (await registry.probeAll()).find((status) => status.available)?.provider.name;
    expect((await pickBackend(registry, 'auto')).name).toBe(firstAvailable);
  });

  it('refuses a backend that cannot run here, saying why', async () => {
    await expect(pickBackend(registry, 'webgl')).rejects.toThrow(BackendUnavailableError);
    await expect(pickBackend(registry, 'webgl')).rejects.toThrow(/browser/);
  });

  it('passes on only the activate() options given', () => {
    expect(activateOptionsOf({})).toEqual({});
    expect(activateOptionsOf({ threads: 2, deterministic: false })).toEqual({ threads: 2 });
    expect(activateOptionsOf({ deterministic: true })).toEqual({ deterministic: true });
  });
});
