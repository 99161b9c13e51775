import type * as Jax from '@jax-js/jax';
import { Rng } from '@nnlab/core';
import { parseModelSpec } from '@nnlab/models';
import { firstConvChannels, JAXJS_CONVNET } from './recipe-model.js';
import type { Workload } from './workloads.js';

type JaxModule = typeof Jax;
type JaxArray = Jax.Array;
/** Parameters or optimizer state: arrays by name. */
type Tree = Record<string, JaxArray>;

/**
 * A workload written in jax-js: parameters, the forward pass and loss, the
 * optimizer. jax-js' ownership rules apply throughout: every function
 * consumes its array arguments, so each array is used exactly once (or
 * `.ref`'d first).
 */
interface JaxTraining {
  params: Tree;
  state: Tree;
  /** Mean softmax cross-entropy of `p` on the batch (consumes everything it is given). */
  loss(p: Tree, x: JaxArray, y: JaxArray): JaxArray;
  /** The model's outputs (logits) for the batch (consumes everything it is given). */
  logits(p: Tree, x: JaxArray): JaxArray;
  /** One optimizer update (consumes everything): returns the new parameters and state. */
  update(p: Tree, grads: Tree, state: Tree, hyper: JaxArray[]): [Tree, Tree];
  /** Per-step scalars handed to `update` as arrays (so a jit-compiled step is not retraced). */
  hyper(step: number): number[];
  /** Shape of the input batch (NCHW for the CNN, jax-js' convolution layout). */
  inputShape(batchSize: number): number[];
}

/** Why the jax-js peer cannot train `workload`, or undefined when it can. */
export function jaxUnsupportedReason(workload: Workload): string | undefined {
  if (workload.model === JAXJS_CONVNET) return workload.optimizer.name === 'adam' ? undefined : 'the jax-js peer trains jaxjs-convnet with adam only';
  const spec = parseModelSpec(workload.model);
  if (spec.kind === 'mlp' && (spec.batchNorm || spec.dropout > 0)) return 'the jax-js peer writes MLPs without batch norm or dropout';
  if (spec.kind === 'cnn' && spec.name !== 'cnn') return `the jax-js peer writes only the "cnn" CNN, not "${spec.name}"`;
  const { name, options } = workload.optimizer;
  if (!['adam', 'adagrad', 'sgd'].includes(name)) return `the jax-js peer writes adam, adagrad and sgd, not ${name}`;
  const known = new Set(['learningRate', 'momentum', 'weightDecay']);
  const extra = Object.keys(options).filter((key) => !known.has(key) || (key === 'weightDecay' && name !== 'sgd' && options[key] !== 0));
  return extra.length > 0 ? `the jax-js peer does not implement ${name} option(s) ${extra.join(', ')}` : undefined;
}

/** PyTorch's default init for Linear and Conv weights and biases: uniform(+-1/sqrt(fanIn)). */
function uniformArray(jax: JaxModule, rng: Rng, shape: number[], fanIn: number): JaxArray {
  const bound = 1 / Math.sqrt(fanIn);
  const size = shape.reduce((a, b) => a * b, 1);
  return jax.numpy.array(Float32Array.from(rng.uniformArray(size, -bound, bound))).reshape(shape);
}

function mlpModel(jax: JaxModule, sizes: readonly number[], activation: string, rng: Rng): Pick<JaxTraining, 'params' | 'loss' | 'logits' | 'inputShape'> {
  const { numpy: np, nn } = jax;
  const params: Tree = {};
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i] as number, sizes[i + 1] as number];
    params[`w${i}`] = uniformArray(jax, rng, [fanIn, fanOut], fanIn);
    params[`b${i}`] = uniformArray(jax, rng, [fanOut], fanIn);
  }
  function logits(p: Tree, x: JaxArray): JaxArray {
    let h = x;
    for (let i = 0; i + 1 < sizes.length; i++) {
      h = np.matmul(h, p[`w${i}`] as JaxArray).add(p[`b${i}`] as JaxArray);
      if (i + 2 < sizes.length) h = act(h);
    }
    return h;
  }
  const act = (h: JaxArray): JaxArray => {
    if (activation === 'relu') return nn.relu(h);
    if (activation === 'leaky_relu') return nn.leakyRelu(h, 0.01);
    if (activation === 'tanh') return np.tanh(h);
    return nn.sigmoid(h);
  };
  return {
    params,
    inputShape: (batchSize) => [batchSize, sizes[0] as number],
    logits,
    loss: (p, x, y) => crossEntropy(jax, logits(p, x), y, sizes[sizes.length - 1] as number),
  };
}

/** nnlab's `cnn` (conv5x5x16-pool-conv3x3x32-pool-128-10; `first` 24: `jaxjs-convnet`) in NCHW with OIHW filters. */
function cnnModel(jax: JaxModule, rng: Rng, first = 16): Pick<JaxTraining, 'params' | 'loss' | 'logits' | 'inputShape'> {
  const { numpy: np, nn, lax } = jax;
  const params: Tree = {
    c0: uniformArray(jax, rng, [first, 1, 5, 5], 25),
    cb0: uniformArray(jax, rng, [1, first, 1, 1], 25),
    c1: uniformArray(jax, rng, [32, first, 3, 3], first * 9),
    cb1: uniformArray(jax, rng, [1, 32, 1, 1], first * 9),
    w0: uniformArray(jax, rng, [800, 128], 800),
    b0: uniformArray(jax, rng, [128], 800),
    w1: uniformArray(jax, rng, [128, 10], 128),
    b1: uniformArray(jax, rng, [10], 128),
  };
  function logits(p: Tree, x: JaxArray): JaxArray {
    const batch = x.shape[0] as number;
    let h = pool(nn.relu(lax.conv(x, p.c0 as JaxArray, [1, 1], 'VALID').add(p.cb0 as JaxArray)));
    h = pool(nn.relu(lax.conv(h, p.c1 as JaxArray, [1, 1], 'VALID').add(p.cb1 as JaxArray)));
    h = nn.relu(np.matmul(h.reshape([batch, 800]), p.w0 as JaxArray).add(p.b0 as JaxArray));
    return np.matmul(h, p.w1 as JaxArray).add(p.b1 as JaxArray);
  }
  /** 2x2 max pool, stride 2, as a reshape and a max over the window axes. */
  const pool = (h: JaxArray): JaxArray => {
    const [n, c, height, width] = h.shape as [number, number, number, number];
    return np.max(h.reshape([n, c, height / 2, 2, width / 2, 2]), [3, 5]);
  };
  return {
    params,
    inputShape: (batchSize) => [batchSize, 1, 28, 28],
    logits,
    loss: (p, x, y) => crossEntropy(jax, logits(p, x), y, 10),
  };
}

function crossEntropy(jax: JaxModule, logits: JaxArray, labels: JaxArray, classes: number): JaxArray {
  const { nn } = jax;
  return nn.oneHot(labels, classes).mul(nn.logSoftmax(logits, -1)).sum(-1).mean().neg();
}

type Optimizer = Pick<JaxTraining, 'state' | 'update' | 'hyper'>;

/** Adam as PyTorch computes it, bias corrections folded into per-step scalars. */
function adamOptimizer(jax: JaxModule, params: Tree, learningRate: number): Optimizer {
  const { numpy: np } = jax;
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const state: Tree = {};
  for (const [name, p] of Object.entries(params)) {
    state[`m.${name}`] = np.zeros(p.shape);
    state[`v.${name}`] = np.zeros(p.shape);
  }
  return {
    state,
    hyper: (step) => {
      const correction2 = Math.sqrt(1 - beta2 ** step);
      return [(learningRate * correction2) / (1 - beta1 ** step), epsilon * correction2];
    },
    update(p, grads, s, [rate, eps]) {
      const nextP: Tree = {};
      const nextS: Tree = {};
      for (const name of Object.keys(p)) {
        const g = grads[name] as JaxArray;
        const m = (s[`m.${name}`] as JaxArray).mul(beta1).add(g.ref.mul(1 - beta1));
        const v = (s[`v.${name}`] as JaxArray).mul(beta2).add(g.ref.mul(g).mul(1 - beta2));
        const step = m.ref.div(np.sqrt(v.ref).add((eps as JaxArray).ref)).mul((rate as JaxArray).ref);
        nextP[name] = (p[name] as JaxArray).sub(step);
        nextS[`m.${name}`] = m;
        nextS[`v.${name}`] = v;
      }
      (rate as JaxArray).dispose();
      (eps as JaxArray).dispose();
      return [nextP, nextS];
    },
  };
}

/** Adagrad as PyTorch computes it (no decay, initial sum 0, epsilon 1e-10). */
function adagradOptimizer(jax: JaxModule, params: Tree, learningRate: number): Optimizer {
  const { numpy: np } = jax;
  const state: Tree = {};
  for (const [name, p] of Object.entries(params)) state[name] = np.zeros(p.shape);
  return {
    state,
    hyper: () => [],
    update(p, grads, s) {
      const nextP: Tree = {};
      const nextS: Tree = {};
      for (const name of Object.keys(p)) {
        const g = grads[name] as JaxArray;
        const sum = (s[name] as JaxArray).add(g.ref.mul(g.ref));
        nextP[name] = (p[name] as JaxArray).sub(g.div(np.sqrt(sum.ref).add(1e-10)).mul(learningRate));
        nextS[name] = sum;
      }
      return [nextP, nextS];
    },
  };
}

/**
 * SGD with momentum and L2 weight decay as PyTorch computes it. The buffer
 * starts at zero, so the first step's `momentum * 0 + g` equals PyTorch's
 * buffer-from-the-first-gradient.
 */
function sgdOptimizer(jax: JaxModule, params: Tree, options: Readonly<Record<string, number | boolean>>): Optimizer {
  const { numpy: np } = jax;
  const learningRate = Number(options.learningRate ?? 0.01);
  const momentum = Number(options.momentum ?? 0);
  const weightDecay = Number(options.weightDecay ?? 0);
  const state: Tree = {};
  for (const [name, p] of Object.entries(params)) state[name] = np.zeros(p.shape);
  return {
    state,
    hyper: () => [],
    update(p, grads, s) {
      const nextP: Tree = {};
      const nextS: Tree = {};
      for (const name of Object.keys(p)) {
        const param = p[name] as JaxArray;
        const g = weightDecay === 0 ? (grads[name] as JaxArray) : (grads[name] as JaxArray).add(param.ref.mul(weightDecay));
        const buffer = (s[name] as JaxArray).mul(momentum).add(g);
        nextP[name] = param.sub(buffer.ref.mul(learningRate));
        nextS[name] = buffer;
      }
      return [nextP, nextS];
    },
  };
}

/** The workload's model and optimizer in jax-js, initialised from `seed`. */
export function jaxTraining(jax: JaxModule, workload: Workload, seed: number): JaxTraining {
  const rng = new Rng(seed);
  const spec = workload.model === JAXJS_CONVNET ? undefined : parseModelSpec(workload.model);
  const model = spec?.kind === 'mlp' ? mlpModel(jax, spec.sizes, spec.activation, rng) : cnnModel(jax, rng, firstConvChannels(workload.model));
  const { name, options } = workload.optimizer;
  const learningRate = Number(options.learningRate ?? 1e-3);
  const optimizer =
    name === 'adam'
      ? adamOptimizer(jax, model.params, learningRate)
      : name === 'adagrad'
        ? adagradOptimizer(jax, model.params, learningRate)
        : sgdOptimizer(jax, model.params, options);
  return { ...model, ...optimizer };
}
