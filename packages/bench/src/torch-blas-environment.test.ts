import { describe, expect, it } from 'vitest';
import { chooseTorchBlasEnvironment, type TorchSelfCheck } from './torch-blas-environment.js';

// A fake self-check: no test changes the real OpenBLAS variables or runs PyTorch.
const checks = (result: TorchSelfCheck | Error) => {
  const seen: Array<Readonly<Record<string, string | undefined>>> = [];
  const selfCheck = async (candidate: Readonly<Record<string, string | undefined>>): Promise<TorchSelfCheck> => {
    seen.push(candidate);
    if (result instanceof Error) throw result;
    return result;
  };
  return { seen, selfCheck };
};

const forced = { PATH: '/usr/bin', OPENBLAS_CORETYPE: 'Haswell', OPENBLAS_L2_SIZE: '1048576' };

describe('chooseTorchBlasEnvironment', () => {
  it('drops the kernel overrides when the self-check without them passes', async () => {
    const { seen, selfCheck } = checks({ ok: true, gemmError: 9.4e-7, stepError: 1.2e-7 });
    const chosen = await chooseTorchBlasEnvironment(forced, selfCheck);
    expect(seen).toEqual([{ PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1' }]);
    expect(chosen.env).toEqual({ PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '1' });
    expect(chosen.unset).toEqual(['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE']);
    expect(chosen.setup).toBe(
      'OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576 unset for the peer, so OpenBLAS picks its kernels for this CPU (self-check passed: GEMM vs float64 9e-7, training step vs fixture 1e-7)',
    );
  });

  it('keeps them, saying why, when the self-check fails or cannot run', async () => {
    const failed = await chooseTorchBlasEnvironment(forced, checks({ ok: false, gemmError: 0.3, stepError: 2e-7 }).selfCheck);
    expect(failed.env).toEqual({ ...forced, OPENBLAS_NUM_THREADS: '1' });
    expect(failed.unset).toEqual([]);
    expect(failed.setup).toMatch(/^OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576 kept: the self-check without them failed \(GEMM vs float64 3e-1/);
    const crashed = await chooseTorchBlasEnvironment(forced, checks(new Error('python3 exited (code 1)')).selfCheck);
    expect(crashed.setup).toMatch(/kept: the self-check without them failed \(python3 exited \(code 1\)\)$/);
  });

  it('runs no check when the environment forces nothing', async () => {
    const { seen, selfCheck } = checks({ ok: false });
    const chosen = await chooseTorchBlasEnvironment({ PATH: '/usr/bin', OPENBLAS_CORETYPE: '' }, selfCheck);
    expect(seen).toEqual([]);
    expect(chosen.env.OPENBLAS_NUM_THREADS).toBe('1');
    expect(chosen.setup).toMatch(/^no OpenBLAS kernel overrides/);
  });
});
