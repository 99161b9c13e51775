/** Environment variables that force OpenBLAS's kernel choice (e.g. AVX2 kernels on an AVX-512 machine). */
export const OPENBLAS_OVERRIDES: readonly string[] = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

/** What `tools/bench/torch_self_check.py` printed, run in a candidate environment. */
export interface TorchSelfCheck {
  readonly ok: boolean;
  /** Largest error of a float32 GEMM against float64, relative to the largest entry. */
  readonly gemmError?: number;
  /** Largest relative error of three training steps against the committed float64 fixture. */
  readonly stepError?: number;
  /** Single-thread float32 GEMM speed in this environment (best of a few timings). */
  readonly gflops?: number;
  /** The kernel family OpenBLAS loaded (its `Core:` line), e.g. `SkylakeX`. */
  readonly core?: string;
  readonly error?: string;
}

/** The environment the PyTorch peer runs in, and a sentence saying why. */
export interface TorchBlasEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Shown in the bench's peer set-up, e.g. `OpenBLAS SkylakeX kernels (OPENBLAS_CORETYPE=SkylakeX): fastest correct of ...`. */
  readonly setup: string;
  /** The environment's overrides the peer runs without (empty when kept or when there were none). */
  readonly unset: readonly string[];
}

/** Options of {@link chooseTorchBlasEnvironment}. */
export interface ChooseTorchBlasOptions {
  /**
   * OpenBLAS core types to try forcing besides the environment's set-up and
   * OpenBLAS's own detection (default {@link openblasCoreTypesFor} this CPU).
   */
  readonly coreTypes?: readonly string[];
}

interface Candidate {
  readonly label: string;
  readonly env: Record<string, string | undefined>;
  readonly unset: readonly string[];
}

const short = (value: number | undefined): string => (value === undefined ? '?' : value.toExponential(0));

/**
 * The OpenBLAS core types worth forcing on a CPU with these feature flags
 * (`/proc/cpuinfo`'s `flags`): OpenBLAS 0.3.21 detects some AVX-512 CPUs
 * (e.g. virtual "Intel Xeon Processor" models) as `Prescott` and runs its
 * SSE3 kernels, several times slower than the AVX2 or AVX-512 ones. A core
 * type the CPU cannot run crashes the self-check and is never chosen.
 */
export function openblasCoreTypesFor(flags: ReadonlySet<string>): string[] {
  const types: string[] = [];
  if (flags.has('avx2') && flags.has('fma')) types.push('Haswell');
  if (flags.has('avx512f') && flags.has('avx512bw') && flags.has('avx512vl')) types.push('SkylakeX');
  if (flags.has('avx512_bf16')) types.push('Cooperlake');
  return types;
}

/**
 * Chooses the OpenBLAS set-up PyTorch runs fastest with on this machine, among
 * those that compute right. Candidates: the environment as given, without its
 * kernel overrides ({@link OPENBLAS_OVERRIDES}: OpenBLAS detects the CPU
 * itself), and each of `coreTypes` forced. `selfCheck` runs once per
 * candidate (a GEMM against float64, a tiny training step against fixture
 * values, a timed single-thread GEMM); the fastest candidate that passes wins.
 * No candidate passing keeps the environment as given, saying so.
 * `OPENBLAS_NUM_THREADS=1` is always set, so the self-check's GEMM is single-threaded;
 * the peer raises it per timed configuration (tools/bench/blas_threads.py).
 *
 * @example
 * const { env, setup } = await chooseTorchBlasEnvironment(process.env, (candidate) => runSelfCheck(candidate), { coreTypes: ['Haswell'] });
 */
export async function chooseTorchBlasEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  selfCheck: (candidate: Readonly<Record<string, string | undefined>>) => Promise<TorchSelfCheck>,
  options: ChooseTorchBlasOptions = {},
): Promise<TorchBlasEnvironment> {
  const present = OPENBLAS_OVERRIDES.filter((name) => env[name] !== undefined && env[name] !== '');
  const base: Record<string, string | undefined> = { ...env, OPENBLAS_NUM_THREADS: '1' };
  const clean: Record<string, string | undefined> = { ...base };
  for (const name of OPENBLAS_OVERRIDES) delete clean[name];
  const named = present.map((name) => `${name}=${env[name]}`).join(', ');

  const candidates: Candidate[] = [];
  if (present.length > 0) candidates.push({ label: `the environment's ${named}`, env: base, unset: [] });
  candidates.push({ label: "OpenBLAS's own CPU detection", env: clean, unset: present });
  for (const core of options.coreTypes ?? []) {
    if (present.length === 1 && env.OPENBLAS_CORETYPE === core) continue; // the environment's candidate already
    candidates.push({ label: `OPENBLAS_CORETYPE=${core}`, env: { ...clean, OPENBLAS_CORETYPE: core }, unset: present });
  }

  const results: Array<{ candidate: Candidate; check: TorchSelfCheck }> = [];
  for (const candidate of candidates) {
    let check: TorchSelfCheck;
    try {
      check = await selfCheck(candidate.env);
    } catch (error) {
      check = { ok: false, error: (error as Error).message };
    }
    results.push({ candidate, check });
  }
  const describe = ({ candidate, check }: (typeof results)[number]): string => {
    const core = check.core === undefined ? '' : ` (${check.core})`;
    if (!check.ok) return `${candidate.label}${core} failed: ${check.error ?? `GEMM vs float64 ${short(check.gemmError)}, training step vs fixture ${short(check.stepError)}`}`;
    return `${candidate.label}${core} ${check.gflops === undefined ? '?' : check.gflops.toFixed(1)} GFLOPS`;
  };
  const passing = results.filter((result) => result.check.ok);
  if (passing.length === 0) {
    const kept = present.length > 0 ? `${named} kept` : 'OpenBLAS left to its own CPU detection';
    return { env: base, setup: `${kept}: no OpenBLAS set-up passed the self-check (${results.map(describe).join('; ')})`, unset: [] };
  }
  // Stable: on equal (or unknown) speed the earlier candidate, i.e. the environment as given, wins.
  const best = passing.reduce((a, b) => ((b.check.gflops ?? 0) > (a.check.gflops ?? 0) ? b : a));
  const others = results.filter((result) => result !== best);
  const core = best.check.core === undefined ? '' : `OpenBLAS ${best.check.core} kernels, `;
  const unsetText = best.candidate.unset.length > 0 ? `; ${best.candidate.unset.join(', ')} unset for the peer` : '';
  return {
    env: best.candidate.env,
    setup:
      `${core}${best.candidate.label}${unsetText}: the fastest set-up that passed the self-check ` +
      `(single-thread GEMM ${best.check.gflops === undefined ? '?' : best.check.gflops.toFixed(1)} GFLOPS; GEMM vs float64 ${short(best.check.gemmError)}, training step vs fixture ${short(best.check.stepError)})` +
      (others.length > 0 ? `; also tried: ${others.map(describe).join('; ')}` : ''),
    unset: best.candidate.unset,
  };
}
