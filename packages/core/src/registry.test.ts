import { describe, expect, it } from 'vitest';
import type { BackendProvider } from './backend.js';
import { BackendUnavailableError, NotFoundError } from './errors.js';
import { BackendRegistry } from './registry.js';
import { withTimeout } from './with-timeout.js';

function fake(name: string, available: boolean, activated: string[]): BackendProvider {
  return {
    name,
    kind: 'js',
    description: name,
    environments: ['node'],
    probe: async () => (available ? { available } : { available, reason: `${name} missing`, install: `install ${name}` }),
    activate: async () => {
      activated.push(name);
      return { name, kind: 'js', tfjsBackend: name, threads: 1, simd: false, versions: {} };
    },
  };
}

describe('BackendRegistry', () => {
  it('looks backends up by name and activates available ones', async () => {
    const activated: string[] = [];
    const registry = new BackendRegistry([fake('a', true, activated), fake('b', false, activated)]);
    expect(registry.names()).toEqual(['a', 'b']);
    await registry.activate('a');
    expect(activated).toEqual(['a']);
  });

  it('refuses unavailable backends with the probe reason and install hint', async () => {
    const registry = new BackendRegistry([fake('b', false, [])]);
    await expect(registry.activate('b')).rejects.toThrow(BackendUnavailableError);
    await expect(registry.activate('b')).rejects.toThrow(/b missing \(install b\)/);
  });

  it('names the known backends when asked for an unknown one', () => {
    const registry = new BackendRegistry([fake('a', true, [])]);
    expect(() => registry.get('zzz')).toThrow(NotFoundError);
    expect(() => registry.get('zzz')).toThrow(/known backends: a/);
  });

  it('reports a throwing probe as unavailable instead of throwing', async () => {
    const broken: BackendProvider = { ...fake('x', true, []), probe: async () => { throw new Error('boom'); } };
    const [status] = await new BackendRegistry([broken]).probeAll();
    expect(status).toMatchObject({ name: 'x', available: false, reason: 'probe failed: boom' });
  });

  it('rejects duplicate names', () => {
    expect(() => new BackendRegistry([fake('a', true, []), fake('a', true, [])])).toThrow(/already registered/);
  });
});

describe('withTimeout', () => {
  it('turns a hung activation into a BackendUnavailableError', async () => {
    await expect(withTimeout(new Promise(() => {}), 20, 'slow')).rejects.toThrow(/slow.*timed out after 20 ms/);
  });
  it('passes a result through', async () => {
    await expect(withTimeout(Promise.resolve(3), 1000, 'fast')).resolves.toBe(3);
  });
});
