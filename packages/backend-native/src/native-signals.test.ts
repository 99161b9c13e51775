import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ADDON_PATH } from './load-native-addon.js';
import { describeNative } from './native-available.test-helper.js';

// Needs the built addon and libdnnl (CI installs libdnnl-dev via tools/setup.sh).
// oneDNN 2.6's JIT sgemm corrupts the heap when a signal handler runs on its
// stack mid-kernel; `node --cpu-prof` (a SIGPROF every millisecond) crashed
// within a second before every native call blocked signals (native/common.h).
const SCRIPT = `
const addon = require(${JSON.stringify(ADDON_PATH)});
addon.setThreads(2);
const [m, n, k] = [64, 300, 784];
const a = new Float32Array(m * k).fill(0.5), b = new Float32Array(k * n).fill(0.25);
for (let i = 0; i < 1500; i++) {
  const c = new Float32Array(m * n);
  addon.matmul(a, b, c, 1, 1, 1, m, n, k, false, false, null, 0, 0, 0);
  if (c[i % c.length] !== 98) throw new Error('wrong product ' + c[i % c.length]);
}
console.log('ok');
`;

describeNative('native calls under a sampling profiler (needs libdnnl)', () => {
  it('survives node --cpu-prof: signals never land inside oneDNN kernels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-prof-'));
    const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '-e', SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, OMP_WAIT_POLICY: 'passive' },
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('ok');
  });
});
