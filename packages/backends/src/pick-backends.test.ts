import { BackendRegistry, BackendUnavailableError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { knownBackends } from './known-backends.js';
import { pickBackends } from './pick-backends.js';

describe('pickBackends', () => {
  const registry = new BackendRegistry(knownBackends());

  it('takes every available backend for all, cpu first, and says why the others are skipped', async () => {
    const { run, skipped } = await pickBackends(registry, 'all');
    expect(run[0]?.name).toBe('cpu');
    const statuses = await registry.probeAll();
    expect(run.map((b) => b.name).sort()).toEqual(statuses.filter((s) => s.available).map((s) => s.provider.name).sort());
    expect(skipped).toContainEqual({ backend: 'webgl', reason: expect.stringMatching(/browser/) });
  });

  it('resolves one name like pickBackend, and refuses when nothing can run', async () => {
    expect(await pickBackends(registry, 'cpu')).toEqual({ run: [registry.get('cpu')], skipped: [] });
    const none = new BackendRegistry(knownBackends().filter((b) => b.name === 'webgl'));
    await expect(pickBackends(none, 'all')).rejects.toThrow(BackendUnavailableError);
    await expect(pickBackends(none, 'all')).rejects.toThrow(/no backend is available here \(webgl are not\)/);
  });
});
