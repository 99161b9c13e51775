import type { BackendProvider, ProbeResult } from '@nnlab/core';
import { measureTrainingSpeed } from './measure-training-speed.js';
import { type BackendChoice, type BackendTrial, rankBackends } from './rank-backends.js';
import { softwareGpu } from './software-gpu.js';

/** Options of {@link chooseBackend}. */
export interface ChooseBackendOptions {
  /** Roughly how long the timed steps may take in all (default 1,000 ms; activation and warm-up steps come on top). */
  readonly budgetMs?: number;
  /**
   * Once this long has passed (default 3,000 ms, for a busy or slow machine),
   * backends not yet timed are ranked without timing (after the timed ones);
   * the first is always timed.
   */
  readonly deadlineMs?: number;
  readonly activateTimeoutMs?: number;
  /** Which software GPU a backend runs on, if any (default: {@link softwareGpu}). */
  readonly software?: (backend: string) => Promise<string | undefined>;
}

/**
 * Picks the fastest backend this browser really has: every available
 * backend not on a software GPU is timed for a few training steps
 * ({@link measureTrainingSpeed}, the budget shared out), and the fastest
 * wins; software GPUs (SwiftShader, llvmpipe, a WebGPU fallback adapter)
 * are not timed and rank last. The probe stops timing at `deadlineMs`.
 * Leaves the last timed backend active: the
 * caller activates the choice.
 *
 * @example
 * const { choice } = await chooseBackend(await Promise.all(browserBackends.map(async (provider) => ({ provider, probe: await provider.probe() }))));
 * choice.why; // 'wasm: fastest in a 1.1 s probe (wasm 2,310, cpu 402 training samples/s); webgl and webgpu are software (SwiftShader), ranked last'
 */
export async function chooseBackend(
  candidates: ReadonlyArray<{ readonly provider: BackendProvider; readonly probe: ProbeResult }>,
  options: ChooseBackendOptions = {},
): Promise<{ readonly choice: BackendChoice; readonly trials: readonly BackendTrial[]; readonly seconds: number }> {
  const { budgetMs = 1_000, deadlineMs = 3_000, activateTimeoutMs, software = softwareGpu } = options;
  const start = performance.now();
  const trials = await Promise.all(
    candidates.map(async ({ provider, probe }): Promise<BackendTrial> => {
      if (!probe.available) return { name: provider.name, available: false };
      const renderer = await software(provider.name).catch(() => undefined);
      return { name: provider.name, available: true, ...(renderer === undefined ? {} : { software: renderer }) };
    }),
  );
  const toTime = trials.filter((t) => t.available && t.software === undefined).map((t) => t.name);
  const windowMs = budgetMs / Math.max(1, toTime.length);
  // One at a time: tfjs has one active backend.
  const measured: BackendTrial[] = [];
  for (const trial of trials) {
    const provider = candidates.find((c) => c.provider.name === trial.name)?.provider;
    if (!toTime.includes(trial.name) || provider === undefined) {
      measured.push(trial);
      continue;
    }
    const elapsed = performance.now() - start;
    if (elapsed >= deadlineMs && measured.some((t) => t.samplesPerSec !== undefined)) {
      measured.push({ ...trial, failed: `not timed: the probe had used its ${(deadlineMs / 1000).toFixed(1)} s` });
      continue;
    }
    try {
      const samplesPerSec = await measureTrainingSpeed(provider, { windowMs, ...(activateTimeoutMs === undefined ? {} : { activateTimeoutMs }) });
      measured.push({ ...trial, samplesPerSec });
    } catch (error) {
      measured.push({ ...trial, failed: error instanceof Error ? error.message : String(error) });
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { choice: rankBackends(measured, seconds), trials: measured, seconds };
}
