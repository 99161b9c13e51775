import { FUSED_KERNELS } from '@nnlab/core';
import * as tf from '@tensorflow/tfjs-core';
import { savedAt, single } from './unbroadcast.js';
import { fromInput, fromOutput } from './unary-gradients.js';

/** Gradients of the activation kernels and of `ClipByValue`. */

// The SELU constants of Klambauer et al. (2017), as tfjs uses them.
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

const mask = (condition: tf.Tensor): tf.Tensor => tf.cast(condition, 'float32');

export const activationGradientConfigs: readonly tf.GradConfig[] = [
  {
    // One fused pass where the backend registers FUSED_KERNELS.reluGrad (native), else dy * (x > 0).
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0, tf.Relu);
      const g = single(dy);
      if (x.dtype === 'float32' && g.dtype === 'float32' && tf.getKernel(FUSED_KERNELS.reluGrad, tf.getBackend()) !== undefined) {
        return { x: () => tf.engine().runKernel(FUSED_KERNELS.reluGrad, { dy: g, x }) as tf.Tensor };
      }
      return { x: () => tf.mul(g, mask(tf.greater(x, 0))) };
    },
  },
  // Like TensorFlow's Relu6Grad: the gradient passes only strictly inside (0, 6).
  fromInput(tf.Relu6, (x) => mask(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 6)))),
  {
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.LeakyRelu);
      const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
      const g = single(dy);
      return { x: () => tf.where(tf.greater(x, 0), g, tf.mul(g, alpha)) };
    },
  },
  // For x <= 0, elu(x) = e^x - 1, so the derivative e^x equals y + 1.
  fromOutput(tf.Elu, (y) => tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1))),
  fromInput(tf.Selu, (x) => tf.where(tf.greater(x, 0), tf.fill(x.shape, SELU_SCALE), tf.mul(tf.exp(x), SELU_SCALE_ALPHA))),
  fromOutput(tf.Sigmoid, (y) => tf.mul(y, tf.sub(1, y))),
  fromOutput(tf.Tanh, (y) => tf.sub(1, tf.square(y))),
  fromInput(tf.Softplus, (x) => tf.sigmoid(x)),
  {
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = savedAt(saved, 0, tf.Softmax);
      const { dim } = attrs as unknown as tf.SoftmaxAttrs;
      const g = single(dy);
      // Jacobian-vector product of softmax: y * (dy - sum(dy * y)).
      return { logits: () => tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true))) };
    },
  },
  {
    kernelName: tf.ClipByValue,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0, tf.ClipByValue);
      const { clipValueMin, clipValueMax } = attrs as unknown as tf.ClipByValueAttrs;
      const inside = tf.logicalAnd(tf.greaterEqual(x, clipValueMin), tf.lessEqual(x, clipValueMax));
      return { x: () => tf.mul(single(dy), mask(inside)) };
    },
  },
];
