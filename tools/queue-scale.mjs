// Measures `nnlab sweep --queue` throughput for docs/SCALE.md: one redis-server on loopback,
// K worker processes, N trials. Usage: node tools/queue-scale.mjs [sleep|tiny] [ms-per-trial]
//   sleep: workers are bare BullMQ workers whose trials sleep MS ms (the queue's own cost, no CPU);
//   tiny:  workers are real `nnlab worker` processes training mlp:784-8-10 on 100 examples, 1 epoch.
// Needs redis-server and a built CLI (pnpm build).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'apps/cli/dist/bin.js');
const { QueueExecutor } = await import(pathToFileURL(join(root, 'apps/cli/dist/queue/queue-executor.js')).href);
const { createTrial } = await import(pathToFileURL(join(root, 'packages/trainers/dist/index.js')).href);
const mode = process.argv[2] ?? 'sleep';
const sleepMs = Number(process.argv[3] ?? 100);

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
  await Promise.all(children.map(ready));
  const base = { model: 'mlp:784-8-10', dataset: 'mnist-10k', backend: 'cpu', epochs: 1, batchSize: 50, optimizer: 'adam', seed: 0, normalize: true, limit: 100 };
  const list = Array.from({ length: trials }, (_, index) => createTrial(base, { seed: index }, { sweepId: `scale${workers}`, index }));
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
  return { workers, trials, failed, seconds: +seconds.toFixed(2), perMinute: Math.round((trials / seconds) * 60), meanTrialSeconds: +(busy / trials).toFixed(3) };
}

for (const workers of [1, 2, 4, 8]) {
  const trials = mode === 'sleep' ? Math.max(40, workers * 25) : workers * 6;
  console.log(JSON.stringify({ mode, sleepMs: mode === 'sleep' ? sleepMs : undefined, ...(await measure(workers, trials)) }));
}
