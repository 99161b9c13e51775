import { createJaxJsPeer } from '../dist/jax-js-peer.js';
import { selectWorkloads } from '../dist/workloads.js';
for (const mode of (process.argv[3] ?? 'jit,eager').split(',')) {
  const peer = createJaxJsPeer(mode);
  console.log(peer.name, await peer.unavailableReason());
  for (const w of selectWorkloads((process.argv[2] ?? 'mlp').split(','))) {
    console.log(w.name, peer.unsupportedReason(w));
    if (peer.unsupportedReason(w)) continue;
    const t = performance.now();
    await peer.measure(w, { seconds: 0, batchSize: w.batchSize, seed: 0 });
    console.log('warmup ms', (performance.now() - t).toFixed(0));
    for (let r = 0; r < 3; r++) console.log(JSON.stringify(await peer.measure(w, { seconds: 2, batchSize: w.batchSize, seed: 0 })));
  }
  await peer.dispose();
}
