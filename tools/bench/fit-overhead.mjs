// Where fit's time goes beside the bare step, for docs/BENCHMARKS.md: the same training step as
// `bare` (read back with dataSync, as the bench's nnlab row), `masked` (fit's step: finiteness check
// and masked update, dataSync), `maskedAsync` (the same, read with await data()) and `fit` (an epoch
// of stepsPerRound steps), taking turns round by round. Prints wall and CPU time per step (CPU time
// of this process: much steadier than wall time on a shared machine) and their ratios to `bare`.
//
//   node tools/bench/fit-overhead.mjs [backend=native] [workload=mlp] [rounds=21] [stepsPerRound=40]
//   VARIANTS=bare,fit node tools/bench/fit-overhead.mjs wasm cnn
//
// Backends: native, wasm, cpu; THREADS=2 for two threads (default 1). Uses the built packages (`pnpm build` first).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../packages/core/dist/index.js';
import { buildModel } from '../../packages/models/dist/index.js';
import { createOptimizer } from '../../packages/optimizers/dist/index.js';
import { createTrainStep, fit } from '../../packages/trainers/dist/index.js';
import { randomBatch, selectWorkloads } from '../../packages/bench/dist/index.js';
import { cpuBackend } from '../../packages/backend-cpu/dist/index.js';
import { wasmBackend } from '../../packages/backend-wasm/dist/index.js';
import { nativeBackend } from '../../packages/backend-native/dist/index.js';

const [backendName = 'native', workloadName = 'mlp', roundsText = '21', stepsText = '40'] = process.argv.slice(2);
const providers = { wasm: wasmBackend, cpu: cpuBackend, native: nativeBackend };
await providers[backendName].activate({ threads: Number(process.env.THREADS ?? 1) });
const [workload] = selectWorkloads([workloadName]);
const N = Number(stepsText);

function setup() {
  const model = buildModel(workload.model, { rng: new Rng(0) });
  const optimizer = createOptimizer(workload.optimizer.name, model, workload.optimizer.options);
  const { x, y } = randomBatch(workload, workload.batchSize, 1);
  return { model, optimizer, x, y };
}
const variants = {
  bare() {
    const s = setup(); const step = createTrainStep(s.model, s.optimizer);
    return async () => { for (let i = 0; i < N; i++) { const v = step(s.x, s.y); v.dataSync(); v.dispose(); } };
  },
  masked() {
    const s = setup(); const step = createTrainStep(s.model, s.optimizer, undefined, { skipNonFinite: true });
    return async () => { for (let i = 0; i < N; i++) { const v = step(s.x, s.y); v.dataSync(); v.dispose(); } };
  },
  maskedAsync() {
    const s = setup(); const step = createTrainStep(s.model, s.optimizer, undefined, { skipNonFinite: true });
    return async () => { for (let i = 0; i < N; i++) { const v = step(s.x, s.y); await v.data(); v.dispose(); } };
  },
  fit() {
    const s = setup();
    const train = { numBatches: N, *[Symbol.iterator]() { for (let i = 0; i < N; i++) yield { x: tf.clone(s.x), y: tf.clone(s.y), size: workload.batchSize }; } };
    return async () => { await fit(s.model, s.optimizer, { train, epochs: 1 }); };
  },
};
const only = process.env.VARIANTS?.split(',') ?? Object.keys(variants);
const runs = Object.fromEntries(only.map((name) => [name, variants[name]()]));
for (const run of Object.values(runs)) await run();
const times = Object.fromEntries(only.map((n) => [n, []]));
const cpu = Object.fromEntries(only.map((n) => [n, []]));
for (let r = 0; r < Number(roundsText); r++) {
  for (const [name, run] of Object.entries(runs)) {
    const c0 = process.cpuUsage(); const t0 = performance.now(); await run(); const c = process.cpuUsage(c0); times[name].push((performance.now() - t0) / N); cpu[name].push((c.user + c.system) / 1000 / N);
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const base = med(times[only[0]]);
const cbase = med(cpu[only[0]]);
const min = (a) => Math.min(...a);
for (const name of only) console.log(`${backendName} ${workloadName} ${name.padEnd(12)} wall ${med(times[name]).toFixed(3)} ms/step (min ${min(times[name]).toFixed(3)}) ratio ${(base / med(times[name])).toFixed(3)} | cpu ${med(cpu[name]).toFixed(3)} ms/step (min ${min(cpu[name]).toFixed(3)}) ratio ${(cbase / med(cpu[name])).toFixed(3)} minratio ${(min(cpu[only[0]]) / min(cpu[name])).toFixed(3)}`);
console.log(`numTensors ${tf.memory().numTensors}  load ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
