import type { ActivateOptions, BackendInfo, BackendProvider, ProbeResult } from './backend.js';
import { didYouMean } from './did-you-mean.js';
import { BackendUnavailableError, InvalidArgumentError, NotFoundError } from './errors.js';

/** A probe result together with the backend it belongs to. */
export interface BackendStatus extends ProbeResult {
  readonly name: string;
  readonly provider: BackendProvider;
}

/**
 * An explicit list of backends, looked up by name. There is no global
 * registry: each app builds one from the backend packages it depends on.
 *
 * @example
 * const registry = new BackendRegistry([cpuBackend, wasmBackend]);
 * await registry.activate('wasm');
 */
export class BackendRegistry {
  private readonly providers = new Map<string, BackendProvider>();

  constructor(providers: Iterable<BackendProvider> = []) {
    for (const provider of providers) this.register(provider);
  }

  /** Adds a backend; names must be unique. */
  register(provider: BackendProvider): this {
    if (this.providers.has(provider.name)) {
      throw new InvalidArgumentError(`a backend named "${provider.name}" is already registered`);
    }
    this.providers.set(provider.name, provider);
    return this;
  }

  /** Backend names in registration order. */
  names(): string[] {
    return [...this.providers.keys()];
  }

  /** All registered backends. */
  list(): BackendProvider[] {
    return [...this.providers.values()];
  }

  /** The backend called `name`; throws with the list of known names otherwise. */
  get(name: string): BackendProvider {
    const provider = this.providers.get(name);
    if (provider === undefined) {
      throw new NotFoundError(`unknown backend "${name}"${didYouMean(name, this.names())}; known backends: ${this.names().join(', ')}`);
    }
    return provider;
  }

  /** Probes every backend (in order). Probes never throw; a throwing probe is reported as unavailable. */
  async probeAll(): Promise<BackendStatus[]> {
    const out: BackendStatus[] = [];
    for (const provider of this.providers.values()) {
      let result: ProbeResult;
      try {
        result = await provider.probe();
      } catch (error) {
        result = { available: false, reason: `probe failed: ${(error as Error).message}` };
      }
      out.push({ ...result, name: provider.name, provider });
    }
    return out;
  }

  /** Probes, then activates `name`; an unavailable backend throws {@link BackendUnavailableError} with the probe's reason. */
  async activate(name: string, options?: ActivateOptions): Promise<BackendInfo> {
    const provider = this.get(name);
    const probe = await provider.probe();
    if (!probe.available) {
      throw new BackendUnavailableError(name, probe.reason ?? 'probe said no', probe.install);
    }
    return provider.activate(options);
  }
}
