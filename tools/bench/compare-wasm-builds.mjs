// CPU time per training step of two builds of @nnlab/backend-wasm (one thread), in alternating child
// processes (ABBA), for docs/BENCHMARKS.md: e.g. this checkout against an older commit's
// packages/backend-wasm compiled elsewhere.
//
//   node tools/bench/compare-wasm-builds.mjs <distA/index.js> <distB/index.js> [workload=cnn] [rounds=4] [steps=5]
//
// Each round runs A then B (B then A in odd rounds); each child activates its build, takes two warm-up
// steps and reports the process's CPU time (user + system) per step over `steps` steps, which on a
// shared, loaded machine is steadier than wall time. Uses the built packages (`pnpm build` first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const [a, b, workloadName = 'cnn', roundsText = '4', stepsText = '5'] = process.argv.slice(2);

if (a === '--child') {
  const tf = await import('@tensorflow/tfjs-core');
  const { wasmBackend } = await import(pathToFileURL(path.resolve(b)).href);
  const { nnlabVariant, selectWorkloads } = await import('../../packages/bench/dist/index.js');
  await wasmBackend.activate({ threads: 1 });
  const [workload] = selectWorkloads([workloadName]);
  const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
  runner.step();
  runner.step();
  const steps = Number(stepsText);
  const started = process.cpuUsage();
  for (let i = 0; i < steps; i++) runner.step();
  const used = process.cpuUsage(started);
  runner.dispose();
  console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000 / steps, tensors: tf.memory().numTensors }));
  process.exit(0);
}

if (a === undefined || b === undefined) throw new Error('usage: compare-wasm-builds.mjs <distA/index.js> <distB/index.js> [workload] [rounds] [steps]');
const self = fileURLToPath(import.meta.url);
const measure = (dist) => {
  const child = spawnSync(process.execPath, [self, '--child', dist, workloadName, '1', stepsText], { encoding: 'utf8', timeout: 600_000 });
  if (child.status !== 0) throw new Error(`${dist}: ${child.stderr || child.stdout}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()).cpuMs;
};
const times = { A: [], B: [] };
for (let round = 0; round < Number(roundsText); round++) {
  for (const which of round % 2 === 0 ? ['A', 'B'] : ['B', 'A']) times[which].push(measure(which === 'A' ? a : b));
  console.log(`round ${round + 1}: A ${times.A.at(-1).toFixed(1)} ms, B ${times.B.at(-1).toFixed(1)} ms`);
}
const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];
const [ma, mb] = [median(times.A), median(times.B)];
console.log(`wasm (1 thread) ${workloadName}, CPU ms per step, median of ${roundsText} rounds of ${stepsText} steps:`);
console.log(`  A ${a}: ${ma.toFixed(1)}\n  B ${b}: ${mb.toFixed(1)}\n  A / B: ${(ma / mb).toFixed(2)}x`);
