import type { ActivateOptions, BackendInfo } from './backend.js';
import { BackendUnavailableError } from './errors.js';
import { errorMessage } from './define-backend.js';

/** The part of tfjs-core's backend registry {@link adoptStockBackend} uses: pass `tf` itself (core does not import tfjs). */
export interface TfjsBackendRegistry {
  engine(): { readonly registry: Readonly<Record<string, unknown>> };
  findBackendFactory(name: string): (() => unknown) | null;
  removeBackend(name: string): void;
  registerBackend(name: string, factory: () => unknown, priority?: number): boolean;
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  readonly version_core: string;
}

/** What {@link adoptStockBackend} needs to know about a stock tfjs backend package. */
export interface StockBackend<M> {
  readonly tf: TfjsBackendRegistry;
  /** The provider's (and the tfjs backend's) name. */
  readonly name: string;
  /** tfjs' registration priority of the stock package, kept so `tf.ready()` picks as before. */
  readonly priority: number;
  /** Imports the stock package, which registers its factory. */
  load(): Promise<M>;
  /** Label for errors, e.g. 'WebGL'. */
  readonly label: string;
  /** The stock package, e.g. `@tensorflow/tfjs-backend-webgl`. */
  readonly packageName: string;
  /** The version of it the backend package pins (an exact dependency): installed, and reported unless `versionOf` says otherwise. */
  readonly version: string;
  /** The version the loaded package reports about itself, where it exports one (tfjs-backend-webgl's `version_webgl`). */
  readonly versionOf?: (module: M) => string;
  /** Why the import registered no factory (tfjs decided this is not its platform). */
  readonly notRegistered: string;
}

/** A stock backend made once per page and selected on demand; see {@link adoptStockBackend}. */
export interface AdoptedBackend<M> {
  /** Imports the stock package and builds its backend once (again after a failure); resolves to the module. */
  initialise(): Promise<M>;
  /** Registers the backend again if `tf.removeBackend` removed it, and selects it. */
  select(): Promise<void>;
  /**
   * The `BackendInfo` of the selected backend: what every GPU backend reports
   * (kind `gpu`, one thread, no SIMD, tfjs-core's and the stock package's
   * versions, a note when `threads` was asked for) and what this one adds.
   */
  info(options: ActivateOptions, details: GpuBackendDetails): BackendInfo;
}

/** What a GPU backend adds to its {@link AdoptedBackend.info}. */
export interface GpuBackendDetails {
  /** The GPU's description (renderer, adapter), when known. */
  readonly device?: string | undefined;
  readonly replaced?: readonly string[];
  readonly added?: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Imports a stock tfjs GPU backend and builds its instance itself, so a
 * failure keeps its real reason (tfjs' own lazy initialisation only logs it),
 * then registers that instance under the same name and priority. The same
 * instance serves until `tf.engine().reset()` or `tf.removeBackend` disposes
 * it, then a new one comes from the stock factory, as tfjs' own registration
 * does; after `tf.removeBackend` selecting registers it again.
 *
 * @example
 * const webgl = adoptStockBackend({ tf, name: 'webgl', priority: 2, label: 'WebGL', load: () => import('@tensorflow/tfjs-backend-webgl'), packageName: '@tensorflow/tfjs-backend-webgl', version: '4.22.0', notRegistered: '...' });
 * await webgl.initialise();
 * await webgl.select();
 * return webgl.info(options, { notes: ['WebGL 2'] });
 */
export function adoptStockBackend<M>(stock: StockBackend<M>): AdoptedBackend<M> {
  const { tf, name, priority } = stock;
  let initialisation: Promise<M> | undefined;
  let liveFactory: (() => Promise<unknown>) | undefined;
  let loadedVersion: string | undefined;

  async function build(): Promise<M> {
    let module: M;
    try {
      module = await stock.load();
    } catch (error) {
      throw new BackendUnavailableError(name, `cannot load ${stock.packageName}: ${errorMessage(error)}`, `npm i ${stock.packageName}@${stock.version}`);
    }
    loadedVersion = stock.versionOf?.(module);
    // Not tf.findBackend: that would start the stock initialisation and only log its errors.
    if (name in tf.engine().registry) return module;
    const factory = tf.findBackendFactory(name);
    if (factory === null) throw new BackendUnavailableError(name, stock.notRegistered);
    let instance: unknown;
    try {
      instance = await factory();
    } catch (error) {
      throw new BackendUnavailableError(name, `${stock.label} failed to initialise: ${errorMessage(error)}`);
    }
    liveFactory = async () => {
      if ((instance as { disposed?: boolean }).disposed === true) instance = await factory();
      return instance;
    };
    tf.removeBackend(name);
    tf.registerBackend(name, liveFactory, priority);
    return module;
  }

  return {
    initialise(): Promise<M> {
      initialisation ??= build().catch((error: unknown) => {
        initialisation = undefined;
        throw error;
      });
      return initialisation;
    },
    async select(): Promise<void> {
      if (liveFactory !== undefined && tf.findBackendFactory(name) === null) tf.registerBackend(name, liveFactory, priority);
      if (!(await tf.setBackend(name))) {
        throw new BackendUnavailableError(name, `tf.setBackend("${name}") failed after the backend initialised (see the console)`);
      }
    },
    info(options, details): BackendInfo {
      const ignored = options.threads !== undefined && options.threads > 1 ? [`threads: ${options.threads} was ignored (the GPU schedules its own work)`] : [];
      return {
        name,
        kind: 'gpu',
        tfjsBackend: tf.getBackend(),
        threads: 1,
        simd: false,
        versions: { 'tfjs-core': tf.version_core, [stock.packageName.replace(/^@[^/]+\//, '')]: loadedVersion ?? stock.version },
        ...(details.device === undefined || details.device === '' ? {} : { device: details.device }),
        kernels: { replaced: [...(details.replaced ?? [])], added: [...(details.added ?? [])], fallback: [] },
        notes: [...details.notes, ...ignored],
      };
    },
  };
}
