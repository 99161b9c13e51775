// Measures sweeps for docs/SCALE.md. Needs redis-server and a built CLI (pnpm build).
// Usage: node tools/queue-scale.mjs [sleep|tiny|strategies] [ms-per-trial] [workers,...]
//   sleep:      one redis-server on loopback, K bare BullMQ worker processes whose trials sleep MS ms
//               (the queue's own cost, no CPU), N trials;
//   tiny:       the same with real `nnlab worker` processes, each trial training mlp:784-16-10 on 512
//               examples for 1 epoch on cpu (trials differ in lr, so each worker loads the data once);
//   strategies: local `nnlab sweep` runs (2 worker processes) of grid, random and ASHA over a small
//               lr x width space: epochs trained, best test accuracy, wall time.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'apps/cli/dist/bin.js');
const { QueueExecutor } = await import(pathToFileURL(join(root, 'apps/cli/dist/queue/queue-executor.js')).href);
const { createTrial } = await import(pathToFileURL(join(root, 'packages/trainers/dist/index.js')).href);
const mode = process.argv[2] ?? 'sleep';
const sleepMs = Number(process.argv[3] ?? 100);
const workerCounts = (process.argv[4] ?? '1,2,4,8').split(',').map(Number);

// The sleep worker: a bare BullMQ worker in its own process (the same queue and lock settings as nnlab worker).
const sleepWorker = `
const { Worker } = (await import('node:module')).createRequire(${JSON.stringify(join(root, 'apps/cli/package.json'))})('bullmq');
const { queueConnection, QUEUE_NAME } = await import(${JSON.stringify(pathToFileURL(join(root, 'apps/cli/dist/queue/queue-connection.js')).href)});
const w = new Worker(QUEUE_NAME, async () => { await new Promise((r) => setTimeout(r, ${sleepMs})); return { history: [] }; },
  { connection: queueConnection(process.argv[1]), name: 'sleep-' + process.pid, lockDuration: 30000 });
await w.waitUntilReady(); console.log('waiting for trials');
process.on('SIGTERM', () => w.close().then(() => process.exit(0)));`;

const freePort = () => new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const ready = (child) => new Promise((resolve) => { let out = ''; child.stdout.on('data', (c) => { out += c; if (out.includes('waiting for trials')) resolve(); }); });
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function measure(workers, trials) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-scale-'));
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => redis.stdout.on('data', (c) => String(c).includes('Ready to accept') && resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const children = Array.from({ length: workers }, () =>
    mode === 'sleep'
      ? spawn(process.execPath, ['--input-type=module', '-e', sleepWorker, url], { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(process.execPath, [bin, 'worker', '--queue', url], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const spawned = performance.now();
  await Promise.all(children.map(ready));
  const startSeconds = (performance.now() - spawned) / 1000;
  const base = { model: 'mlp:784-16-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 64, optimizer: 'adam', seed: 0, normalize: true, limit: 512 };
  const list = Array.from({ length: trials }, (_, index) => createTrial(base, { lr: +(1e-3 * (1 + index / 100)).toPrecision(4) }, { sweepId: `scale${workers}`, index }));
  const started = performance.now();
  const results = await new QueueExecutor({ url, pollMs: 1000 }).run(list, () => {});
  const seconds = (performance.now() - started) / 1000;
  const busy = results.reduce((sum, r) => sum + r.seconds, 0);
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  const failed = results.filter((r) => r.status !== 'completed').length;
  // A worker's first trial loads the dataset; the others reuse it. Epoch seconds are training steps only (no evaluation).
  const byWorker = new Map();
  for (const r of results) byWorker.set(r.worker, [...(byWorker.get(r.worker) ?? []), r]);
  const firsts = [...byWorker.values()].map((rs) => rs[0].seconds);
  const later = [...byWorker.values()].flatMap((rs) => rs.slice(1).map((r) => r.seconds));
  const epochSeconds = results.flatMap((r) => r.history.map((h) => h.seconds));
  return {
    workers, trials, failed, load: +loadavg()[0].toFixed(1), seconds: +seconds.toFixed(2), perMinute: Math.round((trials / seconds) * 60), meanTrialSeconds: +(busy / trials).toFixed(3),
    ...(mode === 'tiny' ? { workerStartSeconds: +startSeconds.toFixed(2), firstTrialSeconds: +mean(firsts).toFixed(3), laterTrialSeconds: +mean(later).toFixed(3), trainSeconds: +mean(epochSeconds).toFixed(3) } : {}),
  };
}

// Local sweeps of one small space with each strategy: what they cost (epochs) and what they found.
async function strategies() {
  const common = ['--model', 'mlp:784-{hidden}-10', '--limit', '2000', '--batch-size', '50', '--backend', 'cpu', '--workers', '2', '--no-progress', '--json'];
  const grid = ['--grid', 'lr=3e-4,1e-3,3e-3,1e-2', '--grid', 'hidden=8,32,128'];
  const space = ['--space', 'lr=loguniform:3e-4:1e-2', '--space', 'hidden=choice:8|32|128', '--trials', '12'];
  const runs = [
    ['grid', [...grid, '--epochs', '9']],
    ['random', ['--strategy', 'random', ...space, '--epochs', '9']],
    ['asha (grid)', ['--strategy', 'asha', ...grid, '--max-epochs', '9', '--reduction', '3']],
    ['asha (random)', ['--strategy', 'asha', ...space, '--max-epochs', '9', '--reduction', '3']],
  ];
  for (const [name, args] of runs) {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'sweep', ...common, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    await new Promise((resolve) => child.once('exit', resolve));
    const summary = JSON.parse(out.trim().split('\n').pop());
    console.log(JSON.stringify({
      strategy: name, configurations: summary.total, epochsTrained: summary.epochsTrained, best: summary.best?.parameters,
      bestTestAccuracy: summary.best?.value, load: +loadavg()[0].toFixed(1), wallSeconds: +((performance.now() - started) / 1000).toFixed(1),
    }));
  }
}

if (mode === 'strategies') await strategies();
else {
  for (const workers of workerCounts) {
    const trials = mode === 'sleep' ? Math.max(40, workers * 25) : Math.max(12, workers * 6);
    console.log(JSON.stringify({ mode, sleepMs: mode === 'sleep' ? sleepMs : undefined, ...(await measure(workers, trials)) }));
  }
}
