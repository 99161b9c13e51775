import { cpuBackend } from '@nnlab/backend-cpu';
import { describe, expect, it } from 'vitest';
import { formatBenchTable, ratioToPeer } from './format-table.js';
import type { Peer, PeerMeasureOptions } from './peer.js';
import { runBench } from './run-bench.js';
import { selectWorkloads } from './workloads.js';

/** A peer that "trains" at fixed speeds and records when it was called. */
function fakePeer(calls: string[], reason?: string): Peer {
  let disposed = false;
  return {
    name: 'torch',
    description: 'fake torch',
    unavailableReason: async () => reason,
    async measure(workload, options: PeerMeasureOptions) {
      calls.push(`${workload.name}:${options.seconds === 0 ? 'warm-up' : 'timed'}`);
      return [
        { threads: 1, samplesPerSec: 100, stepMs: 10, steps: 2 },
        { threads: 2, samplesPerSec: 150, stepMs: 7, steps: 2 },
      ];
    },
    dispose: async () => {
      disposed = true;
      calls.push(`disposed:${disposed}`);
    },
  };
}

describe('runBench with peers', () => {
  it('interleaves the peer with our repeats and adds one row per peer configuration', async () => {
    const calls: string[] = [];
    const report = await runBench({ backends: [cpuBackend], workloads: selectWorkloads(['mlp']), quick: true, repeats: 2, budgetSeconds: 2, peers: [fakePeer(calls)] });
    expect(calls).toEqual(['mlp:warm-up', 'mlp:timed', 'mlp:timed', 'disposed:true']);
    const peerRows = report.results.filter((r) => r.variant === 'peer');
    expect(peerRows.map((r) => [r.backend, r.threads, r.samplesPerSec, r.samplesPerSecRuns])).toEqual([
      ['torch', 1, 100, [100, 100]],
      ['torch', 2, 150, [150, 150]],
    ]);
    const ours = report.results.find((r) => r.backend === 'cpu' && r.variant === 'nnlab');
    expect(ours?.available).toBe(true);
    expect(ratioToPeer(ours!, report.results, 'torch')).toBeCloseTo((ours!.samplesPerSec as number) / 150, 6);
    const table = formatBenchTable(report);
    expect(table).toMatch(/vs torch/);
    expect(table).toMatch(/^torch\s+mlp\s+peer\s+16\s+150\b/m);
  });

  it('keeps runs that differ only in their BLAS threads apart, one row each, the table naming them', async () => {
    const blasPeer: Peer = {
      name: 'torch',
      description: 'fake torch with BLAS threads',
      unavailableReason: async () => undefined,
      async measure() {
        return [
          { threads: 1, blasThreads: 1, samplesPerSec: 100, stepMs: 10, steps: 2 },
          { threads: 2, blasThreads: 1, samplesPerSec: 120, stepMs: 8, steps: 2 },
          { threads: 2, blasThreads: 2, samplesPerSec: 180, stepMs: 6, steps: 2 },
        ];
      },
    };
    const report = await runBench({ backends: [cpuBackend], workloads: selectWorkloads(['mlp']), quick: true, repeats: 1, budgetSeconds: 1, peers: [blasPeer] });
    const peerRows = report.results.filter((r) => r.variant === 'peer');
    expect(peerRows.map((r) => [r.threads, r.blasThreads, r.samplesPerSec])).toEqual([
      [1, 1, 100],
      [2, 1, 120],
      [2, 2, 180],
    ]);
    const ours = report.results.find((r) => r.backend === 'cpu' && r.variant === 'nnlab');
    expect(ratioToPeer(ours!, report.results, 'torch')).toBeCloseTo((ours!.samplesPerSec as number) / 180, 6);
    expect(formatBenchTable(report)).toMatch(/^torch\s+mlp\s+peer\s+16\s+180\b.*\s2 \(BLAS 2\)\s/m);
  });

  it('reports an unavailable peer in one clean line', async () => {
    const calls: string[] = [];
    const report = await runBench({ backends: [cpuBackend], workloads: selectWorkloads(['mlp']), quick: true, repeats: 1, budgetSeconds: 0.1, peers: [fakePeer(calls, 'not installed (no /usr/bin/python3)')] });
    expect(calls).toEqual(['disposed:true']);
    expect(report.results.find((r) => r.variant === 'peer')).toMatchObject({ backend: 'torch', available: false, reason: 'not installed (no /usr/bin/python3)' });
    expect(formatBenchTable(report)).toMatch(/^torch: not installed \(no \/usr\/bin\/python3\)$/m);
  });
});
