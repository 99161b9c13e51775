import type { BenchRow } from './run-bench.js';
import { median } from './statistics.js';
import type { Peer, PeerRun } from './peer.js';
import type { Workload } from './workloads.js';

/** A peer's state while one workload is benchmarked. */
export interface PeerCell {
  readonly peer: Peer;
  reason?: string;
  /** Configurations (thread counts, with BLAS threads where reported) the peer reported in its warm-up. */
  configurations: number;
  /** Runs by configuration ({@link configurationKey}). */
  readonly runs: Map<string, PeerRun[]>;
}

/** A peer run's configuration: its threads, and its BLAS threads where the peer reports them. */
function configurationKey(run: PeerRun): string {
  return run.blasThreads === undefined ? String(run.threads) : `${run.threads}/${run.blasThreads}`;
}

/** Checks each peer and warms it up on `workload` (one untimed call); unavailable peers keep their reason. */
export async function preparePeers(peers: readonly Peer[], workload: Workload, batchSize: number, seed: number): Promise<PeerCell[]> {
  const cells: PeerCell[] = [];
  for (const peer of peers) {
    const cell: PeerCell = { peer, configurations: 0, runs: new Map() };
    cells.push(cell);
    const reason = (await peer.unavailableReason()) ?? peer.unsupportedReason?.(workload);
    if (reason !== undefined) {
      cell.reason = reason;
      continue;
    }
    try {
      cell.configurations = (await peer.measure(workload, { seconds: 0, batchSize, seed })).length;
    } catch (error) {
      cell.reason = `failed: ${(error as Error).message}`;
    }
  }
  return cells;
}

/** Timed configurations the live peers add to a round (for splitting the time budget). */
export function peerSlots(cells: readonly PeerCell[]): number {
  return cells.reduce((sum, cell) => sum + (cell.reason === undefined ? cell.configurations : 0), 0);
}

/** One timed run of every live peer; a failing peer stops with its reason. */
export async function measurePeers(cells: readonly PeerCell[], workload: Workload, batchSize: number, seed: number, seconds: number): Promise<void> {
  for (const cell of cells) {
    if (cell.reason !== undefined) continue;
    try {
      for (const run of await cell.peer.measure(workload, { seconds, batchSize, seed })) {
        const key = configurationKey(run);
        const list = cell.runs.get(key) ?? [];
        list.push(run);
        cell.runs.set(key, list);
      }
    } catch (error) {
      cell.reason = `failed: ${(error as Error).message}`;
    }
  }
}

/** Rows for the peers: one per configuration (variant `peer`), or one unavailable row with the reason. */
export function peerRows(cells: readonly PeerCell[], workload: Workload, batchSize: number): BenchRow[] {
  const base = {
    workload: workload.name,
    variant: 'peer',
    environment: 'node' as const,
    batchSize,
    firstStepMs: null,
    numTensors: null,
    numBytes: null,
    leakedTensors: null,
    simd: null,
  };
  return cells.flatMap((cell): BenchRow[] => {
    if (cell.runs.size === 0) {
      const reason = cell.reason ?? 'no timed runs';
      return [{ ...base, backend: cell.peer.name, available: false, reason, samplesPerSec: null, samplesPerSecRuns: [], stepMs: null, steps: 0, threads: null }];
    }
    return [...cell.runs.values()].map((runs) => ({
      ...base,
      backend: cell.peer.name,
      available: true,
      samplesPerSec: median(runs.map((r) => r.samplesPerSec)),
      samplesPerSecRuns: runs.map((r) => r.samplesPerSec),
      stepMs: median(runs.map((r) => r.stepMs)),
      steps: runs.reduce((sum, r) => sum + r.steps, 0),
      threads: runs[0]?.threads ?? null,
      ...(runs[0]?.blasThreads === undefined ? {} : { blasThreads: runs[0].blasThreads }),
    }));
  });
}
