import { numpy as np, init, jit } from '@jax-js/jax';
await init('wasm');
const a = np.ones([512, 1200]), b = np.ones([1200, 1200]);
const f = jit((x, y) => np.matmul(x, y));
for (let r = 0; r < 4; r++) { const t = performance.now(); for (let i = 0; i < 5; i++) { const c = f(a.ref, b.ref); c.dataSync(); } console.log('jax-js matmul 512x1200x1200', ((performance.now() - t) / 5).toFixed(1), 'ms'); }
