import type { ActivateOptions, BackendEnvironment, BackendInfo, BackendKind, BackendProvider, ProbeResult } from './backend.js';
import { InvalidArgumentError } from './errors.js';
import { assertInteger, assertNumber } from './validate.js';
import { withTimeout } from './with-timeout.js';

/** Activation's default time limit: a hung backend must never hang the caller. */
export const DEFAULT_ACTIVATE_TIMEOUT_MS = 30_000;

/**
 * What a backend package says about itself: its name and one-line
 * description, where it runs, and the two things only it knows — how to tell
 * whether it can run here, and how to load, register and select it.
 * {@link defineBackend} adds what every provider shares.
 */
export interface BackendDescription<O extends ActivateOptions = ActivateOptions> {
  readonly name: string;
  readonly kind: BackendKind;
  readonly description: string;
  readonly environments: readonly BackendEnvironment[];
  /** Cheap check whether the backend can run here; a throw becomes `{ available: false }` with its message. */
  probe(): Promise<ProbeResult> | ProbeResult;
  /** Checks options of the backend's own, after the common ones passed; throws {@link InvalidArgumentError}. */
  validate?(options: O): void;
  /**
   * Loads, registers and selects the backend (`tf.setBackend`), then calls
   * `registerGradients()` from `@nnlab/autodiff`, so `tf.grads` works with
   * this backend alone. Gets options already validated; runs under the time limit.
   */
  activate(options: O): Promise<BackendInfo>;
}

/** A thrown value's message for one-line reasons, also for Emscripten's abort path, which rejects with a plain `{ message }` object. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function assertBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidArgumentError(`${name} must be true or false, got ${JSON.stringify(value)}`);
  }
}

/**
 * Throws {@link InvalidArgumentError} for options no backend takes: not an
 * object, `threads` not an integer >= 1, `simd` or `deterministic` not a
 * boolean, `timeoutMs` not a positive number. Returns the time limit.
 */
export function validateActivateOptions(name: string, options: unknown): number {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${name} activate options must be an object, got ${String(options)}`);
  }
  const { threads, simd, deterministic, timeoutMs } = options as ActivateOptions;
  if (threads !== undefined) assertInteger('options.threads', threads, 1);
  assertBoolean('options.simd', simd);
  assertBoolean('options.deterministic', deterministic);
  return assertNumber('options.timeoutMs', timeoutMs ?? DEFAULT_ACTIVATE_TIMEOUT_MS, { min: 0, exclusiveMin: true });
}

/**
 * Turns a backend's description into its {@link BackendProvider}: `probe()`
 * never rejects, `activate()` checks the common options
 * ({@link validateActivateOptions}) and the backend's own before any work,
 * and gives up with `BackendUnavailableError` after `timeoutMs`
 * (default 30 s). Every nnlab backend package is made this way.
 *
 * @example
 * export const myBackend = defineBackend({
 *   name: 'mine', kind: 'js', description: 'my backend', environments: ['node'],
 *   probe: () => ({ available: true }),
 *   async activate() {
 *     await tf.setBackend('mine');
 *     registerGradients();
 *     return { name: 'mine', kind: 'js', tfjsBackend: tf.getBackend(), threads: 1, simd: false, versions: {} };
 *   },
 * });
 */
export function defineBackend<O extends ActivateOptions = ActivateOptions>(
  backend: BackendDescription<O>,
): BackendProvider & { activate(options?: O): Promise<BackendInfo> } {
  return {
    name: backend.name,
    kind: backend.kind,
    description: backend.description,
    environments: backend.environments,
    async probe(): Promise<ProbeResult> {
      try {
        return await backend.probe();
      } catch (error) {
        return { available: false, reason: `probing ${backend.name} failed: ${errorMessage(error)}` };
      }
    },
    async activate(options?: O): Promise<BackendInfo> {
      const given = options === undefined ? ({} as O) : options;
      const timeoutMs = validateActivateOptions(backend.name, given);
      backend.validate?.(given);
      return withTimeout(backend.activate(given), timeoutMs, backend.name);
    },
  };
}
