// CPU time per training step of nnlab on wasm (1 thread) and the jax-js peer (jit, 1 thread), in one
// process, round by round in ABBA order, for docs/BENCHMARKS.md. On a shared, loaded machine the
// process's CPU time (user + system) is steadier than wall time; both sides run on one thread, so
// the ratio of CPU times is the ratio of their single-core speeds.
//
//   node tools/bench/wasm-vs-jax-cpu.mjs [workloads=mlp,mlp-deep,cnn] [rounds=6] [seconds=1.5] [wasm build=packages/backend-wasm/dist/index.js]
//
// The last argument runs another build of @nnlab/backend-wasm (e.g. an older commit's, compiled elsewhere):
// jax-js, measured in the same process, is the yardstick that makes two such runs comparable.
// Uses the built packages (`pnpm build` first) and the optional @jax-js/jax.
import { jaxJsPeer, nnlabVariant, selectWorkloads } from '../../packages/bench/dist/index.js';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [names = 'mlp,mlp-deep,cnn', roundsText = '6', secondsText = '1.5', build = 'packages/backend-wasm/dist/index.js'] = process.argv.slice(2);
const { wasmBackend } = await import(pathToFileURL(path.resolve(build)).href);
const seconds = Number(secondsText);
await wasmBackend.activate({ threads: 1 });
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
for (const workload of selectWorkloads(names.split(','))) {
  const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
  // Warm-up: a second of steps, so V8 has tiered the wasm kernels up from its baseline compiler.
  for (const started = performance.now(); performance.now() - started < 1000; ) runner.step();
  const options = { seconds, batchSize: workload.batchSize, seed: 0 };
  await jaxJsPeer.measure(workload, { ...options, seconds: 0.2 }); // builds, compiles and warms the jax-js step
  const times = { nnlab: [], jax: [] };
  const measure = {
    nnlab: () => {
      const [started, wall] = [cpuMs(), performance.now()];
      let steps = 0;
      do {
        runner.step();
        steps += 1;
      } while (performance.now() - wall < seconds * 1000);
      return (cpuMs() - started) / steps;
    },
    jax: async () => {
      const started = cpuMs();
      const [run] = await jaxJsPeer.measure(workload, options);
      return (cpuMs() - started) / run.steps;
    },
  };
  for (let round = 0; round < Number(roundsText); round++) {
    for (const side of round % 2 === 0 ? ['nnlab', 'jax'] : ['jax', 'nnlab']) times[side].push(await measure[side]());
  }
  runner.dispose();
  const [ours, theirs] = [median(times.nnlab), median(times.jax)];
  console.log(`${workload.name} (batch ${workload.batchSize}): CPU ms per step, median of ${roundsText} rounds: nnlab wasm ${ours.toFixed(2)}, jax-js jit ${theirs.toFixed(2)}: wasm ${(theirs / ours).toFixed(2)}x jax-js`);
}
await jaxJsPeer.dispose?.();
