import { type BenchProgress, type BenchReport, fitVariant, runBench, selectWorkloads } from '@nnlab/bench';
import * as tf from '@tensorflow/tfjs-core';
import { browserBackend, browserBackends } from '../browser-backends.js';
import { asyncNnlabVariant } from './async-nnlab-variant.js';
import { portableFitVariant } from './portable-fit-variant.js';
import { maskedStepVariant } from './masked-step-variant.js';

/** Options of {@link runBrowserBench}: what `nnlab bench` takes, in the page. */
export interface BrowserBenchOptions {
  /** Backend names (default: every browser backend: webgpu, webgl, wasm, cpu). */
  readonly backends?: readonly string[];
  /** Workload names (default: every non-opt-in workload). */
  readonly workloads?: readonly string[];
  readonly quick?: boolean;
  readonly budgetSeconds?: number;
  readonly repeats?: number;
  readonly seed?: number;
  /**
   * Adds a `masked-step` row (the bare step with fit's masked update) and a `fit-portable` row (`fit`
   * with the backend's masked-update kernels hidden): see masked-step-variant.ts, portable-fit-variant.ts.
   */
  readonly compareMaskKernels?: boolean;
}

/** What the page measured, plus what the browser said about itself. */
export interface BrowserBenchResult {
  readonly report: BenchReport;
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
}

/** The browser, as "HeadlessChrome/156.0.8078.79", from the user agent. */
export function browserName(userAgent: string): string {
  const match = /(HeadlessChrome|Edg|Chrome|Firefox|Version)\/[\d.]+/.exec(userAgent);
  if (match === null) return userAgent;
  return match[0].startsWith('Version/') ? `Safari/${match[0].slice('Version/'.length)}` : match[0];
}

/**
 * Runs `@nnlab/bench`'s harness (the same workloads and timing as
 * `nnlab bench` in Node) on the browser backends of this page; rows are
 * marked `environment: 'browser'`. Browsers do not tell the CPU model, so
 * the report's machine has `cpuModel: 'unknown'` and the browser in place of Node.
 *
 * @example
 * const { report } = await runBrowserBench({ backends: ['webgl', 'wasm'], workloads: ['mlp'], quick: true });
 */
export async function runBrowserBench(options: BrowserBenchOptions = {}, onProgress?: (event: BenchProgress) => void): Promise<BrowserBenchResult> {
  const backends = options.backends === undefined ? browserBackends : options.backends.map(browserBackend);
  const report = await runBench({
    backends,
    workloads: selectWorkloads(options.workloads),
    // The bare step (read back every step, as in Node) and fit beside it, as `nnlab bench` does.
    variants: options.compareMaskKernels === true ? [asyncNnlabVariant, maskedStepVariant, fitVariant, portableFitVariant] : [asyncNnlabVariant, fitVariant],
    quick: options.quick ?? false,
    ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }),
    ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    environment: 'browser',
    machine: {
      cpus: navigator.hardwareConcurrency,
      cpuModel: 'unknown',
      platform: navigator.platform,
      node: browserName(navigator.userAgent),
      tfjsCore: tf.version_core,
    },
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  return { report, userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated };
}
