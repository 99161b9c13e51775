import { numpy as np, nn, jit, valueAndGrad, init, defaultDevice, random, tree } from '@jax-js/jax';
const devices = await init('wasm');
console.log('devices', devices, defaultDevice());
const B = 64;
const rnd = (n, s) => { const a = new Float32Array(n); let x = s; for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; a[i] = (x / 2147483648 - 0.5) * s; } return a; };
let params = {
  w1: np.array(rnd(784 * 300, 0.1)).reshape([784, 300]), b1: np.zeros([300]),
  w2: np.array(rnd(300 * 10, 0.1)).reshape([300, 10]), b2: np.zeros([10]),
};
const x = np.array(rnd(B * 784, 1)).reshape([B, 784]);
const yIdx = np.array(new Int32Array(B).map((_, i) => i % 10), { dtype: np.int32 });
function loss(p, x, y) {
  const h = nn.relu(np.matmul(x, p.w1.ref).add(p.b1.ref));
  const logits = np.matmul(h, p.w2.ref).add(p.b2.ref);
  const logp = nn.logSoftmax(logits, -1);
  return nn.oneHot(y, 10).mul(logp).sum(-1).mean().neg();
}
function adamStep(p, m, v, t, x, y) {
  const [value, g] = valueAndGrad(loss)(p, x, y);
  const b1 = 0.9, b2 = 0.999, lr = 1e-3, eps = 1e-8;
  const c1 = np.power(b1, t.ref).neg().add(1), c2 = np.sqrt(np.power(b2, t).neg().add(1));
  const newP = {}, newM = {}, newV = {};
  for (const k of Object.keys(p)) {
    const gk = g[k];
    newM[k] = m[k].mul(b1).add(gk.ref.mul(1 - b1));
    newV[k] = v[k].mul(b2).add(gk.ref.mul(gk).mul(1 - b2));
    newP[k] = p[k].sub(newM[k].ref.div(c1.ref).mul(lr).div(np.sqrt(newV[k].ref).div(c2.ref).add(eps)));
  }
  c1.dispose(); c2.dispose();
  return [value, newP, newM, newV];
}
let m = tree.map((a) => np.zerosLike(a.ref), params), v = tree.map((a) => np.zerosLike(a.ref), params);
const mode = process.argv[2] ?? 'jit';
const step = mode === 'jit' ? jit(adamStep) : adamStep;
let t = 1;
const run = () => { const [val, p2, m2, v2] = step(params, m, v, np.array(t++), x.ref, yIdx.ref); params = p2; m = m2; v = v2; const l = val.dataSync()[0]; return l; };
for (let i = 0; i < 3; i++) console.log('loss', run());
for (let r = 0; r < 3; r++) { const t0 = performance.now(); let n = 0; while (performance.now() - t0 < 1500) { run(); n++; } const ms = (performance.now() - t0) / n; console.log(mode, 'step ms', ms.toFixed(2), 'samples/s', (B * 1000 / ms).toFixed(0)); }
console.log('loss', run());
