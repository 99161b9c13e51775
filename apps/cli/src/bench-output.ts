import cliProgress from 'cli-progress';
import { writeFileAtomic } from '@nnlab/core/node';
import type { Output } from './output.js';
import { printJson } from './output.js';

/** The options both benches take, already parsed from the command line. */
export interface BenchCommonOptions {
  readonly backends?: readonly string[];
  /** Peer frameworks by name; `auto` (default): every installed one; `none`. */
  readonly peers?: readonly string[];
  readonly threads?: number;
  /** Also run in headless Chromium (webgl, webgpu, wasm; cpu when named); those rows say `browser`. */
  readonly browser?: boolean;
  /** Also write the JSON report to this file. */
  readonly output?: string;
  readonly json?: boolean;
  /** False with `--no-progress`. */
  readonly progress?: boolean;
}

/**
 * How a bench shows progress on stderr: a terminal gets a `cli-progress`
 * bar in `format`; anything else (a pipe, a CI log) one labelled line per
 * step (`lines`), so a long bench is never silent; `--no-progress` neither.
 */
export function benchProgress(output: Output, progress: boolean | undefined, format: string): { bar?: cliProgress.SingleBar; lines: boolean } {
  // commander sets progress to true unless --no-progress.
  if (progress === false) return { lines: false };
  if (output.stderr.isTTY !== true) return { lines: true };
  const bar = new cliProgress.SingleBar({ stream: output.stderr as NodeJS.WritableStream, format, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  return { bar, lines: false };
}

/** A bench's result: also written to `--output` (saying so on stdout), and with `--json` printed as the JSON document. */
export async function writeBenchResult(output: Output, result: unknown, options: { readonly output?: string; readonly json?: boolean }): Promise<void> {
  if (options.output !== undefined) {
    await writeFileAtomic(options.output, `${JSON.stringify(result, null, 2)}\n`);
    output.stdout.write(`wrote ${options.output}\n`);
  }
  if (options.json === true) printJson(output, result);
}
