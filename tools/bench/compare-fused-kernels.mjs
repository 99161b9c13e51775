// CPU time per training step with nnlab's fused layer kernels (FUSED_KERNELS.batchNormTrain,
// .reluGrad, .softmaxCrossEntropy) registered and unregistered, interleaved in one process, for
// docs/BENCHMARKS.md.
//
//   node tools/bench/compare-fused-kernels.mjs [workload=cnn3] [threads=1] [rounds=6] [kernels=batchNormTrain,reluGrad,softmaxCrossEntropy]
//
// `kernels` names FUSED_KERNELS keys: the ones toggled (their gradient kernels go with them).
//
// Rounds alternate which mode goes first. CPU time (user + system) rather than wall time, so a loaded machine still gives a fair
// comparison; with threads=1 it is also the single-core cost. Uses the built packages.
import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNELS } from '../../packages/core/dist/index.js';
import { nnlabVariant, selectWorkloads } from '../../packages/bench/dist/index.js';
import { nativeBackend } from '../../packages/backend-native/dist/index.js';

const [workloadName = 'cnn3', threadsText = '1', roundsText = '6', kernelsText = 'batchNormTrain,reluGrad,softmaxCrossEntropy'] = process.argv.slice(2);
const info = await nativeBackend.activate({ threads: Number(threadsText) });
const [workload] = selectWorkloads([workloadName]);
const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
const names = kernelsText.split(',').map((key) => {
  if (!(key in FUSED_KERNELS)) throw new Error(`kernels must name FUSED_KERNELS keys (${Object.keys(FUSED_KERNELS).join(', ')}), got ${key}`);
  return FUSED_KERNELS[key];
});
const configs = names.map((name) => tf.getKernel(name, 'native'));
const use = (fused) => {
  names.forEach((name, i) => {
    if (tf.getKernel(name, 'native') !== undefined) tf.unregisterKernel(name, 'native');
    if (fused) tf.registerKernel(configs[i]);
  });
};
runner.step();
runner.step();
const cpuMs = { fused: [], elementwise: [] };
for (let round = 0; round < Number(roundsText); round++) {
  // ABBA order: whichever mode runs first in a round measured ~15% slower on cnn.
  for (const mode of round % 2 === 0 ? ['fused', 'elementwise'] : ['elementwise', 'fused']) {
    use(mode === 'fused');
    runner.step(); // the first step of a mode warms its shapes
    const started = process.cpuUsage();
    for (let i = 0; i < 3; i++) runner.step();
    const used = process.cpuUsage(started);
    cpuMs[mode].push((used.user + used.system) / 3000);
  }
}
use(true);
runner.dispose();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const [fused, elementwise] = [median(cpuMs.fused), median(cpuMs.elementwise)];
console.log(`native (threads ${info.threads}) ${workload.name} batch ${workload.batchSize}, CPU ms per step, median of ${roundsText} rounds of 3 steps:`);
console.log(`  fused kernels ${fused.toFixed(1)}, elementwise ${elementwise.toFixed(1)}: ${(elementwise / fused).toFixed(2)}x less CPU`);
