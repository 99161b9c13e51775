import { describe, expect, it } from 'vitest';
import type { ActivateOptions } from './backend.js';
import { defineBackend, errorMessage } from './define-backend.js';
import { BackendUnavailableError, InvalidArgumentError } from './errors.js';

interface MineOptions extends ActivateOptions {
  readonly colour?: string;
}

function mine(activate: (options: MineOptions) => Promise<void> = async () => {}) {
  const seen: MineOptions[] = [];
  const provider = defineBackend<MineOptions>({
    name: 'mine',
    kind: 'js',
    description: 'a test backend',
    environments: ['node'],
    probe: () => {
      throw new Error('no device');
    },
    validate(options) {
      if (options.colour !== undefined && options.colour !== 'red') throw new InvalidArgumentError(`options.colour must be "red", got ${options.colour}`);
    },
    async activate(options) {
      seen.push(options);
      await activate(options);
      return { name: 'mine', kind: 'js', tfjsBackend: 'mine', threads: options.threads ?? 1, simd: false, versions: {} };
    },
  });
  return { provider, seen };
}

describe('defineBackend', () => {
  it('copies the description and turns a throwing probe into unavailable with its reason', async () => {
    const { provider } = mine();
    expect([provider.name, provider.kind, provider.description, provider.environments]).toEqual(['mine', 'js', 'a test backend', ['node']]);
    await expect(provider.probe()).resolves.toEqual({ available: false, reason: 'probing mine failed: no device' });
  });

  it('checks the common options and then the backend\'s own before activating', async () => {
    const { provider, seen } = mine();
    await expect(provider.activate(null as never)).rejects.toThrow('mine activate options must be an object, got null');
    await expect(provider.activate({ threads: 0 })).rejects.toThrow(/options.threads must be an integer >= 1, got 0/);
    await expect(provider.activate({ simd: 'yes' as never })).rejects.toThrow(/options.simd must be true or false/);
    await expect(provider.activate({ deterministic: 1 as never })).rejects.toThrow(/options.deterministic must be true or false/);
    await expect(provider.activate({ timeoutMs: 0 })).rejects.toThrow(/options.timeoutMs/);
    await expect(provider.activate({ colour: 'blue' })).rejects.toThrow('options.colour must be "red", got blue');
    expect(seen).toEqual([]);
    await expect(provider.activate({ threads: 3, colour: 'red' })).resolves.toMatchObject({ threads: 3 });
    await expect(provider.activate()).resolves.toMatchObject({ threads: 1 });
    expect(seen).toEqual([{ threads: 3, colour: 'red' }, {}]);
  });

  it('gives up after timeoutMs with BackendUnavailableError', async () => {
    const { provider } = mine(() => new Promise(() => {}));
    const activation = provider.activate({ timeoutMs: 20 });
    await expect(activation).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(activation).rejects.toThrow(/activation timed out after 20 ms/);
  });
});

describe('errorMessage', () => {
  it('reads Errors, Emscripten\'s { message } objects and anything else', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage({ message: 'abort' })).toBe('abort');
    expect(errorMessage(42)).toBe('42');
  });
});
