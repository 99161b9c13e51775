import { describe, expect, it } from 'vitest';
import { chooseTorchBlasEnvironment, openblasCoreTypesFor, type TorchSelfCheck } from './torch-blas-environment.js';

type Env = Readonly<Record<string, string | undefined>>;

// A fake self-check answering per OPENBLAS_CORETYPE: no test changes the real OpenBLAS variables or runs PyTorch.
const checks = (byCore: Record<string, TorchSelfCheck | Error>) => {
  const seen: Env[] = [];
  const selfCheck = async (candidate: Env): Promise<TorchSelfCheck> => {
    seen.push(candidate);
    const result = byCore[candidate.OPENBLAS_CORETYPE ?? 'auto'];
    if (result === undefined) throw new Error(`no fake result for ${candidate.OPENBLAS_CORETYPE}`);
    if (result instanceof Error) throw result;
    return result;
  };
  return { seen, selfCheck };
};

const pass = (gflops: number, core: string): TorchSelfCheck => ({ ok: true, gemmError: 5e-7, stepError: 1.2e-7, gflops, core });
const forced = { PATH: '/usr/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '1048576' };

describe('chooseTorchBlasEnvironment', () => {
  it('picks the fastest set-up that passes the self-check, here a forced core type over a misdetected CPU', async () => {
    const { seen, selfCheck } = checks({ Haswell: pass(7.5, 'Haswell'), auto: pass(3.4, 'Prescott'), SkylakeX: pass(11.6, 'SkylakeX') });
    const chosen = await chooseTorchBlasEnvironment(forced, selfCheck, { coreTypes: ['Haswell', 'SkylakeX'] });
    // the environment as given, OpenBLAS's own detection, then each core type alone (Haswell without the L2 size too)
    expect(seen).toEqual([
      { ...forced, OPENBLAS_NUM_THREADS: '1' },
      { PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1' },
      { PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'Haswell' },
      { PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'SkylakeX' },
    ]);
    expect(chosen.env).toEqual({ PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'SkylakeX' });
    expect(chosen.unset).toEqual(['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE']);
    expect(chosen.setup).toBe(
      'OpenBLAS SkylakeX kernels, OPENBLAS_CORETYPE=SkylakeX; OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE unset for the peer: the fastest set-up that passed the self-check ' +
        '(single-thread GEMM 11.6 GFLOPS; GEMM vs float64 5e-7, training step vs fixture 1e-7); ' +
        "also tried: the environment's OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576 (Haswell) 7.5 GFLOPS; OpenBLAS's own CPU detection (Prescott) 3.4 GFLOPS; OPENBLAS_CORETYPE=Haswell (Haswell) 7.5 GFLOPS",
    );
  });

  it('never picks a faster set-up that computes wrong or crashes', async () => {
    const { selfCheck } = checks({
      Haswell: pass(7.5, 'Haswell'),
      auto: { ok: false, gemmError: 0.3, stepError: 2e-7, core: 'Broken' },
      SkylakeX: new Error('self-check exited (SIGILL)'),
    });
    const chosen = await chooseTorchBlasEnvironment(forced, selfCheck, { coreTypes: ['SkylakeX'] });
    expect(chosen.env).toEqual({ ...forced, OPENBLAS_NUM_THREADS: '1' });
    expect(chosen.unset).toEqual([]);
    expect(chosen.setup).toMatch(/^OpenBLAS Haswell kernels, the environment's OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576: the fastest/);
    expect(chosen.setup).toContain("OpenBLAS's own CPU detection (Broken) failed: GEMM vs float64 3e-1");
    expect(chosen.setup).toContain('OPENBLAS_CORETYPE=SkylakeX failed: self-check exited (SIGILL)');
  });

  it('keeps the environment as given, saying why, when no set-up passes', async () => {
    const { selfCheck } = checks({ Haswell: new Error('python3 exited (code 1)'), auto: new Error('python3 exited (code 1)') });
    const chosen = await chooseTorchBlasEnvironment(forced, selfCheck);
    expect(chosen.env).toEqual({ ...forced, OPENBLAS_NUM_THREADS: '1' });
    expect(chosen.setup).toMatch(/^OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576 kept: no OpenBLAS set-up passed the self-check \(/);
  });

  it('without overrides in the environment, compares OpenBLAS detection with forced core types', async () => {
    const { seen, selfCheck } = checks({ auto: pass(30.1, 'Cooperlake'), SkylakeX: pass(29.9, 'SkylakeX') });
    const chosen = await chooseTorchBlasEnvironment({ PATH: '/usr/bin', OPENBLAS_CORETYPE: '' }, selfCheck, { coreTypes: ['SkylakeX'] });
    expect(seen).toHaveLength(2);
    expect(chosen.env).toEqual({ PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1' });
    expect(chosen.unset).toEqual([]);
    expect(chosen.setup).toMatch(/^OpenBLAS Cooperlake kernels, OpenBLAS's own CPU detection: the fastest/);
  });
});

describe('openblasCoreTypesFor', () => {
  it('offers the kernel families the CPU flags allow', () => {
    expect(openblasCoreTypesFor(new Set(['sse3']))).toEqual([]);
    expect(openblasCoreTypesFor(new Set(['avx2', 'fma']))).toEqual(['Haswell']);
    expect(openblasCoreTypesFor(new Set(['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_bf16']))).toEqual(['Haswell', 'SkylakeX', 'Cooperlake']);
  });
});
