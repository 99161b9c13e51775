import { cpuBackend } from '@nnlab/backend-cpu';
import type { BackendProvider } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { formatBenchTable } from './format-table.js';
import { type BenchRow, runBench } from './run-bench.js';
import { selectWorkloads } from './workloads.js';

const gone: BackendProvider = {
  ...cpuBackend,
  name: 'webgl',
  probe: async () => ({ available: false, reason: 'needs a browser' }),
};

// A page runs the same harness (nnlab bench --browser): it passes its own machine description and marks its rows.
describe('runBench for browser pages', () => {
  it('marks every row and progress event with the environment and takes the machine from the caller', async () => {
    const events: BenchRow[] = [];
    const machine = { cpus: 8, cpuModel: 'unknown', platform: 'Linux x86_64', node: 'HeadlessChrome/156', tfjsCore: '4.22.0' };
    const report = await runBench({
      backends: [cpuBackend, gone],
      workloads: selectWorkloads(['mlp']),
      quick: true,
      repeats: 1,
      budgetSeconds: 0.05,
      environment: 'browser',
      machine,
      onProgress: (event) => event.type === 'row' && events.push(event.row),
    });
    expect(report.machine).toEqual(machine);
    expect(report.results.map((r) => [r.backend, r.environment, r.available])).toEqual([
      ['cpu', 'browser', true],
      ['webgl', 'browser', false],
    ]);
    expect(events.map((r) => r.environment)).toEqual(['browser', 'browser']);
    const table = formatBenchTable(report);
    expect(table).toMatch(/^cpu \(browser\)\s+mlp/m);
    expect(table).toMatch(/^webgl \(browser\): needs a browser$/m);
  });

  it('defaults to node rows and the machine from node:os', async () => {
    const report = await runBench({ backends: [gone], workloads: selectWorkloads(['mlp']), quick: true });
    expect(report.results[0]?.environment).toBe('node');
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
  });
});
