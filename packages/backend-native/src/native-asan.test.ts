import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeProgram } from '@nnlab/testing/tfjs-suite';
import { expect, it } from 'vitest';
import { describeNative } from './native-available.test-helper.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const libasan = spawnSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout?.trim() ?? '';
/** Cases under ASan: a fifth of the plain differential run (every kind at least 5 times), to keep CI short. */
const CASES = 66;

// The addon built with -fsanitize=address runs the differential cases: any read or write past a
// typed array's memory (or any other heap error) in the C++ kernels aborts the run with ASan's report.
describeNative('native kernels under AddressSanitizer', () => {
  it.skipIf(!existsSync(libasan))(`run ${CASES} differential cases with no memory error`, async () => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-addon-asan.mjs')], { encoding: 'utf8', timeout: 300_000 });
    expect(build.status, build.stderr).toBe(0);
    const addon = build.stdout.trim().split('\n').pop() as string;
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-asan-'));
    try {
      const program = join(dir, 'asan-run.cjs');
      await bundleNodeProgram(fileURLToPath(new URL('./native-asan-entry.test-helper.ts', import.meta.url)), program);
      const run = spawnSync(process.execPath, [program], {
        encoding: 'utf8',
        timeout: 300_000,
        env: {
          ...process.env,
          LD_PRELOAD: libasan,
          // Node and V8 are not instrumented and keep memory until exit: leaks are not the point here.
          ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode=86',
          NNLAB_NATIVE_ADDON: addon,
          NNLAB_ASAN_CASES: String(CASES),
        },
      });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output).not.toMatch(/AddressSanitizer/);
      expect(run.status, output.slice(-3000)).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').pop() as string) as { cases: number; failures: string[]; asan: boolean; addon: string };
      expect(result).toMatchObject({ cases: CASES, failures: [], asan: true, addon });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
