// Modules only the esbuild bundle of the suite resolves (see build-tfjs-suite.ts).

/** The backend under test: each backend package's `tfjs-core-suite.test-helper.ts`, aliased at bundle time. */
declare module 'nnlab-tfjs-suite-backend' {
  /** Registers and activates the backend; resolves to its tfjs backend name. */
  export function activateForSuite(): Promise<string>;
  /** Registers the gradients the run should use instead of tfjs-core's (the autodiff run), when present. */
  export const registerSuiteGradients: (() => void) | undefined;
}

declare module 'jasmine-core/lib/jasmine-core/jasmine.js' {
  const jasmineRequire: unknown;
  export default jasmineRequire;
}

declare module 'jasmine-core/lib/jasmine-core/node_boot.js' {
  const boot: (jasmineRequire: unknown) => JasmineGlobal;
  export default boot;
}

interface JasmineSpecResult {
  fullName: string;
  status: 'passed' | 'failed' | 'excluded' | 'pending';
  failedExpectations: Array<{ message: string }>;
}

interface JasmineGlobal {
  DEFAULT_TIMEOUT_INTERVAL: number;
  getEnv(): {
    configure(options: Record<string, unknown>): void;
    addReporter(reporter: Record<string, (...args: never[]) => void>): void;
    execute(): Promise<unknown>;
  };
}
