import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { assertInteger, InvalidArgumentError } from '@nnlab/core';
import type { AccuracyContender, AccuracyRun } from './accuracy-contender.js';
import type { Peer, PeerMeasureOptions, PeerRun } from './peer.js';
import type { RecipeData } from './recipe-data.js';
import { chooseTorchBlasEnvironment, openblasCoreTypesFor, type TorchBlasEnvironment, type TorchSelfCheck } from './torch-blas-environment.js';
import type { Workload } from './workloads.js';

/** Options of {@link createTorchPeer}. */
export interface TorchPeerOptions {
  /** Interpreter with PyTorch (default Debian's `/usr/bin/python3`, package `python3-torch`). */
  readonly python?: string;
  /** The peer script (default the repository's `tools/bench/torch_peer.py`). */
  readonly script?: string;
  /** torch thread counts to time; the fastest is the peer's number (default 1 and the core count). */
  readonly threads?: readonly number[];
  /** The numerical self-check run before dropping OpenBLAS overrides (default `tools/bench/torch_self_check.py`). */
  readonly selfCheckScript?: string;
  /** OpenBLAS core types to try forcing (default: those this CPU's flags allow, see `openblasCoreTypesFor`). */
  readonly openblasCoreTypes?: readonly string[];
  /** Environment the peer starts from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra arguments before the script (tests use this to run a stand-in). */
  readonly args?: readonly string[];
}

/** The repository's script, found from this file in `src/` or `dist/`. */
export const TORCH_PEER_SCRIPT = fileURLToPath(new URL('../../../tools/bench/torch_peer.py', import.meta.url));

/** The peer's numerical self-check (GEMM against float64, training steps against a fixture). */
export const TORCH_SELF_CHECK_SCRIPT = fileURLToPath(new URL('../../../tools/bench/torch_self_check.py', import.meta.url));

const INSTALL_HINT = 'apt-get install python3-torch';

interface Reply {
  readonly ok: boolean;
  readonly error?: string;
  readonly runs?: PeerRun[];
  readonly run?: AccuracyRun;
  readonly torch?: string;
}

/** One long-lived peer process answering one JSON line per request line. */
class PeerProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  private stderr = '';
  private exited: Error | undefined;

  constructor(command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>) {
    this.child = spawn(command, [...args], { env, stdio: 'pipe' });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => {
      const next = this.waiting.shift();
      if (next === undefined) return;
      try {
        next.resolve(JSON.parse(line) as Reply);
      } catch {
        next.reject(new Error(`torch peer printed a line that is not JSON: ${line.slice(0, 200)}`));
      }
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    const fail = (error: Error): void => {
      this.exited = error;
      for (const next of this.waiting.splice(0)) next.reject(error);
    };
    this.child.on('error', (error) => fail(error));
    this.child.on('exit', (code, signal) => {
      const last = this.stderr.trim().split('\n').pop() ?? '';
      fail(new Error(`torch peer exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`));
    });
  }

  request(message: object): Promise<Reply> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${JSON.stringify(message)}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await done;
  }
}

/**
 * Runs the self-check script in `env` and reads its one JSON line, plus the
 * kernel family OpenBLAS reports on stderr with `OPENBLAS_VERBOSE=2`.
 */
function runSelfCheck(python: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<TorchSelfCheck> {
  return new Promise((resolve) => {
    const child = spawn(python, [...args], { env: { ...env, OPENBLAS_VERBOSE: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let core: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
      core ??= /^Core: (\w+)/m.exec(err)?.[1];
    });
    child.on('error', (error) => resolve({ ok: false, error: error.message }));
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      const withCore = core === undefined ? {} : { core };
      try {
        const parsed = JSON.parse(last) as TorchSelfCheck & { gflops?: number | null };
        resolve({ ...parsed, gflops: parsed.gflops ?? undefined, ...withCore });
      } catch {
        const why = err.trim().split('\n').filter((line) => !line.startsWith('Core:')).pop();
        resolve({ ok: false, error: `self-check exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`, ...withCore });
      }
    });
  });
}

/** The CPU's feature flags from `/proc/cpuinfo` (empty where there is none, e.g. macOS). */
function cpuFlags(): Set<string> {
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    return new Set(line.trim().split(/\s+/));
  } catch {
    return new Set();
  }
}

/**
 * A {@link Peer} that trains the workloads in PyTorch through
 * `tools/bench/torch_peer.py`, run by `/usr/bin/python3`, timing each of
 * `threads` (default 1 and the core count) with OpenBLAS (which runs linear
 * layers' GEMMs and ignores `torch.set_num_threads`) on one thread, and one
 * torch thread with OpenBLAS on the most threads asked for, so the peer is
 * measured at its best (each run's `blasThreads` says which). Its OpenBLAS kernels are
 * the fastest that pass a one-time self-check, among the environment's
 * set-up, OpenBLAS's own CPU detection and each kernel family this CPU can
 * run ({@link chooseTorchBlasEnvironment}); `setup()` says which and why. Reports `not installed
 * (...)` when the interpreter, torch or the script is missing. One process
 * serves every workload; call `dispose()` when done (runBench does).
 *
 * @example
 * const peer = createTorchPeer({ threads: [1] });
 * if ((await peer.unavailableReason()) === undefined) console.log(await peer.measure(workloads[0], { seconds: 1, batchSize: 64, seed: 0 }));
 * await peer.dispose?.();
 */
export function createTorchPeer(options: TorchPeerOptions = {}): Peer & AccuracyContender {
  const python = options.python ?? '/usr/bin/python3';
  const script = options.script ?? TORCH_PEER_SCRIPT;
  const threads = options.threads ?? [...new Set([1, cpus().length])];
  if (!Array.isArray(threads) || threads.length === 0) {
    throw new InvalidArgumentError(`torch peer threads must be a non-empty list of thread counts, got ${JSON.stringify(threads)}`);
  }
  threads.forEach((t, i) => assertInteger(`torch peer threads[${i}]`, t, 1));
  const args = [...(options.args ?? []), script];
  let availability: Promise<string | undefined> | undefined;
  let peer: PeerProcess | undefined;
  let torchVersion = '';
  let blas: Promise<TorchBlasEnvironment> | undefined;
  const environment = (): Promise<TorchBlasEnvironment> => {
    blas ??= chooseTorchBlasEnvironment(
      options.env ?? process.env,
      (candidate) => runSelfCheck(python, [...(options.args ?? []), options.selfCheckScript ?? TORCH_SELF_CHECK_SCRIPT], candidate),
      { coreTypes: options.openblasCoreTypes ?? openblasCoreTypesFor(cpuFlags()) },
    );
    return blas;
  };
  let dataDir: string | undefined;
  const dataFiles = new WeakMap<RecipeData, string>();
  /** The recipe's data as one raw file (train x, train y, test x, test y) the script reads; written once per data set. */
  const dataFile = async (data: RecipeData): Promise<string> => {
    const known = dataFiles.get(data);
    if (known !== undefined) return known;
    dataDir ??= await mkdtemp(join(tmpdir(), 'nnlab-torch-peer-'));
    const path = join(dataDir, `data-${Math.random().toString(36).slice(2)}.bin`);
    const bytes = (a: Float32Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    await writeFile(path, Buffer.concat([bytes(data.train.images), bytes(data.train.labels), bytes(data.test.images), bytes(data.test.labels)]));
    dataFiles.set(data, path);
    return path;
  };
  const threadText = `${threads.join(' and ')} thread${threads.length > 1 ? 's' : ''}`;
  // tools/bench/blas_threads.py also times one torch thread with OpenBLAS on this many.
  const mostThreads = Math.max(...threads);

  const checkAvailable = async (): Promise<string | undefined> => {
    if (!existsSync(python)) return `not installed (no ${python}; ${INSTALL_HINT})`;
    if (!existsSync(script)) return `not installed (peer script ${script} is missing; it ships with the nnlab repository)`;
    const probe = spawnSync(python, [...(options.args ?? []), '-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
    if (probe.error !== undefined) return `not installed (${python} failed to start: ${probe.error.message})`;
    if (probe.status !== 0) return `not installed (${python} cannot import torch; ${INSTALL_HINT})`;
    torchVersion = probe.stdout.trim();
    return undefined;
  };

  const unavailableReason = (): Promise<string | undefined> => {
    availability ??= checkAvailable();
    return availability;
  };

  return {
    name: 'torch',
    kind: 'peer',
    description: `PyTorch via ${python} (best of ${threadText} with OpenBLAS on 1, and 1 with OpenBLAS on ${mostThreads})`,
    unavailableReason,
    async setup() {
      if ((await unavailableReason()) !== undefined) return undefined;
      return `PyTorch ${torchVersion || '?'} via ${python}, best of ${threadText}, OpenBLAS on 1 thread${mostThreads > 1 ? `, and 1 torch thread also with OpenBLAS on ${mostThreads}` : ''} (its GEMMs ignore torch.set_num_threads); ${(await environment()).setup}`;
    },
    async measure(workload: Workload, measureOptions: PeerMeasureOptions): Promise<PeerRun[]> {
      peer ??= new PeerProcess(python, args, (await environment()).env);
      const reply = await peer.request({ cmd: 'measure', workload, threads, ...measureOptions });
      if (!reply.ok || reply.runs === undefined) throw new Error(`torch peer: ${reply.error ?? 'no runs in its reply'}`);
      return reply.runs;
    },
    async train(recipe, data, trainOptions) {
      peer ??= new PeerProcess(python, args, (await environment()).env);
      const dataPath = await dataFile(data);
      const reply = await peer.request({ cmd: 'train', recipe, dataPath, trainCount: data.train.count, testCount: data.test.count, threads, ...trainOptions });
      if (!reply.ok || reply.run === undefined) throw new Error(`torch peer: ${reply.error ?? 'no run in its reply'}`);
      for (const point of reply.run.curve) trainOptions.onEvaluation?.(point);
      return reply.run;
    },
    async dispose() {
      const running = peer;
      peer = undefined;
      await running?.close();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
      dataDir = undefined;
    },
  };
}

/** The default PyTorch peer: `/usr/bin/python3`, 1 and core-count torch threads. */
export const torchPeer: Peer & AccuracyContender = createTorchPeer();
