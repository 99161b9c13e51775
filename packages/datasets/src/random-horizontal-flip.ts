import { assertNumber } from '@nnlab/core';
import type { BatchTransform } from './batch-transform.js';

/** Options of {@link randomHorizontalFlip}. */
export interface RandomHorizontalFlipOptions {
  /** Chance that an image is mirrored, in [0, 1]. Default 0.5. */
  readonly probability?: number;
}

/**
 * Mirrors each image left-right with probability `probability`. Not for
 * digits or letters (a mirrored 2 is not a 2); useful for photos.
 *
 * @example
 * const augment = randomHorizontalFlip({ probability: 0.5 });
 */
export function randomHorizontalFlip(options: RandomHorizontalFlipOptions = {}): BatchTransform {
  const { probability = 0.5 } = options;
  assertNumber('probability', probability, { min: 0, max: 1 });
  return {
    apply(images, count, shape, rng) {
      const [height, width, channels] = shape;
      const size = height * width * channels;
      for (let n = 0; n < count; n++) {
        if (!(rng.float() < probability)) continue;
        for (let y = 0; y < height; y++) {
          const row = n * size + y * width * channels;
          for (let x = 0; x < width >> 1; x++) {
            const a = row + x * channels;
            const b = row + (width - 1 - x) * channels;
            for (let c = 0; c < channels; c++) {
              const tmp = images[a + c] as number;
              images[a + c] = images[b + c] as number;
              images[b + c] = tmp;
            }
          }
        }
      }
      return images;
    },
  };
}
