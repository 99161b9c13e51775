import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Bundles `entry` as a browser app would (esbuild, platform browser, every
 * workspace package and dependency bundled from source; only the peer
 * tfjs-core left out) and returns each Node built-in import that remains,
 * with the file importing it.
 */
async function nodeImportsInBrowserBundle(entry: string): Promise<string[]> {
  const found: string[] = [];
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    outdir: 'out',
    platform: 'browser',
    format: 'esm',
    conditions: ['source'],
    external: ['@tensorflow/tfjs-core'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-builtins',
        setup(bundler) {
          bundler.onResolve({ filter: /.*/ }, (args) => {
            if (!BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
            found.push(`${args.path} (from ${relative(ROOT, args.importer)})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  expect(result.errors).toEqual([]);
  return found;
}

describe('browser entry points bundle with no Node built-in (esbuild, platform browser)', () => {
  it.each([
    ['@nnlab/trainers', './index.ts'],
    ['@nnlab/checkpoint', '../../checkpoint/src/index.ts'],
    ['@nnlab/datasets', '../../datasets/src/index.ts'],
    ['@nnlab/sweeps', '../../sweeps/src/index.ts'],
    ['@nnlab/report', '../../report/src/index.ts'],
    ['@nnlab/core', '../../core/src/index.ts'],
  ])('%s', async (_name, entry) => {
    expect(await nodeImportsInBrowserBundle(entry)).toEqual([]);
  });

  it.each([
    ['@nnlab/checkpoint/node', '../../checkpoint/src/node.ts', 'node:fs/promises'],
    ['@nnlab/datasets/node', '../../datasets/src/node.ts', 'node:zlib'],
    ['@nnlab/report/node', '../../report/src/node.ts', 'node:fs/promises'],
    ['@nnlab/core/node', '../../core/src/node.ts', 'node:fs/promises'],
  ])('%s does import Node (the check sees them)', async (_name, entry, builtin) => {
    const found = await nodeImportsInBrowserBundle(entry);
    expect(found.some((line) => line.startsWith(`${builtin} `))).toBe(true);
  });
});
