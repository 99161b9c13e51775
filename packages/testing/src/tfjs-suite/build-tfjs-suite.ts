import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
// The entries next to this file: .ts from sources (vitest), .js from dist.
const ext = extname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Sources bundled into one file keep asking for files next to their own
 * location (the native addon, the wasm binaries): give each its own URL.
 */
const keepImportMetaUrl: Plugin = {
  name: 'keep-import-meta-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/**
 * Bundles tfjs-core 4.22.0's specs with `backendModule` (a file exporting
 * `activateForSuite()`) into one file at `outfile`: a CommonJS program for
 * Node, or a page script for `browser`.
 *
 * tfjs-core's dist is ESM with extension-less imports that Node cannot load,
 * and its jasmine_util requires jasmine-core; esbuild resolves both. Every
 * import of `@tensorflow/tfjs-core` (tfjs backends, nnlab sources) resolves to
 * the same ESM `dist/index.js` the specs import, so there is one engine and
 * one kernel registry; nnlab packages resolve to their TypeScript sources.
 */
export async function buildTfjsSuite(backendModule: string, outfile: string, where: 'node' | 'browser' = 'node'): Promise<void> {
  const node = where === 'node';
  await build({
    entryPoints: [join(here, `${node ? 'suite-entry' : 'suite-entry-browser'}${ext}`)],
    outfile,
    bundle: true,
    platform: where,
    format: node ? 'cjs' : 'iife',
    target: node ? 'node20' : 'chrome120',
    // jasmine-core's node_boot.js puts its globals on `global`.
    ...(node ? {} : { define: { global: 'globalThis' } }),
    mainFields: node ? ['module', 'main'] : ['browser', 'module', 'main'],
    conditions: ['source'],
    // jasmine_util requires jasmine-core, which tfjs-core does not depend on.
    nodePaths: [dirname(dirname(require.resolve('jasmine-core/package.json')))],
    alias: { 'nnlab-tfjs-suite-backend': backendModule },
    plugins: [keepImportMetaUrl],
    // The native addon is loaded at run time from its own path.
    external: ['*.node'],
    // tfjs-core's package.json marks only a few files as having side effects, so
    // esbuild would drop the bare `import './ops/abs_test'` lines of dist/tests.js.
    ignoreAnnotations: true,
    logLevel: 'error',
    sourcemap: false,
  });
}

/**
 * Bundles any Node program (`entry`, TypeScript) the way the suite is
 * bundled: one tfjs-core, nnlab packages from their sources, files found
 * next to their own sources. For runs that must happen in a process of their
 * own, such as the native backend under AddressSanitizer.
 */
export async function bundleNodeProgram(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    conditions: ['source'],
    plugins: [keepImportMetaUrl],
    external: ['*.node'],
    ignoreAnnotations: true,
    logLevel: 'error',
  });
}
