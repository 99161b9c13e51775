/** Environment variables that force OpenBLAS's kernel choice (e.g. AVX2 kernels on an AVX-512 machine). */
export const OPENBLAS_OVERRIDES: readonly string[] = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

/** What `tools/bench/torch_self_check.py` printed, run in a candidate environment. */
export interface TorchSelfCheck {
  readonly ok: boolean;
  /** Largest error of a float32 GEMM against float64, relative to the largest entry. */
  readonly gemmError?: number;
  /** Largest relative error of three training steps against the committed float64 fixture. */
  readonly stepError?: number;
  readonly error?: string;
}

/** The environment the PyTorch peer runs in, and a sentence saying why. */
export interface TorchBlasEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Shown in the bench's peer set-up, e.g. `OPENBLAS_CORETYPE=Haswell unset (self-check passed: ...)`. */
  readonly setup: string;
  /** The overrides the peer runs without (empty when kept or when there were none). */
  readonly unset: readonly string[];
}

const short = (value: number | undefined): string => (value === undefined ? '?' : value.toExponential(0));

/**
 * Decides whether the PyTorch peer may drop the environment's OpenBLAS
 * kernel overrides ({@link OPENBLAS_OVERRIDES}), which pin OpenBLAS to one
 * CPU generation's kernels and can cost PyTorch a third of its speed. With
 * overrides present, `selfCheck` runs once in the environment without them
 * (a GEMM against float64 and a tiny training step against fixture values);
 * the overrides are dropped only when it passes, and kept otherwise, so a
 * machine where OpenBLAS picks a broken kernel still gets right answers.
 * `OPENBLAS_NUM_THREADS=1` is always set: BLAS threads fight PyTorch's own.
 *
 * @example
 * const { env, setup } = await chooseTorchBlasEnvironment(process.env, (candidate) => runSelfCheck(candidate));
 */
export async function chooseTorchBlasEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  selfCheck: (candidate: Readonly<Record<string, string | undefined>>) => Promise<TorchSelfCheck>,
): Promise<TorchBlasEnvironment> {
  const present = OPENBLAS_OVERRIDES.filter((name) => env[name] !== undefined && env[name] !== '');
  const base = { ...env, OPENBLAS_NUM_THREADS: '1' };
  if (present.length === 0) return { env: base, setup: 'no OpenBLAS kernel overrides in the environment (OpenBLAS picks its kernels for this CPU)', unset: [] };
  const candidate: Record<string, string | undefined> = { ...base };
  for (const name of present) delete candidate[name];
  const named = present.map((name) => `${name}=${env[name]}`).join(', ');
  let check: TorchSelfCheck;
  try {
    check = await selfCheck(candidate);
  } catch (error) {
    check = { ok: false, error: (error as Error).message };
  }
  if (check.ok) {
    return {
      env: candidate,
      setup: `${named} unset for the peer, so OpenBLAS picks its kernels for this CPU (self-check passed: GEMM vs float64 ${short(check.gemmError)}, training step vs fixture ${short(check.stepError)})`,
      unset: present,
    };
  }
  const why = check.error ?? `GEMM vs float64 ${short(check.gemmError)}, training step vs fixture ${short(check.stepError)}`;
  return { env: base, setup: `${named} kept: the self-check without them failed (${why})`, unset: [] };
}
