import { assertNumber, InvalidArgumentError } from '@nnlab/core';
import { BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@nnlab/layers';
import type { CnnOptions } from './cnn.js';

/** Options of {@link cnn3}. */
export interface Cnn3Options extends CnnOptions {
  /** Dropout probability before the classifier. Default 0.05 (the lab's). */
  readonly dropout?: number;
}

/**
 * The Fashion-MNIST lab's third CNN, four conv 5x5 'same' blocks with batch
 * norm, for NHWC `[N, 28, 28, 1]` images, 454,250 parameters (as PyTorch
 * counts the same network). Layer order (Sequential indices):
 *
 * - `0` Conv2d(1, 16, 5, 'same') - `1` BatchNorm2d(16) - `2` ReLU          28x28x16
 * - `3` Conv2d(16, 32, 5, 'same') - `4` BatchNorm2d(32) - `5` ReLU         28x28x32
 * - `6` Conv2d(32, 64, 5, 'same') - `7` BatchNorm2d(64) - `8` ReLU - `9` MaxPool2d(2)             14x14x64
 * - `10` Conv2d(64, 128, 5, 'same') - `11` BatchNorm2d(128) - `12` ReLU - `13` MaxPool2d(3, stride 1) 12x12x128
 * - `14` Flatten (12*12*128 = 18432) - `15` Dropout(0.05) - `16` Linear(18432, 10)
 *
 * @example
 * const model = cnn3({ rng: new Rng(0) });
 * model.forward(tf.zeros([4, 28, 28, 1])).shape; // [4, 10]
 */
export function cnn3(options: Cnn3Options): Sequential {
  const rng = options.rng;
  const dropout = assertNumber('cnn3 dropout', options.dropout ?? 0.05, { min: 0 });
  if (dropout >= 1) throw new InvalidArgumentError(`cnn3 dropout must be in [0, 1), got ${dropout}`);
  const layers: Module[] = [];
  const channels = [1, 16, 32, 64, 128];
  for (let i = 0; i + 1 < channels.length; i++) {
    const [inChannels, outChannels] = [channels[i] as number, channels[i + 1] as number];
    layers.push(new Conv2d(inChannels, outChannels, 5, { rng: rng.fork(`conv${i}`), padding: 'same' }));
    layers.push(new BatchNorm2d(outChannels), new ReLU());
    if (outChannels === 64) layers.push(new MaxPool2d(2));
    if (outChannels === 128) layers.push(new MaxPool2d(3, { stride: 1 }));
  }
  layers.push(new Flatten(), new Dropout({ p: dropout, rng: rng.fork('dropout') }), new Linear(18432, 10, { rng: rng.fork('linear') }));
  return new Sequential(...layers);
}
