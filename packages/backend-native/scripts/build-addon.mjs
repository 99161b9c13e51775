#!/usr/bin/env node
// Builds the oneDNN addon with node-gyp at install time. A missing compiler
// or oneDNN must never break `npm install` / `pnpm install`: on failure this
// prints one line saying what to install and exits 0 (the backend's probe()
// then reports the same). `--strict` (pnpm build:addon) fails loudly instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const force = strict || process.argv.includes('--force');
const verbose = strict || process.env.NNLAB_NATIVE_VERBOSE === '1';
const prefix = '@nnlab/backend-native:';

if (process.env.NNLAB_SKIP_NATIVE_BUILD === '1') {
  console.log(`${prefix} NNLAB_SKIP_NATIVE_BUILD=1, native addon not built`);
  process.exit(0);
}

const INCLUDE_DIRS = ['/usr/include', '/usr/local/include', ...(process.env.CPATH ?? '').split(':').filter(Boolean)];
const hasOneDnnHeaders = () => INCLUDE_DIRS.some((dir) => existsSync(join(dir, 'dnnl.hpp')) || existsSync(join(dir, 'oneapi/dnnl/dnnl.hpp')));
const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

function whatToInstall() {
  const packages = [];
  if (!onPath('c++') && !onPath('g++')) packages.push('g++');
  if (!onPath('make')) packages.push('make');
  if (!onPath('python3')) packages.push('python3');
  if (!hasOneDnnHeaders()) packages.push('libdnnl-dev');
  return packages;
}

function nodeGypScript() {
  try {
    return createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return process.env.npm_config_node_gyp;
  }
}

/** Node's own headers when they sit next to the running node (Debian's /usr, official tarballs): no download. */
function localNodeDir() {
  if (process.env.npm_config_nodedir) return undefined;
  const candidate = dirname(dirname(process.execPath));
  return existsSync(join(candidate, 'include', 'node', 'node_api.h')) ? candidate : undefined;
}

function fail(message) {
  if (strict) {
    console.error(`${prefix} ${message}`);
    process.exit(1);
  }
  console.log(`${prefix} native addon not built (${message}); the package installs anyway and the native backend reports itself unavailable`);
  process.exit(0);
}

/** The built addon is newer than every input of the build: repeated installs need not spend 15 s recompiling. */
function upToDate() {
  const addon = join(root, 'build', 'Release', 'nnlab_native.node');
  if (!existsSync(addon)) return false;
  const inputs = [join(root, 'binding.gyp'), join(root, 'scripts', 'build-addon.mjs'), ...readdirSync(join(root, 'native')).map((f) => join(root, 'native', f))];
  const built = statSync(addon).mtimeMs;
  return inputs.every((file) => statSync(file).mtimeMs <= built);
}

if (!force && upToDate()) {
  console.log(`${prefix} oneDNN addon up to date (build/Release/nnlab_native.node)`);
  process.exit(0);
}

const missing = whatToInstall();
if (missing.length > 0) fail(`missing ${missing.join(', ')}: run apt-get install ${missing.join(' ')}, then npm rebuild @nnlab/backend-native (in the nnlab repo: pnpm --filter @nnlab/backend-native build:addon)`);
const script = nodeGypScript();
if (script === undefined) fail('node-gyp not found: run npm i -g node-gyp');

const nodeDir = localNodeDir();
const args = [script, 'rebuild', '--jobs', 'max', ...(nodeDir ? [`--nodedir=${nodeDir}`] : [])];
const started = Date.now();
const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: verbose ? 'inherit' : 'pipe' });
if (result.status !== 0) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
  const firstError = output.find((line) => /error/i.test(line) && !/gyp ERR! (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(line));
  fail(`node-gyp rebuild failed: ${firstError?.trim() ?? `exit code ${result.status}`}; rerun with NNLAB_NATIVE_VERBOSE=1 for the full log`);
}
console.log(`${prefix} built the oneDNN addon in ${((Date.now() - started) / 1000).toFixed(0)} s`);
