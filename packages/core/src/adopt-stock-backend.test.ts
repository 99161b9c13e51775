import { describe, expect, it } from 'vitest';
import { adoptStockBackend, type TfjsBackendRegistry } from './adopt-stock-backend.js';
import { BackendUnavailableError } from './errors.js';

/** A stand-in for tfjs' backend registry: factories by name, instances made on setBackend. */
function fakeTf() {
  const factories = new Map<string, { factory: () => unknown; priority: number }>();
  const registry: Record<string, unknown> = {};
  const tf: TfjsBackendRegistry = {
    engine: () => ({ registry }),
    findBackendFactory: (name) => factories.get(name)?.factory ?? null,
    removeBackend: (name) => {
      factories.delete(name);
      delete registry[name];
    },
    registerBackend: (name, factory, priority = 1) => {
      factories.set(name, { factory, priority });
      return true;
    },
    getBackend: () => 'gpu',
    version_core: '4.22.0',
    async setBackend(name) {
      const entry = factories.get(name);
      if (entry === undefined) return false;
      registry[name] = await entry.factory();
      return true;
    },
  };
  return { tf, factories };
}

const options = { name: 'gpu', priority: 3, label: 'GPU', packageName: '@stock/gpu', version: '1.0.0', notRegistered: 'stock-gpu registered nothing' };

describe('adoptStockBackend', () => {
  it('builds the stock instance once, keeps its priority, and registers it again after removeBackend', async () => {
    const { tf, factories } = fakeTf();
    let built = 0;
    const stock = adoptStockBackend({
      ...options,
      tf,
      load: async () => {
        tf.registerBackend('gpu', () => ({ id: ++built }), 3);
        return { version: '1.0.0' };
      },
    });
    await expect(stock.initialise()).resolves.toEqual({ version: '1.0.0' });
    await stock.initialise();
    await stock.select();
    expect(built).toBe(1);
    expect(factories.get('gpu')?.priority).toBe(3);
    tf.removeBackend('gpu');
    await stock.select();
    expect(built).toBe(1);
  });

  it('keeps the real reason of a failed import or initialisation, and tries again next time', async () => {
    const { tf } = fakeTf();
    let attempt = 0;
    const stock = adoptStockBackend({
      ...options,
      tf,
      load: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('no such module');
        if (attempt === 2) return {};
        tf.registerBackend('gpu', () => {
          throw new Error('context lost');
        });
        return {};
      },
    });
    await expect(stock.initialise()).rejects.toThrow(new BackendUnavailableError('gpu', 'cannot load @stock/gpu: no such module', 'npm i @stock/gpu@1.0.0'));
    await expect(stock.initialise()).rejects.toThrow('stock-gpu registered nothing');
    await expect(stock.initialise()).rejects.toThrow('GPU failed to initialise: context lost');
  });
});

describe('AdoptedBackend.info', () => {
  it('reports a GPU backend\'s fixed fields, its versions and additions, and notes an ignored thread count', () => {
    const stock = adoptStockBackend({ ...options, tf: fakeTf().tf, load: async () => ({}) });
    expect(stock.info({ threads: 4 }, { device: 'SwiftShader', added: ['SelectIf'], notes: ['WebGL 2'] })).toEqual({
      name: 'gpu',
      kind: 'gpu',
      tfjsBackend: 'gpu',
      threads: 1,
      simd: false,
      versions: { 'tfjs-core': '4.22.0', gpu: '1.0.0' },
      device: 'SwiftShader',
      kernels: { replaced: [], added: ['SelectIf'], fallback: [] },
      notes: ['WebGL 2', 'threads: 4 was ignored (the GPU schedules its own work)'],
    });
    expect(stock.info({}, { device: '', notes: [] })).not.toHaveProperty('device');
  });

  it('reports the version the loaded package gives, where it gives one, instead of the pinned one', async () => {
    const { tf } = fakeTf();
    const load = async () => {
      tf.registerBackend('gpu', () => ({}));
      return { version_gpu: '1.0.1' };
    };
    const stock = adoptStockBackend({ ...options, tf, load, versionOf: (module) => module.version_gpu });
    expect(stock.info({}, { notes: [] }).versions).toEqual({ 'tfjs-core': '4.22.0', gpu: '1.0.0' });
    await stock.initialise();
    expect(stock.info({}, { notes: [] }).versions).toEqual({ 'tfjs-core': '4.22.0', gpu: '1.0.1' });
  });
});
