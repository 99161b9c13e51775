// nnlab's wasm kernels against stock tfjs-backend-wasm on the same training step, interleaved.
//
//   node tools/bench/wasm-vs-stock.mjs [workload=mlp-deep] [rounds=6] [seconds=4] [threads=1]
//
// `nnlab bench --backend wasm,wasm-stock` times the two backends in separate cells, one after the
// other, so on a busy machine their ratio mixes in whatever else ran meanwhile. `wasm` and
// `wasm-stock` share one BackendWasm instance (see packages/backend-wasm/README.md), so here the
// same model, optimizer state and batch alternate between the two kernel sets round by round
// (`tf.setBackend` between rounds, no copies) and the ratio of medians is fair.
// Uses the built packages (`pnpm build` first).
import * as tf from '@tensorflow/tfjs-core';
import { nnlabVariant, selectWorkloads } from '../../packages/bench/dist/index.js';
import { wasmBackend, wasmStockBackend } from '../../packages/backend-wasm/dist/index.js';

const [workloadName = 'mlp-deep', roundsText = '6', secondsText = '4', threadsText = '1'] = process.argv.slice(2);
const info = await wasmBackend.activate({ threads: Number(threadsText) });
await wasmStockBackend.activate();
const [workload] = selectWorkloads([workloadName]);
await tf.setBackend('wasm');
const runner = await nnlabVariant.create(workload, { seed: 0, batchSize: workload.batchSize });
const times = { wasm: [], 'wasm-stock': [] };
for (let round = 0; round < Number(roundsText); round++) {
  for (const backend of round % 2 === 0 ? ['wasm', 'wasm-stock'] : ['wasm-stock', 'wasm']) {
    await tf.setBackend(backend);
    await runner.step(); // warm-up: operator caches of this kernel set
    const started = performance.now();
    let steps = 0;
    do {
      await runner.step();
      steps += 1;
    } while (performance.now() - started < Number(secondsText) * 1000);
    times[backend].push((performance.now() - started) / steps);
  }
}
runner.dispose();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const [ours, stock] = [median(times.wasm), median(times['wasm-stock'])];
const perSecond = (ms) => ((workload.batchSize * 1000) / ms).toFixed(0);
console.log(`${workload.name} batch ${workload.batchSize}, ${info.threads} thread(s), ${roundsText} interleaved rounds of ${secondsText}s:`);
console.log(`  wasm        ${ours.toFixed(1).padStart(8)} ms/step  ${perSecond(ours).padStart(6)} samples/s  (rounds: ${times.wasm.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  wasm-stock  ${stock.toFixed(1).padStart(8)} ms/step  ${perSecond(stock).padStart(6)} samples/s  (rounds: ${times['wasm-stock'].map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  wasm / wasm-stock: ${(stock / ours).toFixed(2)}x`);
