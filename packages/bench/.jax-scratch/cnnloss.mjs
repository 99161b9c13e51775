import * as jax from '@jax-js/jax';
import { jaxTraining } from '../dist/jax-js-training.js';
import { selectWorkloads } from '../dist/workloads.js';
await jax.init('wasm');
const w = selectWorkloads(['cnn'])[0];
const training = jaxTraining(jax, w, 0);
const B = 16;
const x = jax.numpy.array(Float32Array.from({ length: B * 784 }, (_, i) => (Math.sin(i * 0.37) + 1) / 2)).reshape(training.inputShape(B));
const y = jax.numpy.array(Int32Array.from({ length: B }, (_, i) => i % 10), { dtype: jax.numpy.int32 });
const step = jax.jit((p, s, xs, ys, hyper) => { const [loss, grads] = jax.valueAndGrad(training.loss)(jax.tree.ref(p), xs, ys); return [loss, ...training.update(p, grads, s, hyper)]; });
let { params, state } = training;
for (let t = 1; t <= 30; t++) { const t0 = performance.now(); const [loss, p, s] = step(params, state, x.ref, y.ref, training.hyper(t).map((v) => jax.numpy.array(v))); params = p; state = s; const l = loss.dataSync()[0]; if (t % 5 === 1) console.log(t, l.toFixed(4), (performance.now() - t0).toFixed(0), 'ms'); }
