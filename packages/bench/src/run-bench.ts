import * as tf from '@tensorflow/tfjs-core';
import type { ActivateOptions, BackendInfo, BackendProvider } from '@nnlab/core';
import { nnlabVariant } from './nnlab-variant.js';
import type { Peer } from './peer.js';
import { measurePeers, type PeerCell, peerRows, peerSlots, preparePeers } from './peer-cells.js';
import { tooSlowReason } from './slow-workload.js';
import { median } from './statistics.js';
import type { StepRunner, StepVariant } from './step-runner.js';
import type { Workload } from './workloads.js';

/** One measured (or unavailable) combination of backend, workload and step variant. */
export interface BenchRow {
  readonly backend: string;
  readonly workload: string;
  /** 'nnlab' for nnlab's own step; other names are comparison variants. */
  readonly variant: string;
  readonly environment: 'node' | 'browser';
  readonly available: boolean;
  /** Why the row was not measured (backend or variant unavailable, error). */
  readonly reason?: string;
  readonly batchSize: number;
  /** Median over repeats of examples trained per second. */
  readonly samplesPerSec: number | null;
  /** Each repeat's samples/s, in order. */
  readonly samplesPerSecRuns: readonly number[];
  /** Median step time in milliseconds. */
  readonly stepMs: number | null;
  /** Time of the very first step (graph set-up, kernel compilation, allocation). */
  readonly firstStepMs: number | null;
  /** Timed steps in all repeats. */
  readonly steps: number;
  /** `tf.memory()` after the run: tensors and bytes held, and how many tensors the timed steps leaked (should be 0). */
  readonly numTensors: number | null;
  readonly numBytes: number | null;
  readonly leakedTensors: number | null;
  readonly threads: number | null;
  /** A peer's BLAS library threads, where it sets them apart from its own (see `PeerRun.blasThreads`). */
  readonly blasThreads?: number;
  readonly simd: boolean | null;
}

/** Everything one `nnlab bench` run measured. */
export interface BenchReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly seconds: number;
  readonly quick: boolean;
  readonly budgetSeconds: number;
  readonly repeats: number;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly platform: string; readonly node: string; readonly tfjsCore: string };
  readonly results: BenchRow[];
  /** Each peer's set-up (version, threads, environment choices) or why it did not run. */
  readonly peers?: readonly PeerSetup[];
}

/** How a peer ran, for the report: `setup` when it could run, `reason` when not. */
export interface PeerSetup {
  readonly name: string;
  readonly setup?: string;
  readonly reason?: string;
}

/** The set-up of every peer (asked after the run, so the peers' own checks have been done). */
export async function describePeers(peers: readonly Peer[]): Promise<PeerSetup[]> {
  const out: PeerSetup[] = [];
  for (const peer of peers) {
    const reason = await peer.unavailableReason();
    const setup = reason === undefined ? await peer.setup?.() : undefined;
    out.push({ name: peer.name, ...(setup === undefined ? {} : { setup }), ...(reason === undefined ? {} : { reason }) });
  }
  return out;
}

/** Progress events, for a progress bar. */
export type BenchProgress =
  | { readonly type: 'backend'; readonly backend: string; readonly available: boolean; readonly reason?: string }
  | { readonly type: 'cell'; readonly backend: string; readonly workload: string; readonly index: number; readonly total: number }
  | { readonly type: 'row'; readonly row: BenchRow };

/** Options for {@link runBench}. */
export interface BenchOptions {
  readonly backends: readonly BackendProvider[];
  readonly workloads: readonly Workload[];
  /** Step variants to time side by side (default: nnlab's only). The first is the baseline of ratios. */
  readonly variants?: readonly StepVariant[];
  /**
   * Other frameworks training the same workloads (e.g. `torchPeer`), timed
   * between nnlab's repeats in the cell of the first available backend of
   * each workload; they get rows with variant `peer`. Disposed at the end.
   */
  readonly peers?: readonly Peer[];
  /** Seconds of timed steps per backend x workload, shared by its variants (default 8; quick 0.6). */
  readonly budgetSeconds?: number;
  /** Timed repeats per variant; the median is reported (default 5; quick 2). */
  readonly repeats?: number;
  /** Small batches and a short budget: finishes in seconds, for tests and smoke checks. */
  readonly quick?: boolean;
  readonly seed?: number;
  readonly activateOptions?: ActivateOptions;
  readonly onProgress?: (event: BenchProgress) => void;
  /** Where the rows are measured (default 'node'); a page running the harness passes 'browser'. */
  readonly environment?: BenchRow['environment'];
  /** Machine description for the report (default: read from `node:os`, which a browser lacks, so pages pass their own). */
  readonly machine?: BenchReport['machine'];
}

/** The Node machine description; `node:os` is imported lazily so the harness also bundles for browsers. */
async function nodeMachine(): Promise<BenchReport['machine']> {
  const os = await import('node:os');
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.arch()}`, node: process.version, tfjsCore: tf.version_core };
}

const QUICK_MAX_BATCH = 16;

interface Cell {
  readonly variant: StepVariant;
  readonly runner?: StepRunner;
  readonly reason?: string;
  firstStepMs: number | null;
  /** Tensors the cell's timed repeats left behind (its own, measured around each repeat: other variants' models live in between). */
  leakedTensors: number;
  runs: number[];
  stepTimes: number[];
  steps: number;
}

function unavailableRow(backend: string, workload: Workload, variant: string, reason: string, info?: BackendInfo): BenchRow {
  return {
    backend,
    workload: workload.name,
    variant,
    environment: 'node',
    available: false,
    reason,
    batchSize: workload.batchSize,
    samplesPerSec: null,
    samplesPerSecRuns: [],
    stepMs: null,
    firstStepMs: null,
    steps: 0,
    numTensors: null,
    numBytes: null,
    leakedTensors: null,
    threads: info?.threads ?? null,
    simd: info?.simd ?? null,
  };
}

async function timeRepeat(cell: Cell, batchSize: number, seconds: number): Promise<void> {
  const runner = cell.runner as StepRunner;
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();
  let steps = 0;
  let elapsed = 0;
  do {
    await runner.step();
    steps += runner.stepsPerCall ?? 1;
    elapsed = (performance.now() - started) / 1000;
  } while (elapsed < seconds);
  cell.runs.push((steps * batchSize) / elapsed);
  cell.stepTimes.push((elapsed * 1000) / steps);
  cell.steps += steps;
  cell.leakedTensors += tf.memory().numTensors - tensorsBefore;
}

async function benchCell(
  backend: BackendProvider,
  info: BackendInfo,
  workload: Workload,
  options: Required<Pick<BenchOptions, 'budgetSeconds' | 'repeats' | 'seed' | 'quick'>> & { variants: readonly StepVariant[]; peers?: readonly Peer[] },
): Promise<BenchRow[]> {
  const batchSize = options.quick ? Math.min(workload.batchSize, QUICK_MAX_BATCH) : workload.batchSize;
  const cells: Cell[] = [];
  for (const variant of options.variants) {
    const reason = (await variant.unavailableReason()) ?? variant.unsupportedReason?.(workload);
    const base = { variant, firstStepMs: null, leakedTensors: 0, runs: [], stepTimes: [], steps: 0 };
    if (reason !== undefined) {
      cells.push({ ...base, reason });
      continue;
    }
    try {
      const runner = await variant.create(workload, { seed: options.seed, batchSize });
      const started = performance.now();
      await runner.step();
      const firstStepMs = performance.now() - started;
      await runner.step(); // warm-up: caches, allocator, JIT
      cells.push({ ...base, runner, firstStepMs });
    } catch (error) {
      cells.push({ ...base, reason: `failed: ${(error as Error).message}` });
    }
  }
  const peers: PeerCell[] = options.peers === undefined ? [] : await preparePeers(options.peers, workload, batchSize, options.seed);
  // Variants (and peers) take turns repeat by repeat, so machine noise hits them alike and ratios stay fair.
  const live = cells.filter((c) => c.runner !== undefined);
  const perRepeat = options.budgetSeconds / options.repeats / Math.max(live.length + peerSlots(peers), 1);
  const deadline = performance.now() + options.budgetSeconds * 1000 * 1.5;
  for (let r = 0; r < options.repeats; r++) {
    for (const cell of live) {
      // Between timed repeats, a turn of the event loop: steps that resolve as microtasks would
      // otherwise hold off timers and signal handlers (Ctrl-C) until the whole cell is done.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await timeRepeat(cell, batchSize, perRepeat);
    }
    await measurePeers(peers, workload, batchSize, options.seed, perRepeat);
    if (performance.now() > deadline) break; // very slow cells (one step > budget) stop after fewer repeats
  }
  const ourRows = cells.map((cell) => {
    if (cell.runner === undefined) return unavailableRow(backend.name, { ...workload, batchSize }, cell.variant.name, cell.reason ?? 'unavailable', info);
    const memory = tf.memory();
    const row: BenchRow = {
      backend: backend.name,
      workload: workload.name,
      variant: cell.variant.name,
      environment: 'node',
      available: true,
      batchSize,
      samplesPerSec: median(cell.runs),
      samplesPerSecRuns: cell.runs,
      stepMs: median(cell.stepTimes),
      firstStepMs: cell.firstStepMs,
      steps: cell.steps,
      numTensors: memory.numTensors,
      numBytes: memory.numBytes,
      leakedTensors: cell.leakedTensors,
      threads: info.threads,
      simd: info.simd,
    };
    cell.runner.dispose();
    return row;
  });
  return [...ourRows, ...peerRows(peers, { ...workload, batchSize }, batchSize)];
}

/** Peers of a workload no backend could run: timed on their own. */
async function benchPeersAlone(peers: readonly Peer[], workload: Workload, settings: { budgetSeconds: number; repeats: number; seed: number; quick: boolean }): Promise<BenchRow[]> {
  const batchSize = settings.quick ? Math.min(workload.batchSize, QUICK_MAX_BATCH) : workload.batchSize;
  const cells = await preparePeers(peers, workload, batchSize, settings.seed);
  const perRepeat = settings.budgetSeconds / settings.repeats / Math.max(peerSlots(cells), 1);
  for (let r = 0; r < settings.repeats; r++) await measurePeers(cells, workload, batchSize, settings.seed, perRepeat);
  return peerRows(cells, workload, batchSize);
}

/**
 * Times training steps of every workload on every backend: a first step,
 * a warm-up step, then `repeats` timed runs of at least one step each
 * within the budget; reports the median samples/s. Backends that cannot
 * run here get rows with `available: false` and the probe's reason.
 * `peers` (e.g. PyTorch) train the same workloads between nnlab's repeats
 * and get rows of their own (variant `peer`, one per configuration).
 *
 * @example
 * const report = await runBench({ backends: [cpuBackend, wasmBackend], workloads: selectWorkloads(['mlp']) });
 * console.log(formatBenchTable(report));
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  try {
    return await runBenchUnguarded(options);
  } finally {
    // A peer may hold a child process that would keep Node alive.
    await Promise.all((options.peers ?? []).map((peer) => peer.dispose?.()));
  }
}

async function runBenchUnguarded(options: BenchOptions): Promise<BenchReport> {
  const quick = options.quick ?? false;
  const settings = {
    quick,
    budgetSeconds: options.budgetSeconds ?? (quick ? 0.6 : 8),
    repeats: options.repeats ?? (quick ? 2 : 5),
    seed: options.seed ?? 0,
    variants: options.variants ?? [nnlabVariant],
  };
  const startedAt = new Date();
  const rows: BenchRow[] = [];
  const emit = (event: BenchProgress): void => options.onProgress?.(event);
  const environment = options.environment ?? 'node';
  const mark = (row: BenchRow): BenchRow => (row.environment === environment ? row : { ...row, environment });
  const total = options.backends.length * options.workloads.length;
  let index = 0;
  const peers = options.peers ?? [];
  /** Workloads whose peers have been timed (alongside the first backend that could run them). */
  const peersDone = new Set<string>();
  for (const backend of options.backends) {
    const probe = await backend.probe().catch((error: Error) => ({ available: false, reason: `probe failed: ${error.message}` }));
    let info: BackendInfo | undefined;
    let reason = probe.available ? undefined : probe.reason ?? 'not available';
    if (reason === undefined) {
      try {
        info = await backend.activate(options.activateOptions);
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    emit({ type: 'backend', backend: backend.name, available: info !== undefined, ...(reason === undefined ? {} : { reason }) });
    for (const workload of options.workloads) {
      index += 1;
      emit({ type: 'cell', backend: backend.name, workload: workload.name, index, total });
      const batchSize = quick ? Math.min(workload.batchSize, QUICK_MAX_BATCH) : workload.batchSize;
      const slow =
        info === undefined
          ? undefined
          : await tooSlowReason(nnlabVariant, workload, { batchSize, seed: settings.seed, secondsPerRepeat: settings.budgetSeconds / settings.repeats }).catch(() => undefined);
      const withPeers = info !== undefined && slow === undefined && peers.length > 0 && !peersDone.has(workload.name);
      if (withPeers) peersDone.add(workload.name);
      const cellRows =
        info === undefined || slow !== undefined
          ? settings.variants.map((v) => unavailableRow(backend.name, { ...workload, batchSize }, v.name, slow ?? reason ?? 'not available', info))
          : await benchCell(backend, info, workload, { ...settings, ...(withPeers ? { peers } : {}) });
      for (const row of cellRows) {
        const marked = mark(row);
        rows.push(marked);
        emit({ type: 'row', row: marked });
      }
    }
  }
  for (const workload of options.workloads) {
    if (peers.length === 0 || peersDone.has(workload.name)) continue;
    for (const row of await benchPeersAlone(peers, workload, settings)) {
      const marked = mark(row);
      rows.push(marked);
      emit({ type: 'row', row: marked });
    }
  }
  return {
    version: 1,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    quick,
    budgetSeconds: settings.budgetSeconds,
    repeats: settings.repeats,
    machine: options.machine ?? (await nodeMachine()),
    results: rows,
    ...(peers.length > 0 ? { peers: await describePeers(peers) } : {}),
  };
}
