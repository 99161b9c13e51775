/**
 * The program the AddressSanitizer test runs (bundled, in its own process with
 * libasan preloaded and NNLAB_NATIVE_ADDON naming the instrumented addon): the
 * differential cases on the native backend against tfjs-backend-cpu. Prints
 * one JSON line: the cases run, the failures, and whether ASan is loaded.
 */
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { differentialCases, runDifferentialCases } from '@nnlab/testing/differential';
import { nativeBackend } from './native-backend.js';

async function main(): Promise<void> {
  const count = Number(process.env.NNLAB_ASAN_CASES ?? 66);
  const info = await nativeBackend.activate({ threads: 2 });
  const failures = await runDifferentialCases(differentialCases(count, Number(process.env.NNLAB_DIFFERENTIAL_SEED ?? 25)), 'native', 'cpu');
  const asan = readFileSync('/proc/self/maps', 'utf8').includes('libasan');
  process.stdout.write(`${JSON.stringify({ cases: count, failures, asan, addon: process.env.NNLAB_NATIVE_ADDON, replaced: info.kernels?.replaced.length })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`native ASan run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
