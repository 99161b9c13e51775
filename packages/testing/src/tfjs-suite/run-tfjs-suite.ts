import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTfjsSuite } from './build-tfjs-suite.js';
import { readExclusions } from './read-exclusions.js';
import type { SuiteConfig, SuiteResult } from './suite-types.js';

/** What to run: which backend module, which specs, which exclusion list. */
export interface TfjsSuiteOptions {
  /** Absolute path of a module exporting `activateForSuite()` (and `registerSuiteGradients`). */
  readonly backendModule: string;
  /** The backend's exclusion list (`<spec full name> -- <reason>` lines, see readExclusions); none when absent. */
  readonly exclusionsFile?: string;
  readonly mode?: SuiteConfig['mode'];
  readonly ops?: readonly string[];
  readonly grep?: string;
  /** Extra environment for the run (e.g. `NNLAB_NATIVE_...`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the run after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

/**
 * Runs tfjs-core 4.22.0's own specs against one backend in a fresh Node
 * process (the suite resets the engine, registers test kernels and leaves
 * flags behind, so it never shares a process with other tests) and returns
 * the counts, the passed spec names and every failure. A crash of the process
 * (a native or wasm memory error) rejects with its exit status and output tail.
 */
export async function runTfjsCoreSuite(options: TfjsSuiteOptions): Promise<SuiteResult> {
  const dir = await mkdtemp(join(tmpdir(), 'nnlab-tfjs-suite-'));
  try {
    const bundle = join(dir, 'suite.cjs');
    const out = join(dir, 'result.json');
    await buildTfjsSuite(options.backendModule, bundle);
    const config: SuiteConfig = {
      mode: options.mode ?? 'whole',
      exclusions: options.exclusionsFile === undefined ? [] : readExclusions(options.exclusionsFile),
      ...(options.ops === undefined ? {} : { ops: options.ops }),
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      out,
    };
    const { code, output } = await runProcess(bundle, { ...process.env, ...options.env, NNLAB_TFJS_SUITE: JSON.stringify(config) }, options.timeoutMs ?? 600_000);
    if (code !== 0) throw new Error(`the tfjs-core suite process exited with ${code}:\n${output.slice(-4000)}`);
    return JSON.parse(await readFile(out, 'utf8')) as SuiteResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `node bundle`, keeping the last 64 KiB of its output (the specs print profiler tables). */
function runProcess(bundle: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-65_536);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', output });
    });
  });
}

/** One line for a test's failure message: the counts and the first failures. */
export function describeSuiteResult(result: SuiteResult, limit = 30): string {
  const lines = [`${result.backend} (${result.mode}): ${result.passed} passed, ${result.failed} failed, ${result.excluded} excluded, ${result.seconds} s`];
  for (const failure of result.failures.slice(0, limit)) lines.push(`  FAIL ${failure.name}: ${failure.message.split('\n')[0]}`);
  if (result.failures.length > limit) lines.push(`  ... and ${result.failures.length - limit} more`);
  if (result.unusedExclusions.length > 0) lines.push(`  exclusions matching no spec: ${result.unusedExclusions.join(' | ')}`);
  return lines.join('\n');
}
