import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const SOURCE_DIRECTORIES = ['src', 'vite'];
const SOURCE_FILES = ['index.html', 'bench.html', 'conformance.html', 'soak.html', 'vite.config.ts', 'package.json'];

async function newestIn(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return /\.test(-helper)?\.ts$/.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, await newestIn(join(path, entry)));
  }
  return newest;
}

/** Newest modification time of what the site is built from: the demo's own files and every workspace package's `src/`. */
async function newestSource(demoDir: string): Promise<number> {
  const packagesDir = join(demoDir, '..', '..', 'packages');
  const packages = existsSync(packagesDir) ? await readdir(packagesDir) : [];
  const paths = [
    ...SOURCE_DIRECTORIES.map((d) => join(demoDir, d)),
    ...SOURCE_FILES.map((f) => join(demoDir, f)),
    ...packages.map((p) => join(packagesDir, p, 'src')),
  ];
  const times = await Promise.all(paths.map(newestIn));
  return Math.max(0, ...times);
}

/** Runs `vite build` in `demoDir` with the demo's own Vite. */
async function viteBuild(demoDir: string): Promise<void> {
  let viteBin: string;
  try {
    const packageJson = createRequire(join(demoDir, 'package.json')).resolve('vite/package.json');
    viteBin = join(dirname(packageJson), 'bin', 'vite.js');
  } catch {
    throw new Error(`cannot find Vite for ${demoDir}: run \`pnpm install\` in the repository`);
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'error'], { cwd: demoDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build in ${demoDir} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/** A lock directory (mkdir is atomic) so concurrent callers (test files, CLI runs) build once. */
async function withLock<T>(path: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now());
      // A lock older than the deadline belongs to a crashed builder.
      if (age > 180_000) await rmdir(path).catch(() => {});
      else if (Date.now() > deadline) throw new Error(`timed out waiting for another build of the demo (lock ${path})`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await body();
  } finally {
    await rmdir(path).catch(() => {});
  }
}

/** Options of {@link ensureDemoBuild}. */
export interface EnsureDemoBuildOptions {
  /** The demo app's directory (nnlab's `apps/demo`: the CLI and the demo's own tests know where it is). */
  readonly demoDir: string;
  /** Told before a (re)build starts, e.g. to print "building the bench page...". */
  readonly onBuild?: (reason: string) => void;
}

/**
 * Returns the directory of the built demo site (`<demoDir>/dist`), building
 * it first with the demo's Vite when it is missing or older than any of its
 * sources (the demo's files or a workspace package's `src/`), so pages never
 * run stale code. Concurrent callers build once.
 *
 * @throws Error when the demo's sources are not here (an installed CLI outside this repository) or the build fails.
 * @example
 * const dist = await ensureDemoBuild({ demoDir: '/path/to/nnlab/apps/demo', onBuild: (why) => console.error(`building the demo: ${why}`) });
 */
export async function ensureDemoBuild(options: EnsureDemoBuildOptions): Promise<string> {
  const demoDir = options.demoDir;
  const dist = join(demoDir, 'dist');
  if (!existsSync(join(demoDir, 'vite.config.ts'))) {
    if (existsSync(join(dist, 'bench.html'))) return dist;
    throw new Error(`the demo site is not here (looked in ${demoDir}): it is part of the nnlab repository, not of the installed packages`);
  }
  const built = async (): Promise<number> => (await stat(join(dist, 'bench.html')).catch(() => undefined))?.mtimeMs ?? 0;
  const fresh = async (): Promise<boolean> => (await built()) >= (await newestSource(demoDir));
  if (await fresh()) return dist;
  return withLock(join(demoDir, '.build-lock'), async () => {
    if (await fresh()) return dist; // someone else built it while we waited
    options.onBuild?.((await built()) === 0 ? 'not built yet' : 'sources changed since the last build');
    await viteBuild(demoDir);
    return dist;
  });
}
