import type { Rng } from '@nnlab/core';
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@nnlab/layers';

/** Options of the lab CNNs ({@link cnn}, {@link cnn2}, {@link cnn3}). */
export interface CnnOptions {
  /** Generator for weight initialisation (and dropout masks in cnn3). */
  readonly rng: Rng;
}

/**
 * The Fashion-MNIST lab's first CNN, for NHWC `[N, 28, 28, 1]` images, 108,874
 * parameters (as PyTorch counts the same network):
 *
 * `0` Conv2d(1, 16, 5) - `1` ReLU - `2` MaxPool2d(2) - `3` Conv2d(16, 32, 3) - `4` ReLU -
 * `5` MaxPool2d(2) - `6` Flatten (5*5*32 = 800) - `7` Linear(800, 128) - `8` ReLU - `9` Linear(128, 10).
 *
 * Convolutions have no padding (28 -> 24 -> 12 -> 10 -> 5). The flattened
 * features are in NHWC (h, w, c) order; see the layers README for mapping
 * `7.weight` to and from PyTorch's (c, h, w) order.
 *
 * @example
 * const model = cnn({ rng: new Rng(0) });
 * model.forward(tf.zeros([64, 28, 28, 1])).shape; // [64, 10]
 */
export function cnn(options: CnnOptions): Sequential {
  const rng = options.rng;
  return new Sequential(
    new Conv2d(1, 16, 5, { rng: rng.fork('conv0') }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { rng: rng.fork('conv3') }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(800, 128, { rng: rng.fork('linear7') }),
    new ReLU(),
    new Linear(128, 10, { rng: rng.fork('linear9') }),
  );
}
