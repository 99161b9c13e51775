import type { Workload } from './workloads.js';

/** One timed run of a peer framework in one configuration. */
export interface PeerRun {
  /** Threads the peer used for this run (a peer may try several configurations). */
  readonly threads: number;
  /**
   * Threads of the BLAS library under the peer, where the peer sets them apart
   * from its own (PyTorch's OpenBLAS ignores `torch.set_num_threads`); a
   * configuration is a (threads, blasThreads) pair.
   */
  readonly blasThreads?: number;
  readonly samplesPerSec: number;
  readonly stepMs: number;
  readonly steps: number;
}

/** Options of {@link Peer.measure}. */
export interface PeerMeasureOptions {
  /** Seconds of timed steps per configuration (at least one step runs). */
  readonly seconds: number;
  readonly batchSize: number;
  readonly seed: number;
}

/**
 * Another framework training the same workload (same model, shapes, batch
 * size and optimizer, random data), timed by the bench between nnlab's own
 * repeats so machine noise hits both alike. Its rows show up as backend
 * `name`, variant `peer`, and nnlab's rows get a ratio column against its
 * fastest configuration.
 *
 * @example
 * const report = await runBench({ backends: [nativeBackend], workloads: selectWorkloads(['mlp']), peers: [torchPeer] });
 */
export interface Peer {
  /** Short name, shown as the row's backend (`torch`). */
  readonly name: string;
  readonly description: string;
  /** Why the peer cannot run on this machine (e.g. `not installed (...)`), or undefined when it can. */
  unavailableReason(): Promise<string | undefined>;
  /**
   * The peer's set-up as a person should read it next to its numbers (version,
   * threads, environment choices), once it is available; undefined otherwise.
   */
  setup?(): Promise<string | undefined>;
  /** Why the peer cannot train this workload, or undefined when it can. */
  unsupportedReason?(workload: Workload): string | undefined;
  /**
   * Trains `workload` for about `options.seconds` in each configuration the
   * peer tries and returns one run per configuration. The first call for a
   * workload also builds and warms it up (untimed). Rejects on failure.
   */
  measure(workload: Workload, options: PeerMeasureOptions): Promise<PeerRun[]>;
  /** Frees what `measure` keeps between calls (e.g. a child process). */
  dispose?(): Promise<void>;
}
