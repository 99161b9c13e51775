import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '@nnlab/layers';
import type { CnnOptions } from './cnn.js';

/**
 * The Fashion-MNIST lab's second CNN, for NHWC `[N, 28, 28, 1]` images,
 * 857,738 parameters (as PyTorch counts the same network):
 *
 * `0` Conv2d(1, 32, 5, 'same') - `1` ReLU - `2` MaxPool2d(2) - `3` Conv2d(32, 64, 5, 'same') -
 * `4` ReLU - `5` MaxPool2d(2) - `6` Flatten (7*7*64 = 3136) - `7` Linear(3136, 256) - `8` ReLU -
 * `9` Linear(256, 10).
 *
 * @example
 * const model = cnn2({ rng: new Rng(0) });
 * model.forward(tf.zeros([8, 28, 28, 1])).shape; // [8, 10]
 */
export function cnn2(options: CnnOptions): Sequential {
  const rng = options.rng;
  return new Sequential(
    new Conv2d(1, 32, 5, { rng: rng.fork('conv0'), padding: 'same' }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(32, 64, 5, { rng: rng.fork('conv3'), padding: 'same' }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(3136, 256, { rng: rng.fork('linear7') }),
    new ReLU(),
    new Linear(256, 10, { rng: rng.fork('linear9') }),
  );
}
