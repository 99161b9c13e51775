#!/usr/bin/env node
// `pnpm lint:packages`: the publishing lints, run by CI. Packs every public
// package with pnpm (as `pnpm publish` would: workspace ranges rewritten) and
// runs publint and @arethetypeswrong/cli (profile esm-only: the packages are
// ESM only, on purpose) on each tarball, then knip (unused files, exports and
// dependencies; knip.jsonc) and TypeDoc's validation (every public export
// documented, no broken links; typedoc.json) without writing docs/api.
// Exits non-zero on the first tool that reports an error, naming it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tarballs = join(root, '.cache', 'lint-packages');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = Date.now();

function run(what, command, args, options = {}) {
  const t0 = Date.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/^npm warn Unknown user config.*\n/gm, '');
  if (result.status !== 0) {
    console.error(output);
    console.error(`lint-packages: FAILED: ${what} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  return { output, seconds: ((Date.now() - t0) / 1000).toFixed(1) };
}

const packages = ['packages', 'apps']
  .flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(parent, name)))
  .filter((dir) => existsSync(join(root, dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

console.log(`== publint and attw on ${packages.length} packed packages`);
rmSync(tarballs, { recursive: true, force: true });
mkdirSync(tarballs, { recursive: true });
for (const { dir, manifest } of packages) {
  if (!existsSync(join(root, dir, 'dist', 'index.js'))) {
    console.error(`lint-packages: FAILED: ${manifest.name} is not built (${dir}/dist/index.js); run pnpm build first`);
    process.exit(1);
  }
  const { output } = run(`${manifest.name}: pnpm pack`, 'pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, dir) });
  const tarball = join(tarballs, output.trim().split('\n').filter((line) => line.endsWith('.tgz')).at(-1).split('/').at(-1));
  const publint = run(`${manifest.name}: publint`, bin('publint'), ['run', tarball, '--level', 'warning']);
  if (/\bWarnings?:|\bErrors?:/.test(publint.output)) {
    console.error(publint.output);
    console.error(`lint-packages: FAILED: ${manifest.name}: publint reported warnings`);
    process.exit(1);
  }
  run(`${manifest.name}: attw (esm-only profile)`, bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color']);
  console.log(`  ok  ${manifest.name}: publint clean, attw: types resolve under node16 (ESM) and bundler`);
}

console.log('== knip (unused files, exports, dependencies)');
const knip = run('knip found unused files, exports or dependencies (see above; configuration in knip.jsonc)', bin('knip'), ['--no-progress', '--no-config-hints']);
console.log(`  ok  knip: nothing unused (${knip.seconds} s)`);

console.log('== TypeDoc: every public export has TSDoc; no broken link, nothing referenced but unexported');
const apiJson = join(root, '.cache', 'typedoc-api.json');
const typedoc = run('TypeDoc validation (typedoc.json: broken {@link} or a type the API uses but does not export)', bin('typedoc'), ['--json', apiJson]);
// TypeDoc's own notDocumented check also wants every interface member and method signature
// documented; the rule here is every export (its own comment, or its signatures' for functions).
const described = (reflection) => Boolean(reflection.comment?.summary?.some((part) => part.text.trim() !== '')) || (reflection.signatures ?? []).some(described);
const undocumented = JSON.parse(readFileSync(apiJson, 'utf8'))
  .children.flatMap((module) => (module.children ?? []).filter((item) => item.variant !== 'reference' && !described(item)).map((item) => `${module.name}: ${item.name}`));
if (undocumented.length > 0) {
  console.error(undocumented.join('\n'));
  console.error(`lint-packages: FAILED: ${undocumented.length} public exports without TSDoc (above)`);
  process.exit(1);
}
const exportCount = JSON.parse(readFileSync(apiJson, 'utf8')).children.reduce((sum, module) => sum + (module.children?.length ?? 0), 0);
console.log(`  ok  TypeDoc: ${exportCount} public exports in ${packages.length} packages, each with TSDoc; links resolve (${typedoc.seconds} s)`);

console.log(`lint-packages: all clean in ${((Date.now() - started) / 1000).toFixed(0)} s`);
