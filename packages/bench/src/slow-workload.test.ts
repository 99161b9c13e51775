import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { runBench } from './run-bench.js';
import { tooSlowReason } from './slow-workload.js';
import type { StepRunner, StepVariant } from './step-runner.js';
import { selectWorkloads, workloads } from './workloads.js';

const cnn3 = workloads.find((w) => w.name === 'cnn3')!;

/** A variant whose step busy-waits `msPerExample` per example: a step time the test controls. */
function fakeVariant(msPerExample: number): StepVariant & { created: number[]; disposed: number } {
  const variant = {
    name: 'fake',
    description: 'busy-waits',
    created: [] as number[],
    disposed: 0,
    unavailableReason: async () => undefined,
    create: async (_workload: unknown, options: { batchSize: number }): Promise<StepRunner> => {
      variant.created.push(options.batchSize);
      return {
        step: () => {
          const until = performance.now() + msPerExample * options.batchSize;
          while (performance.now() < until);
        },
        dispose: () => void (variant.disposed += 1),
      } as unknown as StepRunner;
    },
  };
  return variant;
}

describe('heavy workloads in the default bench', () => {
  it('cnn3 is in the default set, skipped where slow; named, it always runs', () => {
    expect(selectWorkloads().map((w) => w.name)).toEqual(['mlp', 'mlp-deep', 'cnn', 'cnn3']);
    expect(selectWorkloads().find((w) => w.name === 'cnn3')?.skipWhenSlow).toBe(true);
    expect(selectWorkloads(['cnn3'])[0]?.skipWhenSlow).toBeUndefined();
  });

  it('estimates a step from a 2-example step and compares it with a repeat\'s share of the budget', async () => {
    const variant = fakeVariant(25); // 50 ms per 2-example step: about 1.6 s for 64
    const slow = await tooSlowReason(variant, cnn3, { batchSize: 64, seed: 0, secondsPerRepeat: 0.2 });
    expect(slow).toMatch(/^too slow here for the default run: one step of 64 would take about 1\.\d s \(from a 2-example step\), more than a repeat's share of the budget \(0\.2 s\); select the workload by name to run it anyway \(nnlab bench --workload cnn3\)$/);
    expect(await tooSlowReason(variant, cnn3, { batchSize: 64, seed: 0, secondsPerRepeat: 30 })).toBeUndefined();
    expect(variant.created).toEqual([2, 2]);
    expect(variant.disposed).toBe(2);
    // Workloads that are not heavy, and named ones, are never probed.
    expect(await tooSlowReason(variant, selectWorkloads(['cnn3'])[0]!, { batchSize: 64, seed: 0, secondsPerRepeat: 0.2 })).toBeUndefined();
    expect(variant.created).toEqual([2, 2]);
  });

  it('gives the cpu backend a cnn3 row saying why it was skipped and how to force it', async () => {
    const report = await runBench({ backends: [cpuBackend], workloads: selectWorkloads().filter((w) => w.name === 'cnn3'), quick: true });
    expect(report.results).toHaveLength(1);
    const [row] = report.results;
    expect(row).toMatchObject({ backend: 'cpu', workload: 'cnn3', available: false, samplesPerSec: null });
    expect(row?.reason).toMatch(/too slow here for the default run: .* --workload cnn3\)$/);
  }, 60_000);
});
