import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropyWithLogits, Module } from '@nnlab/layers';

/** A fully connected layer written out by hand: `x W + b`, weight `[in, out]`, bias `[out]`. */
export class HandLinear extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(weight: tf.Tensor2D, bias: tf.Tensor1D) {
    super();
    this.weight = this.registerParameter('weight', weight);
    this.bias = this.registerParameter('bias', bias);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.add(tf.matMul(x as tf.Tensor2D, this.weight as tf.Tensor2D), this.bias);
  }
}

/**
 * ex4's network: input, one sigmoid hidden layer, output units. `forward`
 * returns the output units' pre-sigmoid values (logits); their sigmoid is
 * ex4's hypothesis h, and the cost below works on logits for stability.
 *
 * @example
 * const net = new SigmoidNetwork(new HandLinear(w1, b1), new HandLinear(w2, b2));
 */
export class SigmoidNetwork extends Module {
  readonly hidden: HandLinear;
  readonly output: HandLinear;

  constructor(hidden: HandLinear, output: HandLinear) {
    super();
    this.hidden = this.registerModule('hidden', hidden);
    this.output = this.registerModule('output', output);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.output.forward(tf.sigmoid(this.hidden.forward(x))));
  }
}

/**
 * ex4's unregularised cost: the binary cross-entropy of every output unit
 * against the one-hot targets, summed over units, averaged over examples.
 */
export function ex4Cost(logits: tf.Tensor, oneHotTargets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(binaryCrossEntropyWithLogits(logits, oneHotTargets, { reduction: 'sum' }), logits.shape[0] ?? 1) as tf.Scalar);
}

/** ex4's cost with L2: `ex4Cost + lambda / (2 m) * (sum of squared weights)`, biases excluded. */
export function regularisedCost(network: SigmoidNetwork, x: tf.Tensor, oneHotTargets: tf.Tensor, lambda: number): tf.Scalar {
  return tf.tidy(() => {
    const m = x.shape[0] ?? 1;
    const penalty = tf.add(tf.sum(tf.square(network.hidden.weight)), tf.sum(tf.square(network.output.weight)));
    return tf.add(ex4Cost(network.forward(x), oneHotTargets), tf.mul(lambda / (2 * m), penalty)) as tf.Scalar;
  });
}

/**
 * ex4's `debugInitializeWeights(rows, cols)`: `sin(1..rows*cols) / 10` filled in
 * MATLAB's column-major order, as a row-major `[rows, cols]` array.
 */
export function debugMatrix(rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let k = 0; k < rows * cols; k++) out[(k % rows) * cols + Math.floor(k / rows)] = Math.sin(k + 1) / 10;
  return out;
}

/**
 * A layer from an ex4 `Theta` (`[fanOut, 1 + fanIn]`, bias column first,
 * row-major values): bias = first column, weight = the rest, transposed.
 */
export function layerFromTheta(theta: ArrayLike<number>, fanOut: number, fanIn: number): HandLinear {
  const weight = new Float32Array(fanIn * fanOut);
  const bias = new Float32Array(fanOut);
  for (let o = 0; o < fanOut; o++) {
    bias[o] = theta[o * (fanIn + 1)] as number;
    for (let i = 0; i < fanIn; i++) weight[i * fanOut + o] = theta[o * (fanIn + 1) + 1 + i] as number;
  }
  return new HandLinear(tf.tensor2d(weight, [fanIn, fanOut]), tf.tensor1d(bias));
}
