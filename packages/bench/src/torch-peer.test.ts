import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { createTorchPeer, TORCH_PEER_SCRIPT } from './torch-peer.js';
import { workloads } from './workloads.js';

const FAKE = fileURLToPath(new URL('./fixtures/fake-torch-peer.mjs', import.meta.url));
const mlp = workloads[0] as (typeof workloads)[number];

describe('torch peer', () => {
  it('points at the repository script', () => {
    expect(TORCH_PEER_SCRIPT).toMatch(/tools\/bench\/torch_peer\.py$/);
  });

  it('says "not installed" when the interpreter is missing', async () => {
    const peer = createTorchPeer({ python: '/nonexistent/python3' });
    await expect(peer.unavailableReason()).resolves.toMatch(/^not installed \(no \/nonexistent\/python3; apt-get install python3-torch\)$/);
  });

  it('says "not installed" when the script is missing', async () => {
    const peer = createTorchPeer({ python: process.execPath, script: '/nonexistent/torch_peer.py' });
    await expect(peer.unavailableReason()).resolves.toMatch(/^not installed \(peer script \/nonexistent\/torch_peer.py is missing/);
  });

  it('times every thread configuration through one long-lived process', async () => {
    const peer = createTorchPeer({ python: process.execPath, script: FAKE, threads: [1, 2] });
    try {
      const first = await peer.measure(mlp, { seconds: 0.1, batchSize: 64, seed: 0 });
      const second = await peer.measure(mlp, { seconds: 0.1, batchSize: 64, seed: 0 });
      expect(first).toEqual([
        { threads: 1, samplesPerSec: 1000, stepMs: 64, steps: 3 },
        { threads: 2, samplesPerSec: 2000, stepMs: 32, steps: 3 },
      ]);
      expect(second).toEqual(first);
    } finally {
      await peer.dispose?.();
    }
  });

  it('turns a peer error or a dead process into a rejection', async () => {
    const peer = createTorchPeer({ python: process.execPath, script: FAKE, threads: [1] });
    try {
      await expect(peer.measure({ ...mlp, name: 'boom' }, { seconds: 0, batchSize: 8, seed: 0 })).rejects.toThrow(/torch peer: ValueError: .*unknown model boom/);
      await expect(peer.measure({ ...mlp, name: 'crash' }, { seconds: 0, batchSize: 8, seed: 0 })).rejects.toThrow(/torch peer exited \(code 3\)/);
      await expect(peer.measure(mlp, { seconds: 0, batchSize: 8, seed: 0 })).rejects.toThrow(/exited/);
    } finally {
      await peer.dispose?.();
    }
  });

  it('rejects bad thread lists eagerly', () => {
    expect(() => createTorchPeer({ threads: [] })).toThrow(InvalidArgumentError);
    expect(() => createTorchPeer({ threads: [0] })).toThrow(/threads\[0\]/);
  });
});

describe.skipIf(!existsSync('/usr/bin/python3') || spawnSync('/usr/bin/python3', ['-c', 'import torch']).status !== 0)('torch peer with PyTorch installed', () => {
  it('states its set-up: version, thread counts and the OpenBLAS decision', async () => {
    const peer = createTorchPeer();
    try {
      const setup = await peer.setup?.();
      expect(setup).toMatch(/^PyTorch \S+ via \/usr\/bin\/python3, best of 1( and \d+)? threads?, OpenBLAS on 1 thread, and 1 torch thread also with OpenBLAS on \d+ \(its GEMMs ignore torch.set_num_threads\); /);
      // the real self-check ran in this machine's PyTorch: a kernel family it loaded, measured and passed (or a stated failure)
      expect(setup).toMatch(/; (OpenBLAS \w+ kernels, .*: the fastest set-up that passed the self-check \(single-thread GEMM [\d.]+ GFLOPS|.* no OpenBLAS set-up passed the self-check)/);
    } finally {
      await peer.dispose?.();
    }
  }, 60_000);

  it('times each torch thread count with OpenBLAS on one thread, and one torch thread with OpenBLAS on two (found in the process, set per run)', async () => {
    const peer = createTorchPeer({ threads: [1, 2] });
    try {
      const runs = await peer.measure(mlp, { seconds: 0, batchSize: 8, seed: 0 });
      expect(runs.map((run) => [run.threads, run.blasThreads])).toEqual([
        [1, 1],
        [2, 1],
        [1, 2],
      ]);
    } finally {
      await peer.dispose?.();
    }
  }, 60_000);
});
