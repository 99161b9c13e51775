import * as jax from '@jax-js/jax';
await jax.init('wasm');
const { numpy: np, lax } = jax;
const x = np.ones([64, 1, 28, 28]), w = np.ones([16, 1, 5, 5]), h = np.ones([64, 16, 24, 24]);
const f = jax.jit((a, b) => lax.conv(a, b, [1, 1], 'VALID'));
const p = jax.jit((a) => np.max(a.reshape([64, 16, 12, 2, 12, 2]), [3, 5]));
for (let r = 0; r < 3; r++) {
  let t = performance.now(); f(x.ref, w.ref).dataSync(); console.log('conv fwd', (performance.now() - t).toFixed(1));
  t = performance.now(); p(h.ref).dataSync(); console.log('pool fwd', (performance.now() - t).toFixed(1));
}
