/** One spec the suite excludes on a backend, and the one-line reason why. */
export interface SuiteExclusion {
  /** The spec's full name (jasmine's `describe ... it` text), or a prefix of full names ending in `*`. */
  readonly pattern: string;
  readonly reason: string;
}

/** What the bundled suite program is told (as JSON in `NNLAB_TFJS_SUITE`). */
export interface SuiteConfig {
  /** `whole`: every spec; `gradients`: only gradient specs; `ops`: specs naming one of `ops`. */
  readonly mode: 'whole' | 'gradients' | 'ops';
  readonly exclusions: readonly SuiteExclusion[];
  /** For mode `ops`: tfjs' describe names (`conv2d`, `fused matmul`, ...); a spec runs when its suite is one of them. */
  readonly ops?: readonly string[];
  /** Only specs whose full name contains this (for debugging one spec). */
  readonly grep?: string;
  /** Where the Node program writes its {@link SuiteResult} JSON (unused in a page). */
  readonly out?: string;
}

/** A failed spec: its full name and the first failure message. */
export interface SuiteFailure {
  readonly name: string;
  readonly message: string;
}

/** The outcome of one run of tfjs-core's specs on one backend. */
export interface SuiteResult {
  readonly backend: string;
  readonly mode: SuiteConfig['mode'];
  readonly passed: number;
  readonly failed: number;
  /** Specs left out by the backend's exclusion list. */
  readonly excluded: number;
  /** Specs left out because the run is filtered (`gradients`, `ops`, `grep`), not counted as exclusions. */
  readonly filtered: number;
  /** Gradient specs that fail only because no gradient is registered for a kernel (mode `gradients`). */
  readonly missingGradient: Readonly<Record<string, number>>;
  readonly passedNames: readonly string[];
  readonly excludedNames: readonly string[];
  readonly failures: readonly SuiteFailure[];
  /** Exclusion patterns that matched no spec: stale entries. */
  readonly unusedExclusions: readonly string[];
  readonly seconds: number;
}
