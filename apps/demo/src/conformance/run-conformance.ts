import { checkConformanceCase, checkTrainingLoopCase, conformanceCases, MLP_MEMORY_CASE } from '@nnlab/testing';

/** The outcome of one conformance case in the page. */
export interface CaseResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly message?: string;
  readonly ms: number;
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** tfjs name of the backend whose results count as correct (default 'cpu', already activated). */
  readonly reference?: string;
  readonly rtol?: number;
  readonly atol?: number;
  /**
   * Also check gradients against central differences on the tested backend
   * (default true). They read values synchronously (`dataSync`), which
   * tfjs-webgpu cannot do reliably: pass false there; gradients are still
   * compared with the reference backend's.
   */
  readonly finiteDifferences?: boolean;
  /** Only cases whose names are listed. */
  readonly only?: readonly string[];
  readonly skip?: Readonly<Record<string, string>>;
  readonly onResult?: (result: CaseResult) => void;
}

/**
 * Runs `@nnlab/testing`'s conformance table in this page: each case on the
 * reference backend and on `tested` (both already activated; tfjs names),
 * comparing outputs and gradients with `@nnlab/testing`'s
 * `checkConformanceCase` and `checkTrainingLoopCase`, the checks
 * `describeBackendConformance` runs under vitest in Node.
 *
 * @example
 * await cpuBackend.activate(); await webglBackend.activate();
 * const results = await runConformance('webgl');
 * results.filter((r) => r.status === 'fail');
 */
export async function runConformance(tested: string, options: RunConformanceOptions = {}): Promise<CaseResult[]> {
  const backends = { reference: options.reference ?? 'cpu', tested };
  const results: CaseResult[] = [];
  const record = (result: CaseResult): void => {
    results.push(result);
    options.onResult?.(result);
  };
  const selected = (name: string): boolean => options.only === undefined || options.only.includes(name);
  const timed = async (name: string, body: () => Promise<void>): Promise<void> => {
    const reason = options.skip?.[name];
    if (reason !== undefined) return record({ name, status: 'skip', message: reason, ms: 0 });
    const started = performance.now();
    try {
      await body();
      record({ name, status: 'pass', ms: performance.now() - started });
    } catch (error) {
      record({ name, status: 'fail', message: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
    }
    // Let the page paint between cases.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const check = { tolerance: { rtol: options.rtol ?? 1e-4, atol: options.atol ?? 1e-5 }, finiteDifferences: options.finiteDifferences ?? true };
  for (const testCase of conformanceCases()) {
    if (selected(testCase.name)) await timed(testCase.name, () => checkConformanceCase(testCase, backends, check));
  }
  if (selected(MLP_MEMORY_CASE)) await timed(MLP_MEMORY_CASE, () => checkTrainingLoopCase(tested));
  return results;
}
