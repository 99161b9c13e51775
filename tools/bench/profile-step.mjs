// Where a training step's time goes, kernel by kernel (tf.profile), for docs/BENCHMARKS.md.
//
//   node tools/bench/profile-step.mjs [backend=wasm] [workload=mlp-deep] [steps=5] [threads=1] [clock=wall|cpu]
//
// clock=cpu times each kernel by the process's CPU time (user + system) instead of the wall clock:
// on a loaded machine a kernel's wall time includes the time it waited for a core, its CPU time
// does not (use threads=1 with it; a team of threads also counts its waiting spins). On native,
// Conv2DBackpropInput's output is computed when first read, so its time shows in the next kernel.
//
// Backends: wasm, wasm-stock, cpu, native. Runs the step `nnlab bench` times (nnlabVariant) after two
// warm-up steps, profiles `steps` steps and prints the median step time (unprofiled), then the
// kernel time summed over the profiled steps, per kernel name and per kernel + input shapes.
// Uses the built packages (`pnpm build` first).
import * as tf from '@tensorflow/tfjs-core';
import { nnlabVariant, selectWorkloads } from '../../packages/bench/dist/index.js';
import { cpuBackend } from '../../packages/backend-cpu/dist/index.js';
import { wasmBackend, wasmStockBackend } from '../../packages/backend-wasm/dist/index.js';
import { nativeBackend } from '../../packages/backend-native/dist/index.js';

const [backendName = 'wasm', workloadName = 'mlp-deep', stepsText = '5', threadsText = '1', clock = 'wall'] = process.argv.slice(2);
const providers = { wasm: wasmBackend, 'wasm-stock': wasmStockBackend, cpu: cpuBackend, native: nativeBackend };
const provider = providers[backendName];
if (provider === undefined) throw new Error(`backend must be one of ${Object.keys(providers).join(', ')}, got ${backendName}`);
const info = await provider.activate({ threads: Number(threadsText) });
const [workload] = selectWorkloads([workloadName]);
if (clock === 'cpu') {
  const backend = tf.engine().backend;
  backend.time = async (f) => {
    const started = process.cpuUsage();
    f();
    const used = process.cpuUsage(started);
    return { kernelMs: (used.user + used.system) / 1000 };
  };
} else if (clock !== 'wall') {
  throw new Error(`clock must be wall or cpu, got ${clock}`);
}
const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
runner.step();
runner.step();

const steps = Number(stepsText);
const times = [];
for (let i = 0; i < steps; i++) {
  const started = performance.now();
  runner.step();
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const byName = new Map();
const byShape = new Map();
let total = 0;
let kernels = 0;
for (let i = 0; i < steps; i++) {
  const profile = await tf.profile(() => void runner.step());
  for (const kernel of profile.kernels) {
    const ms = await kernel.kernelTimeMs;
    if (typeof ms !== 'number') continue;
    total += ms;
    kernels += 1;
    byName.set(kernel.name, (byName.get(kernel.name) ?? 0) + ms);
    const key = `${kernel.name} ${JSON.stringify(kernel.inputShapes)}`;
    byShape.set(key, (byShape.get(key) ?? 0) + ms);
  }
}
runner.dispose();
const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
console.log(`${backendName} (threads ${info.threads}, ${clock} clock) ${workload.name} batch ${workload.batchSize}: median step ${times[times.length >> 1].toFixed(1)} ms; ` +
  `${kernels / steps} kernels per step, ${(total / steps).toFixed(1)} ms kernel time per profiled step`);
for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${pct(ms)}  ${(ms / steps).toFixed(2).padStart(9)} ms  ${name}`);
console.log('  by input shapes:');
for (const [key, ms] of [...byShape].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${pct(ms)}  ${(ms / steps).toFixed(2).padStart(9)} ms  ${key}`);
