// Median wall and CPU time of native training steps, for interleaved A/B runs of two addon builds
// (NNLAB_NATIVE_ADDON=path selects one) or thread settings.
//
//   node tools/bench/native-step-time.mjs [workload=mlp-deep] [threads=2] [steps=10] [adaptive=true]
//
// Prints one line: workload, threads, median step ms (wall), median CPU ms per step, the addon path.
import { nnlabVariant, selectWorkloads } from '../../packages/bench/dist/index.js';
import { nativeBackend } from '../../packages/backend-native/dist/index.js';

const [workloadName = 'mlp-deep', threadsText = '2', stepsText = '10', adaptiveText = 'true'] = process.argv.slice(2);
const info = await nativeBackend.activate({ threads: Number(threadsText), adaptiveThreads: adaptiveText === 'true' });
const [workload] = selectWorkloads([workloadName]);
const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
for (let i = 0; i < 3; i++) runner.step();
const wall = [];
const cpu = [];
for (let i = 0; i < Number(stepsText); i++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  runner.step();
  const used = process.cpuUsage(cpuStarted);
  wall.push(performance.now() - started);
  cpu.push((used.user + used.system) / 1000);
}
runner.dispose();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`${workload.name} threads ${info.threads} adaptive ${adaptiveText}: wall ${median(wall).toFixed(1)} ms (best ${Math.min(...wall).toFixed(1)}), cpu ${median(cpu).toFixed(1)} ms, ${process.env.NNLAB_NATIVE_ADDON ?? 'default addon'}`);
