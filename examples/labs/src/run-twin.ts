import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailedError, DataFormatError, NotFoundError } from '@nnlab/core';
import type { LabRow } from './lab.js';
import { repositoryRoot } from './repository-root.js';

/** Exit status of a twin whose interpreter cannot `import torch` (set in `tools/labs/common.py`). */
export const TWIN_NO_TORCH_EXIT = 3;

/** The one line shown when PyTorch is missing. */
export const NO_TORCH_MESSAGE = "PyTorch not available: run with Debian's python3-torch (/usr/bin/python3, apt install python3-torch)";

/** Options of {@link runTwin}. */
export interface RunTwinOptions {
  readonly seed: number;
  readonly quick: boolean;
  readonly data?: string;
  /** Variant-name prefixes, passed on as `--only P` each. */
  readonly only?: readonly string[];
  /** Epochs of every variant, passed on as `--epochs N` (labs that take `--epochs`). */
  readonly epochs?: number;
  /** Torch threads, passed on as `--threads N` (the twins default to 1). */
  readonly threads?: number;
  /** Interpreter; default `$NNLAB_LAB_PYTHON` or `/usr/bin/python3` (Debian's, which has torch). */
  readonly python?: string;
  /** Script; default `tools/labs/<name>.py` in the checkout. */
  readonly script?: string;
  /** Progress lines from the twin's stderr. */
  readonly log?: (line: string) => void;
}

/**
 * Runs the PyTorch twin of a lab for one seed and returns the rows of the
 * JSON object it prints as its last stdout line (`{"rows": [...]}`). A
 * missing interpreter or torch is a {@link NotFoundError} with
 * {@link NO_TORCH_MESSAGE}; a twin that fails otherwise is a
 * {@link CheckFailedError} with the end of its stderr.
 *
 * @example
 * const rows = await runTwin('mlp-sweeps', { seed: 0, quick: true });
 */
export async function runTwin(name: string, options: RunTwinOptions): Promise<LabRow[]> {
  const python = options.python ?? process.env.NNLAB_LAB_PYTHON ?? '/usr/bin/python3';
  const script = options.script ?? join(repositoryRoot(), 'tools', 'labs', `${name}.py`);
  if (!existsSync(script)) throw new NotFoundError(`lab "${name}" has no PyTorch twin: ${script} is missing`);
  const args = [
    script,
    '--seed',
    String(options.seed),
    ...(options.quick ? ['--quick'] : []),
    ...(options.data === undefined ? [] : ['--data', options.data]),
    ...(options.only ?? []).flatMap((prefix) => ['--only', prefix]),
    ...(options.epochs === undefined ? [] : ['--epochs', String(options.epochs)]),
    ...(options.threads === undefined ? [] : ['--threads', String(options.threads)]),
  ];
  const { code, stdout, stderr } = await run(python, args, options.log);
  if (code === TWIN_NO_TORCH_EXIT || code === 'ENOENT') throw new NotFoundError(NO_TORCH_MESSAGE);
  if (code !== 0) throw new CheckFailedError(`${script} --seed ${options.seed} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  const last = stdout.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new DataFormatError(`last stdout line is not JSON: ${JSON.stringify(last.slice(0, 200))}`, script);
  }
  const rows = (parsed as { rows?: unknown }).rows;
  if (!Array.isArray(rows) || !rows.every(isRow)) throw new DataFormatError('last stdout line must be {"rows":[{"variant","metric","value","seconds"}]}', script);
  return rows;
}

function isRow(row: unknown): row is LabRow {
  const r = row as Partial<LabRow> | null;
  return typeof r?.variant === 'string' && typeof r.metric === 'string' && typeof r.value === 'number' && typeof r.seconds === 'number';
}

function run(command: string, args: string[], log?: (line: string) => void): Promise<{ code: number | 'ENOENT'; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      for (const line of text.split('\n')) if (line.trim() !== '') log?.(line);
    });
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve({ code: 'ENOENT', stdout, stderr }) : reject(error)));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
