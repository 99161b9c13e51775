import type { BackendProvider } from '@nnlab/core';
import type { Output } from '../output.js';
import { printJson } from '../output.js';
import { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { JSON_HELP } from '../option-parsers.js';

/** One row of `nnlab backends`. */
export interface BackendListing {
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  readonly available: boolean;
  readonly reason: string | null;
  readonly install: string | null;
  readonly threads: number | null;
  readonly simd: boolean | null;
  readonly versions: Readonly<Record<string, string>>;
  readonly kernels: { readonly replaced: readonly string[]; readonly added: readonly string[]; readonly fallback: readonly string[] } | null;
  readonly notes: readonly string[];
}

/** Probes every backend and activates each available one to report what it really gets. */
export async function listBackends(backends: readonly BackendProvider[]): Promise<BackendListing[]> {
  const out: BackendListing[] = [];
  for (const backend of backends) {
    const probe = await backend.probe().catch((error: Error) => ({ available: false, reason: `probe failed: ${error.message}`, install: undefined }));
    const base = { name: backend.name, kind: backend.kind, description: backend.description };
    if (!probe.available) {
      out.push({ ...base, available: false, reason: probe.reason ?? 'not available', install: probe.install ?? null, threads: null, simd: null, versions: {}, kernels: null, notes: [] });
      continue;
    }
    try {
      const info = await backend.activate();
      out.push({ ...base, available: true, reason: null, install: null, threads: info.threads, simd: info.simd, versions: info.versions, kernels: info.kernels ?? null, notes: info.notes ?? [] });
    } catch (error) {
      out.push({ ...base, available: false, reason: (error as Error).message, install: null, threads: null, simd: null, versions: {}, kernels: null, notes: [] });
    }
  }
  return out;
}

function describe(row: BackendListing): string[] {
  if (!row.available) {
    return [`  ${row.name.padEnd(10)} unavailable  ${row.reason ?? ''}${row.install ? `\n  ${''.padEnd(10)}              install: ${row.install}` : ''}`];
  }
  const versions = Object.entries(row.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [`  ${row.name.padEnd(10)} available    threads ${row.threads}, SIMD ${row.simd ? 'yes' : 'no'}; ${versions}`];
  const kernels = row.kernels;
  if (kernels !== null) {
    if (kernels.added.length > 0) lines.push(`  ${''.padEnd(23)}kernels added: ${kernels.added.join(', ')}`);
    if (kernels.replaced.length > 0) lines.push(`  ${''.padEnd(23)}kernels replaced: ${kernels.replaced.join(', ')}`);
    if (kernels.fallback.length > 0) lines.push(`  ${''.padEnd(23)}slow fallbacks: ${kernels.fallback.join(', ')}`);
  }
  for (const note of row.notes) lines.push(`  ${''.padEnd(23)}note: ${note}`);
  return lines;
}

/** `nnlab backends [--json]`. */
export async function backendsCommand(backends: readonly BackendProvider[], options: { json?: boolean }, output: Output): Promise<void> {
  const rows = await listBackends(backends);
  output.stdout.write(`nnlab backends (${rows.filter((r) => r.available).length} of ${rows.length} available here)\n`);
  for (const row of rows) output.stdout.write(`${describe(row).join('\n')}\n`);
  if (options.json === true) printJson(output, { command: 'backends', backends: rows });
}

/** `nnlab backends [--json]`. */
export function createBackendsCommand(context: CommandContext): Command {
  return new Command('backends')
    .description('list every backend: available or not (and why), threads, SIMD, versions')
    .option('--json', JSON_HELP)
    .action(async (options: { json?: boolean }) => backendsCommand(context.backends, options, context.output));
}
