#!/usr/bin/env node
// `pnpm verify:packages`: proves the public packages work the way users get
// them, from npm, outside this workspace. Packs each with `pnpm pack`, checks
// the tarballs, installs them with npm into a fresh project (the tarballs plus
// their declared peers from the registry), and there runs the README examples,
// a 20-step training run on cpu, wasm and native, the packed CLI, the native
// backend without oneDNN, and a Vite page in headless Chromium.
// Stops at the first failure with the package and the step. What each step
// checks: tools/README.md. Options: --keep (leave the project for a look),
// --skip-browser. NNLAB_VERIFY_DIR moves the project (default: the OS temp dir).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'tools', 'verify-packages');
const work = process.env.NNLAB_VERIFY_DIR ?? join(tmpdir(), 'nnlab-verify-packages');
const npmCache = join(root, '.cache', 'npm');
const keep = process.argv.includes('--keep');
const skipBrowser = process.argv.includes('--skip-browser');
const started = Date.now();
// Tools for the TypeScript and browser checks, pinned like the workspace's; a user's project has its own.
const TOOLS = ['typescript@5.9.3', '@types/node@20.19.43', 'vite@8.3.8'];
const TFJS_CORE = '@tensorflow/tfjs-core@4.22.0';
// Browser-only packages: their README examples are type-checked; Node cannot run them.
const BROWSER_ONLY = new Set(['@nnlab/backend-webgl', '@nnlab/backend-webgpu']);
// Packages whose README example also runs in a project holding only what the README's `npm i` line
// names (and their dependencies): proof that each installs alone, not only beside every other tarball.
const ALONE = ['@nnlab/report', '@nnlab/sweeps', '@nnlab/browser-harness', '@nnlab/checkpoint', '@nnlab/backends'];

let currentStep = 'start';
function step(name) {
  currentStep = name;
  console.log(`\n== ${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
function fail(message) {
  console.error(`\nverify-packages: FAILED at "${currentStep}": ${message}`);
  process.exit(1);
}
function ok(message) {
  console.log(`  ok  ${message}`);
}

/** Runs a command; on failure prints its output and fails the step with `what` (the package and check). */
function run(command, args, { cwd = work, env = {}, what, quiet = true, timeoutMs = 300_000, stdoutOnly = false } = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    console.error(output.split('\n').slice(-60).join('\n'));
    fail(`${what ?? `${command} ${args.join(' ')}`} exited with ${result.status ?? result.signal}${result.error ? ` (${result.error.message})` : ''}`);
  }
  if (!quiet) process.stdout.write(output.replace(/^npm warn Unknown user config.*\n/gm, ''));
  return stdoutOnly ? result.stdout : output;
}

const npmArgs = ['--cache', npmCache, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

function publicPackages() {
  const dirs = ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')))
      .map((entry) => join(parent, entry.name)),
  );
  return dirs
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name, manifest }));
}

/** Every file a manifest points at (exports, main, types, bin): the tarball must contain each. */
function pointedFiles(manifest) {
  const files = new Set();
  const walk = (value) => {
    if (typeof value === 'string') files.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  if (manifest.main) walk(manifest.main);
  if (manifest.types) walk(manifest.types);
  return [...files];
}

function packAll(packages, tarballs) {
  step(`pack ${packages.length} public packages with pnpm pack`);
  rmSync(tarballs, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  for (const pkg of packages) {
    const out = run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, pkg.dir), what: `${pkg.name}: pnpm pack` });
    const file = out.trim().split('\n').filter((line) => line.endsWith('.tgz')).at(-1);
    if (!file) fail(`${pkg.name}: pnpm pack printed no tarball name`);
    pkg.tarball = join(tarballs, file.split('/').at(-1));
    const listing = run('tar', ['-tzf', pkg.tarball], { what: `${pkg.name}: list tarball` }).split('\n').map((f) => f.replace(/^package\//, ''));
    const packed = JSON.parse(run('tar', ['-xzOf', pkg.tarball, 'package/package.json'], { what: `${pkg.name}: read packed package.json` }));
    const text = JSON.stringify(packed);
    if (/workspace:|catalog:|link:|file:/.test(text)) fail(`${pkg.name}: packed package.json still has a workspace/link range: ${text.match(/"[^"]*":"(workspace|catalog|link|file):[^"]*"/)?.[0]}`);
    const missing = pointedFiles(packed).filter((file) => !listing.includes(file));
    if (missing.length > 0) fail(`${pkg.name}: package.json points at files not in the tarball: ${missing.join(', ')}`);
    const tests = listing.filter((file) => /\.test\.(ts|js)$|\.test-helper\./.test(file));
    if (tests.length > 0) fail(`${pkg.name}: tarball ships test files: ${tests.slice(0, 5).join(', ')}`);
    if (pkg.name === '@nnlab/backend-native') {
      const needed = ['binding.gyp', 'scripts/build-addon.mjs', 'native/addon.cc'];
      const absent = needed.filter((file) => !listing.includes(file));
      if (absent.length > 0) fail(`${pkg.name}: the install-time build needs ${absent.join(', ')} in the tarball`);
      if (listing.some((file) => file.endsWith('.node'))) fail(`${pkg.name}: tarball ships a prebuilt .node file built on this machine`);
    }
    for (const field of ['description', 'license', 'repository', 'engines', 'files', 'sideEffects', 'keywords']) {
      if (packed[field] === undefined) fail(`${pkg.name}: package.json has no "${field}"`);
    }
    ok(`${pkg.name}: ${listing.filter(Boolean).length} files, no workspace ranges, every entry point present`);
  }
}

/** Every installed copy of `name` under a node_modules tree. */
function installedCopies(nodeModules, name, found = []) {
  if (!existsSync(nodeModules)) return found;
  const manifest = join(nodeModules, name, 'package.json');
  if (existsSync(manifest)) found.push({ path: relative(work, dirname(manifest)), version: JSON.parse(readFileSync(manifest, 'utf8')).version });
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin') continue;
    const scoped = entry.name.startsWith('@') ? readdirSync(join(nodeModules, entry.name)).map((n) => join(entry.name, n)) : [entry.name];
    for (const pkg of scoped) installedCopies(join(nodeModules, pkg, 'node_modules'), name, found);
  }
  return found;
}

function install(project, packages, { env = {}, namespace = [] } = {}) {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'nnlab-user-project', private: true, type: 'module' }, null, 2)}\n`);
  const specs = [...packages.map((pkg) => pkg.tarball), TFJS_CORE];
  const [command, ...prefix] = namespace.length > 0 ? namespace : ['npm'];
  const args = [...prefix, ...(namespace.length > 0 ? ['npm'] : []), 'install', ...npmArgs, '--foreground-scripts', ...specs];
  const output = run(command, args, { cwd: project, env, what: `npm install of ${packages.map((p) => p.name).join(', ')}`, timeoutMs: 600_000 });
  return output;
}

/** Packages `code` imports that the install line `pattern` finds in `readme` leaves out. */
function readmeInstallGaps(code, readme, pattern) {
  const line = readme.match(pattern)?.[1] ?? '';
  const installed = new Set(line.split(/\s+/));
  const imported = [...code.matchAll(/from '(@[^/']+\/[^/']+)/g)].map((m) => m[1]);
  return [...new Set(imported)].filter((name) => !installed.has(name));
}

/** The first fenced ```ts block of a README: the package's example, by convention. */
function readmeExample(pkg) {
  const readme = readFileSync(join(root, pkg.dir, 'README.md'), 'utf8');
  const match = readme.match(/^```ts\n([\s\S]*?)^```/m);
  return match?.[1];
}

/** The package names on a README's first `npm i` line (versions dropped). */
function readmeInstallLine(pkg) {
  const readme = readFileSync(join(root, pkg.dir, 'README.md'), 'utf8');
  const line = readme.split('\n').find((text) => /^(sudo )?npm i(nstall)? /.test(text.trim()) || /^npm i /.test(text.trim()));
  if (line === undefined) fail(`${pkg.name}: README.md has no \`npm i\` line`);
  return line.trim().split(/\s+/).slice(2).filter((word) => !word.startsWith('-')).map((word) => word.replace(/(.)@[^/]*$/, '$1'));
}

/** `names` and every workspace package they depend on at run time, from the manifests (never a stale list). */
function workspaceClosure(byName, names, seen = new Set()) {
  for (const name of names) {
    if (seen.has(name) || !byName.has(name)) continue;
    seen.add(name);
    workspaceClosure(byName, Object.keys(byName.get(name).manifest.dependencies ?? {}), seen);
  }
  return seen;
}

/** Packages the example imports that the README's own `npm i` line leaves out (a user copying both would fail). */
function uninstalledImports(pkg, code) {
  const installed = new Set(readmeInstallLine(pkg));
  const imported = [...code.matchAll(/(?:from|import)\s+'([^'.][^']*)'/g)].map((m) => m[1]).filter((spec) => !spec.startsWith('node:'));
  const names = imported.map((spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(names)].filter((name) => !installed.has(name));
}

function writeTsconfigs(project) {
  const common = { target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, skipLibCheck: false, types: ['node'] };
  const node16 = { compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16', outDir: 'out', rootDir: '.' }, include: ['examples', 'train.ts'] };
  const bundler = { compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['examples', 'train.ts', 'web'] };
  writeFileSync(join(project, 'tsconfig.node16.json'), `${JSON.stringify(node16, null, 2)}\n`);
  writeFileSync(join(project, 'tsconfig.bundler.json'), `${JSON.stringify(bundler, null, 2)}\n`);
}

/**
 * tsc with skipLibCheck off, so nnlab's own .d.ts files are checked as a user's
 * strict project sees them. tfjs' own declarations do not compile without
 * skipLibCheck (they use Emscripten's and Long's global types without
 * depending on them); those errors are counted, not failed on.
 */
function typecheck(project, resolution, what) {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync('node', [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: project, encoding: 'utf8' });
  const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
  const upstream = errors.filter((line) => line.startsWith('node_modules/@tensorflow/'));
  const ours = errors.filter((line) => !upstream.includes(line));
  if (ours.length > 0 || (result.status !== 0 && errors.length === 0)) {
    console.error(ours.join('\n') || `${result.stdout}${result.stderr}`);
    fail(`tsc (moduleResolution ${resolution}) over ${what}: ${ours.length} errors`);
  }
  ok(`${resolution}: ${what} type-check with skipLibCheck off${upstream.length > 0 ? ` (${upstream.length} errors inside tfjs' own .d.ts ignored: ${[...new Set(upstream.map((line) => line.match(/TS\d+: (.*)/)?.[1]))].join('; ')})` : ''}`);
}

/** Hides oneDNN (headers and library) from what `command` sees, in a private mount namespace. */
function withoutOneDnn() {
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']);
  if (probe.status !== 0) return undefined;
  const empty = join(work, 'empty-include');
  mkdirSync(empty, { recursive: true });
  const lib = '/usr/lib/x86_64-linux-gnu/libdnnl.so.2';
  const hideLib = existsSync(lib) ? `mount --bind /dev/null "$(readlink -f ${lib})" && ` : '';
  // A tmpfs over /usr/include: no dnnl.hpp anywhere the install script looks (nor any other header).
  return (inner) => ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs none /usr/include && ${hideLib}exec "$@"`, 'sh', ...inner];
}

/** A free loopback port (bind port 0 in a child Node, read what the OS gave, release it). */
function freePort() {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(run(process.execPath, ['-e', script], { cwd: root, what: 'find a free loopback port', stdoutOnly: true }).trim());
}

/**
 * A throw-away `redis-server` on a free loopback port (no persistence, its own directory), for the
 * README's queue example; stopped when this script exits, failed or not. Returns its URL.
 */
function startRedis() {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) fail('redis-server is not installed (tools/setup.sh installs it; apt-get install redis-server)');
  const port = freePort();
  const dir = join(work, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // unref: a running child keeps Node's event loop alive, so without it this script would never
  // reach 'exit' after its last check and would hang until CI's timeout killed it.
  child.unref();
  process.on('exit', () => child.kill('SIGTERM'));
  // 'exit' does not run when a signal ends this script (Ctrl-C, a CI timeout): stop the server then too.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(1));
  const ping = "const s=require('net').connect(Number(process.argv[1]),'127.0.0.1');s.on('connect',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));s.on('error',()=>process.exit(1))";
  for (let attempt = 0; attempt < 100; attempt++) {
    if (spawnSync(process.execPath, ['-e', ping, String(port)], { timeout: 2000 }).status === 0) return `redis://127.0.0.1:${port}`;
    spawnSync('sleep', ['0.1']);
  }
  fail(`redis-server on port ${port} did not answer PING within 10 s`);
}

/** A README's fenced block with an info string, such as ```` ```ts queue ````; undefined when it has none. */
function readmeBlock(pkg, info) {
  const readme = readFileSync(join(root, pkg.dir, 'README.md'), 'utf8');
  return readme.match(new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\``, 'm'))?.[1];
}

function main() {
  const packages = publicPackages();
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  console.log(`verify-packages: ${packages.length} public packages; project in ${work}; npm cache ${relative(root, npmCache)}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  if (work.startsWith(root)) fail(`NNLAB_VERIFY_DIR must lie outside the workspace (${root})`);

  step('build the packages (turbo, cached)');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only', ...packages.map((pkg) => `--filter=${pkg.name}`)], { cwd: root, what: 'turbo build', timeoutMs: 1_200_000 });
  ok('dist/ up to date');

  packAll(packages, join(work, 'tarballs'));

  const app = join(work, 'app');
  step('npm install every tarball + @tensorflow/tfjs-core into a fresh project outside the workspace');
  const installLog = install(app, packages);
  const nativeLine = installLog.split('\n').find((line) => line.startsWith('@nnlab/backend-native:'));
  ok(`installed (${nativeLine ?? 'no line from the native build'})`);
  run('npm', ['install', ...npmArgs, '--no-save', ...TOOLS], { cwd: app, what: 'npm install of the TypeScript/Vite tools' });
  ok(`tools for the checks: ${TOOLS.join(', ')}`);

  step('exactly one @tensorflow/tfjs-core, no @tensorflow/tfjs-node, peers satisfied');
  const cores = installedCopies(join(app, 'node_modules'), '@tensorflow/tfjs-core');
  if (cores.length !== 1) fail(`expected one @tensorflow/tfjs-core, found ${cores.length}: ${cores.map((c) => `${c.path}@${c.version}`).join(', ')}`);
  ok(`one @tensorflow/tfjs-core (${cores[0].version}) at ${cores[0].path}`);
  if (installedCopies(join(app, 'node_modules'), '@tensorflow/tfjs-node').length > 0) fail('@tensorflow/tfjs-node got installed (it is an optional peer)');
  ok('@tensorflow/tfjs-node not installed (optional peer of @nnlab/backend-tfjs-node)');
  run('npm', ['ls', '--all', '--omit=dev'], { cwd: app, what: 'npm ls (invalid or missing dependencies)' });
  ok('npm ls: no missing, invalid or extraneous dependency');

  step('plain Node ESM: import every package (named exports, nothing registered on import)');
  copyFileSync(join(fixtures, 'imports.mjs'), join(app, 'imports.mjs'));
  // Every entry point: the package and its code subpaths (`@nnlab/datasets/node`, ...), not data files.
  const entryPoints = packages.flatMap((pkg) => {
    const exportsMap = JSON.parse(readFileSync(join(root, pkg.dir, 'package.json'), 'utf8')).exports ?? {};
    return Object.entries(exportsMap)
      .filter(([subpath, target]) => typeof target === 'object' && target !== null && 'import' in target && subpath !== '.')
      .map(([subpath]) => `${pkg.name}${subpath.slice(1)}`)
      .concat(pkg.name);
  });
  run('node', ['imports.mjs', ...entryPoints], { cwd: app, what: 'imports.mjs', quiet: false });

  step('TypeScript: README examples and the training run, tsc --noEmit with node16 and bundler resolution');
  mkdirSync(join(app, 'examples'), { recursive: true });
  const examples = [];
  for (const pkg of packages) {
    const code = readmeExample(pkg);
    if (code === undefined) {
      if (pkg.name === '@nnlab/cli') continue; // its README example is shell; the CLI step runs the CLI
      fail(`${pkg.name}: README.md has no \`\`\`ts example`);
    }
    const missing = uninstalledImports(pkg, code);
    if (missing.length > 0) fail(`${pkg.name}: README example imports ${missing.join(', ')}, which its \`npm i\` line does not install`);
    const file = `${pkg.name.replace('@nnlab/', '')}.ts`;
    writeFileSync(join(app, 'examples', file), `// From ${pkg.dir}/README.md (first \`\`\`ts block).\n${code}\nexport {};\n`);
    examples.push({ pkg, file });
    // A second example that needs a Redis (```ts queue): run with NNLAB_QUEUE_URL pointing at a throw-away redis-server.
    const queueCode = readmeBlock(pkg, 'ts queue');
    if (queueCode !== undefined) {
      const missingQueue = uninstalledImports(pkg, queueCode);
      if (missingQueue.length > 0) fail(`${pkg.name}: README queue example imports ${missingQueue.join(', ')}, which its \`npm i\` line does not install`);
      const queueFile = file.replace(/\.ts$/, '-queue.ts');
      writeFileSync(join(app, 'examples', queueFile), `// From ${pkg.dir}/README.md (the \`\`\`ts queue block).\n${queueCode}\nexport {};\n`);
      examples.push({ pkg, file: queueFile, redis: true });
    }
  }
  copyFileSync(join(fixtures, 'train.ts'), join(app, 'train.ts'));
  mkdirSync(join(app, 'web'), { recursive: true });
  copyFileSync(join(fixtures, 'web', 'index.html'), join(app, 'web', 'index.html'));
  // The page is the root README's browser example (its ```ts browser block, trained through fit), plus one line
  // that hands its history to browser-check.mjs.
  const browserExample = readFileSync(join(root, 'README.md'), 'utf8').match(/^```ts browser\n([\s\S]*?)^```/m)?.[1];
  if (browserExample === undefined) fail('README.md has no ```ts browser block (the browser example)');
  const missingInstall = readmeInstallGaps(browserExample, readFileSync(join(root, 'README.md'), 'utf8'), /^npm i (@nnlab\/backend-webgl .*)$/m);
  if (missingInstall.length > 0) fail(`README.md: the browser example imports ${missingInstall.join(', ')}, which the browser \`npm i\` line does not install`);
  writeFileSync(
    join(app, 'web', 'main.ts'),
    `// From README.md (the \`\`\`ts browser block).\n${browserExample}\n` +
      `(window as unknown as { nnlabResult: unknown }).nnlabResult = { backend: tf.getBackend(), simd: false, losses: history.epochs.map((e) => e.loss) };\nexport {};\n`,
  );
  writeTsconfigs(app);
  typecheck(app, 'bundler', `${examples.length} README examples + train.ts + web/main.ts`);
  typecheck(app, 'node16', `${examples.length} README examples + train.ts (compiled to out/)`);

  step('run each README example (compiled by tsc, plain node)');
  let redisUrl;
  for (const { pkg, file, redis } of examples) {
    if (BROWSER_ONLY.has(pkg.name)) {
      ok(`${pkg.name}: browser-only, type-checked above (the page below runs in Chromium)`);
      continue;
    }
    if (redis === true) redisUrl ??= startRedis();
    const t0 = Date.now();
    run('node', [join('out', 'examples', file.replace(/\.ts$/, '.js'))], {
      cwd: app,
      what: `${pkg.name}: README ${redis === true ? 'queue ' : ''}example (${pkg.dir}/README.md)`,
      ...(redis === true ? { env: { NNLAB_QUEUE_URL: redisUrl } } : {}),
    });
    ok(`${pkg.name}: README ${redis === true ? `queue example ran against a fresh redis-server (${redisUrl})` : 'example ran'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  for (const name of ALONE) {
    step(`${name} alone: npm install of its README's \`npm i\` line (tarballs and their dependencies) in a fresh project, then its README example`);
    const pkg = byName.get(name);
    const example = examples.find((e) => e.pkg === pkg);
    if (pkg === undefined || example === undefined) fail(`${name}: not a public package with a README example`);
    const wanted = [...workspaceClosure(byName, readmeInstallLine(pkg))].map((n) => byName.get(n));
    const alone = join(work, `alone-${name.replace('@nnlab/', '')}`);
    install(alone, wanted);
    run('npm', ['ls', '--all', '--omit=dev'], { cwd: alone, what: `${name} alone: npm ls` });
    // Every example of the README: the first ```ts block, and a ```ts queue block against the throw-away redis-server.
    for (const { file, redis } of examples.filter((e) => e.pkg === pkg)) {
      const script = file.replace(/\.ts$/, '.js');
      copyFileSync(join(app, 'out', 'examples', script), join(alone, script));
      if (redis === true) redisUrl ??= startRedis();
      const t0 = Date.now();
      const out = run('node', [script], { cwd: alone, what: `${name} alone: README ${redis === true ? 'queue ' : ''}example`, ...(redis === true ? { env: { NNLAB_QUEUE_URL: redisUrl } } : {}) });
      ok(`${name}: installed with ${wanted.length} tarballs (${wanted.map((p) => p.name.replace('@nnlab/', '')).join(', ')}), README ${redis === true ? 'queue ' : ''}example ran (${((Date.now() - t0) / 1000).toFixed(1)} s): ${out.trim().split('\n').at(-1)}`);
    }
  }

  step('20-step training run (datasets + layers + optimizers + trainers) on cpu, wasm and native');
  for (const backend of ['cpu', 'wasm', 'native']) {
    const out = run('node', [join('out', 'train.js'), backend], { cwd: app, what: `training on ${backend} (train.ts)`, stdoutOnly: true });
    const result = JSON.parse(out.trim().split('\n').at(-1));
    ok(`${backend}: ${result.steps} steps, loss ${result.first.toFixed(3)} -> ${result.last.toFixed(3)}, no tensor leaked (tfjs backend '${result.tfjsBackend}')`);
  }

  step('packed CLI: npx nnlab --help, npx nnlab bench --quick');
  const help = run('npx', ['--no-install', 'nnlab', '--help'], { cwd: app, what: '@nnlab/cli: npx nnlab --help' });
  for (const command of ['train', 'bench', 'backends']) if (!help.includes(command)) fail(`@nnlab/cli: --help does not list "${command}"`);
  ok('nnlab --help lists train, bench, backends');
  const t0 = Date.now();
  const bench = run('npx', ['--no-install', 'nnlab', 'bench', '--quick', '--json'], { cwd: app, what: '@nnlab/cli: npx nnlab bench --quick', stdoutOnly: true });
  const report = JSON.parse(bench.trim().split('\n').at(-1));
  const measured = new Set((report.results ?? []).filter((row) => row.available && row.samplesPerSec > 0).map((row) => row.backend));
  for (const backend of ['cpu', 'wasm', 'native']) if (!measured.has(backend)) fail(`@nnlab/cli: nnlab bench --quick measured nothing on ${backend}`);
  ok(`nnlab bench --quick: ${report.results.length} rows, measured on ${[...measured].join(', ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  step('@nnlab/backend-native without oneDNN: the install succeeds, probe() explains, nothing crashes');
  const hide = withoutOneDnn();
  if (hide === undefined) fail('unshare --mount is not available, so oneDNN cannot be hidden (run as root on Linux)');
  const bare = join(work, 'no-onednn');
  // backend-native and the workspace packages it depends on at run time, from its manifest (never a stale list).
  const nativeOnly = [...workspaceClosure(byName, ['@nnlab/backend-native'])].map((name) => byName.get(name));
  const bareLog = install(bare, nativeOnly, { namespace: hide([]) });
  const skipped = bareLog.split('\n').find((line) => line.includes('native addon not built'));
  if (!skipped) fail('@nnlab/backend-native: the install without oneDNN did not print why the addon was not built');
  ok(`install without oneDNN headers exits 0: "${skipped.trim().slice(0, 160)}..."`);
  copyFileSync(join(fixtures, 'native-unavailable.mjs'), join(bare, 'native-unavailable.mjs'));
  const [unshare, ...probeArgs] = hide(['node', 'native-unavailable.mjs', 'not built']);
  const probed = run(unshare, probeArgs, { cwd: bare, what: '@nnlab/backend-native: probe without oneDNN', stdoutOnly: true });
  ok(`probe(): ${JSON.parse(probed.split('\n')[0]).reason.slice(0, 120)}...; activate() rejects with BackendUnavailableError`);
  copyFileSync(join(fixtures, 'native-unavailable.mjs'), join(app, 'native-unavailable.mjs'));
  const [, ...libGoneArgs] = hide(['node', 'native-unavailable.mjs', 'oneDNN shared library is missing']);
  const lib = run(unshare, libGoneArgs, { cwd: app, what: '@nnlab/backend-native: probe with the addon built but libdnnl.so.2 gone', stdoutOnly: true });
  ok(`addon built, libdnnl.so.2 removed later: ${JSON.parse(lib.split('\n')[0]).reason.slice(0, 100)}...`);

  if (skipBrowser) {
    step('browser (skipped: --skip-browser)');
  } else {
    step('browser: vite build of the README browser example (fit on wasm) from the installed tarballs, trained in headless Chromium');
    run('node', [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--outDir', '../web-dist', '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: app,
      what: 'vite build of web/ from the installed tarballs',
    });
    const assets = readdirSync(join(app, 'web-dist', 'assets'));
    const wasm = assets.filter((file) => file.endsWith('.wasm'));
    if (wasm.length === 0) fail(`vite build emitted no .wasm asset (assets: ${assets.join(', ')})`);
    ok(`vite build: ${wasm.length} .wasm assets emitted by the bundler (${wasm.join(', ')})`);
    const digits = assets.filter((file) => /^mnist-10k.*\.bin$/.test(file));
    if (digits.length !== 1) fail(`vite build did not emit @nnlab/datasets' embedded digits as one asset (assets: ${assets.join(', ')})`);
    ok(`vite build: the embedded MNIST digits emitted from @nnlab/datasets by new URL(..., import.meta.url), no plugin (${digits[0]})`);
    copyFileSync(join(fixtures, 'browser-check.mjs'), join(app, 'browser-check.mjs'));
    run('node', ['browser-check.mjs', 'web-dist'], { cwd: app, what: 'browser page in headless Chromium (browser-check.mjs)', quiet: false });
  }

  if (!keep) rmSync(work, { recursive: true, force: true });
  console.log(`\nverify-packages: all checks passed for ${packages.length} packages in ${((Date.now() - started) / 1000).toFixed(0)} s${keep ? ` (project kept in ${work})` : ''}`);
}

try {
  main();
} catch (error) {
  fail(error instanceof Error ? error.stack ?? error.message : String(error));
}
