#!/usr/bin/env node
// `pnpm soak`: long-run leak check (issues 10 and 26). Trains a small MLP and a small CNN for 10,000
// steps on every Node backend that is available here (cpu, wasm, native) with the public APIs (`fit`,
// Adam, a shuffling DataLoader, a checkpoint every 2,500 steps) and records, every 500 steps after a
// forced GC: tf.memory() numTensors and numBytes, V8's used heap, `external` (ArrayBuffer backing
// stores), the live bytes of the C allocator (glibc mallinfo2 through the native addon: what is
// allocated and not freed, whoever allocated it) and, beside them, the RSS. The bar is live memory:
// passes when tensors and bytes are exactly flat after warm-up (the first sample) and the used heap,
// `external` and malloc's live bytes each grow less than LIVE_SLACK over the last 9,000 steps. The
// RSS growth is reported, not judged: it also holds what malloc and V8 freed but kept.
//
//   pnpm soak [--steps 10000] [--every 500] [--backends cpu,wasm,native] [--models mlp,cnn] [--out FILE]
//
// Each backend × model runs in its own child process (a fresh engine and heap), one after another.
// Not a CI test (it takes many minutes); CI runs packages/checkpoint/src/soak.test.ts (1,000 steps).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '10000' },
    every: { type: 'string', default: '500' },
    backends: { type: 'string', default: 'cpu,wasm,native' },
    models: { type: 'string', default: 'mlp,cnn' },
    out: { type: 'string' },
    child: { type: 'string' },
  },
});
const steps = Number(values.steps);
const every = Number(values.every);
if (!Number.isInteger(steps) || !Number.isInteger(every) || every < 1 || steps < 2 * every) {
  console.error(`soak: --steps (${values.steps}) and --every (${values.every}) must be integers with steps >= 2 * every`);
  process.exit(2);
}
// "The last 9,000 steps": from step 1,000 of the default 10,000, later in a longer run.
const rssFromStep = Math.max(1000, steps - 9000);
// Live memory may grow this much over the window: the per-epoch history `fit` returns (~200 bytes an
// epoch) and V8's late optimised code (~0.5 MB over 9,000 steps, issue 10's heap-snapshot diff).
const LIVE_SLACK = 2 * 2 ** 20;

if (values.child !== undefined) {
  const [backendName, modelName] = values.child.split(':');
  process.stdout.write(`${JSON.stringify(await soakOne(backendName, modelName))}\n`);
  process.exit(0);
}

const rows = [];
for (const backend of values.backends.split(',')) {
  for (const model of values.models.split(',')) {
    process.stderr.write(`soak: ${backend} ${model} ${steps} steps ...\n`);
    const text = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', `${backend}:${model}`, '--steps', String(steps), '--every', String(every)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    const row = JSON.parse(text.trim().split('\n').pop());
    rows.push(row);
    // Written after every row, not only at the end: the rows finished so far survive a later one failing.
    writeOut();
    process.stderr.write(`soak: ${backend} ${model} ${row.skipped ? `skipped: ${row.skipped}` : `${row.pass ? 'ok' : 'FAIL'} (${row.seconds.toFixed(0)} s)`}\n`);
  }
}
const mb = (bytes) => (bytes / 1e6).toFixed(2);
const signed = (bytes) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
const table = [
  `| backend | model | steps | ms/step | numTensors | numBytes | heap used, growth (MB) | external, growth (MB) | malloc live, growth (MB) | RSS at ${rssFromStep.toLocaleString('en-US')} / end (MB), growth | result |`,
  '| --- | --- | ---: | ---: | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) =>
    r.skipped
      ? `| ${r.backend} | ${r.model} | - | - | - | - | - | - | - | - | skipped: ${r.skipped} |`
      : `| ${r.backend} | ${r.model} | ${r.steps.toLocaleString('en-US')} | ${r.msPerStep.toFixed(1)} | ${r.tensorsFlat ? `${r.numTensors} (flat)` : `${r.tensorsRange} (NOT flat)`} | ` +
        `${r.bytesFlat ? `${r.numBytes.toLocaleString('en-US')} (flat)` : `${r.bytesRange} (NOT flat)`} | ` +
        ['heapUsed', 'external', 'mallocInUse'].map((k) => (r.live[k] === null ? 'n/a' : `${mb(r.live[k].end)}, ${signed(r.live[k].growth)}${r.live[k].flat ? '' : ' (NOT flat)'}`)).join(' | ') +
        ` | ${mb(r.rssStart)} / ${mb(r.rssEnd)}, ${(r.rssGrowth * 100).toFixed(2)}% | ${r.pass ? 'pass' : 'FAIL'} |`,
  ),
].join('\n');
console.log(table);
writeOut();
process.exit(rows.every((r) => r.skipped || r.pass) ? 0 : 1);

/** Writes the rows so far to `--out`, when given. */
function writeOut() {
  if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify({ date: new Date().toISOString(), steps, every, rows }, null, 1)}\n`);
}

/** One backend × model run, in this (child) process. */
async function soakOne(backendName, modelName) {
  // The workspace packages' own builds (packages/<name>/dist), and the one tfjs-core they all resolve to.
  const load = (name, entry = 'index') => import(pathToFileURL(join(root, 'packages', name, `dist/${entry}.js`)).href);
  const tf = await import(pathToFileURL(join(root, 'packages/trainers/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js')).href);
  const { Rng } = await load('core');
  const { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } = await load('layers');
  const { buildModel, parseModelSpec } = await load('models');
  const { adam } = await load('optimizers');
  const { DataLoader, subset } = await load('datasets');
  // File-system code sits behind the packages' /node entry points.
  const { loadMnist10k } = await load('datasets', 'node');
  const { fit } = await load('trainers');
  const { checkpointCallback } = await load('checkpoint', 'node');
  const provider = {
    cpu: async () => (await load('backend-cpu')).cpuBackend,
    wasm: async () => (await load('backend-wasm')).wasmBackend,
    native: async () => (await load('backend-native')).nativeBackend,
  }[backendName];
  if (provider === undefined) return { backend: backendName, model: modelName, skipped: 'unknown backend' };
  // The C allocator's live bytes come from the native addon whatever backend trains (it reports the whole process).
  const addon = (await load('backend-native')).loadNativeAddon();
  const mallocInUse = () => (addon.ok ? (addon.addon.mallocStats?.()?.inUse ?? null) : null);
  const backend = await provider();
  const probe = await backend.probe();
  if (!probe.available) return { backend: backendName, model: modelName, skipped: probe.reason ?? 'not available' };
  await backend.activate({});

  const rng = new Rng(0);
  const cnn = modelName === 'cnn';
  // Small enough that cpu finishes 10,000 CNN steps in reasonable time: 8 filters, batch 16.
  const model = cnn
    ? new Sequential(new Conv2d(1, 8, 3, { rng: rng.fork('conv') }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(13 * 13 * 8, 10, { rng: rng.fork('linear') }))
    : buildModel(parseModelSpec('mlp:784-128-10,dropout=0.1'), { rng: rng.fork('model') });
  const optimizer = adam(model, { learningRate: 1e-3 });
  const data = await loadMnist10k();
  const train = subset(data, Array.from({ length: 1024 }, (_, i) => i));
  const loader = new DataLoader(train, { batchSize: cnn ? 16 : 32, shuffle: true, rng: rng.fork('shuffle'), ...(cnn ? {} : { flatten: true }) });
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-soak-'));
  const samples = [];
  // A forced GC only queues dead typed arrays: V8 frees their backing stores on a background
  // sweeper thread, so `external` and RSS read right after gc() still hold several MB of garbage
  // (±10 MB between samples on cpu). Let the sweeper finish, then collect again, then read.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  const sample = async (step) => {
    globalThis.gc?.();
    await settle();
    globalThis.gc?.();
    await settle();
    const memory = tf.memory();
    const usage = process.memoryUsage();
    // Committed V8 heap per space: tells a young-generation resize or code-space growth from a native (malloc) one.
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
    const row = { step, numTensors: memory.numTensors, numBytes: memory.numBytes, rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, mallocInUse: mallocInUse(), spaces };
    samples.push(row);
    // One line per sample on stderr (the parent passes it through): a run of an hour shows where it is,
    // and a failed or interrupted run still leaves its samples in a log.
    process.stderr.write(`soak-sample ${backendName}:${modelName} ${JSON.stringify({ ...row, spaces: undefined })}\n`);
  };
  const started = performance.now();
  try {
    await fit(model, optimizer, {
      train: loader,
      epochs: Math.ceil(steps / loader.numBatches) + 1,
      callbacks: [
        checkpointCallback(dir, { everySteps: 2500, rngs: { shuffle: loader } }),
        {
          // fit reads each step's numbers up to two steps late, and those steps' small result tensors are
          // alive until read. A sample asks fit to settle first, so every sample counts the same tensors
          // (a checkpoint step settles anyway; without this it counted 2 fewer than the others).
          settleAt: (globalStep) => globalStep % every === 0,
          async onBatchEnd(log, context) {
            if (log.globalStep % every === 0) await sample(log.globalStep);
            if (log.globalStep >= steps) context.stop('soak done');
          },
        },
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  // Warm-up: the first sample (kernels compiled, optimizer moments created, first checkpoint written).
  const steady = samples.slice(1);
  const tensors = new Set(steady.map((s) => s.numTensors));
  const bytes = new Set(steady.map((s) => s.numBytes));
  const startRss = samples.find((s) => s.step >= rssFromStep) ?? samples[0];
  const endRss = samples[samples.length - 1];
  const rssGrowth = (endRss.rss - startRss.rss) / startRss.rss;
  // Live memory over the same window: the growth from its start to the end, and the largest value in it.
  const live = Object.fromEntries(
    ['heapUsed', 'external', 'mallocInUse'].map((key) => {
      if (endRss[key] === null || startRss[key] === null) return [key, null];
      const window = samples.filter((s) => s.step >= startRss.step).map((s) => s[key]);
      const growth = endRss[key] - startRss[key];
      return [key, { start: startRss[key], end: endRss[key], growth, max: Math.max(...window), flat: growth < LIVE_SLACK }];
    }),
  );
  return {
    backend: backendName,
    model: modelName,
    parameters: model.numParameters(),
    steps: endRss.step,
    seconds,
    msPerStep: (seconds * 1000) / endRss.step,
    numTensors: steady[0].numTensors,
    numBytes: steady[0].numBytes,
    tensorsFlat: tensors.size === 1,
    bytesFlat: bytes.size === 1,
    tensorsRange: `${Math.min(...tensors)}-${Math.max(...tensors)}`,
    bytesRange: `${Math.min(...bytes)}-${Math.max(...bytes)}`,
    rssStartStep: startRss.step,
    rssStart: startRss.rss,
    rssEnd: endRss.rss,
    rssGrowth,
    live,
    pass: tensors.size === 1 && bytes.size === 1 && Object.values(live).every((v) => v === null || v.flat),
    samples,
  };
}
