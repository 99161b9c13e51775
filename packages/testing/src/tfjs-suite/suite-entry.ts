/**
 * The Node program esbuild bundles with tfjs-core's specs and one backend
 * (see run-suite-specs.ts): reads its config from `NNLAB_TFJS_SUITE`, writes
 * the {@link SuiteResult} to `config.out` and prints one line. Never
 * imported: run-tfjs-suite.ts runs the bundle in its own process.
 */
import { writeFileSync } from 'node:fs';
import { runSuiteSpecs } from './run-suite-specs.js';
import type { SuiteConfig } from './suite-types.js';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.NNLAB_TFJS_SUITE ?? '') as SuiteConfig;
  if (config.out === undefined) throw new Error('NNLAB_TFJS_SUITE has no "out" file');
  const result = await runSuiteSpecs(config);
  writeFileSync(config.out, JSON.stringify(result));
  process.stdout.write(`tfjs-core suite on ${result.backend} (${result.mode}): ${result.passed} passed, ${result.failed} failed, ${result.excluded} excluded\n`);
  // Worker threads and timers of a backend must not keep a finished run alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`tfjs-core suite: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
