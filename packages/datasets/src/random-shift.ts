import { assertInteger } from '@nnlab/core';
import { type BatchTransform, assertFill, fillValues } from './batch-transform.js';

/** Options of {@link randomShift}. */
export interface RandomShiftOptions {
  /** Largest shift in pixels along each axis (integer >= 0). Default 2. */
  readonly maxShift?: number;
  /**
   * Value for pixels shifted in from outside: a number, or one per channel.
   * Default 0. On normalised data pass the normalised background, e.g.
   * `-mean / std`, so the border stays black.
   */
  readonly fill?: number | readonly number[];
}

/**
 * Moves each image by a random whole number of pixels, `dy` and `dx` drawn
 * independently and uniformly from `[-maxShift, maxShift]` (positive = down /
 * right); pixels that enter from outside take the `fill` value.
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true, rng, transform: randomShift({ maxShift: 2 }) });
 */
export function randomShift(options: RandomShiftOptions = {}): BatchTransform {
  const { maxShift = 2, fill = 0 } = options;
  assertInteger('maxShift', maxShift, 0);
  assertFill(fill);
  return {
    apply(images, count, shape, rng) {
      const [height, width, channels] = shape;
      const fills = fillValues(fill, channels);
      const size = height * width * channels;
      const source = new Float32Array(size);
      for (let n = 0; n < count; n++) {
        const dy = rng.int(2 * maxShift + 1) - maxShift;
        const dx = rng.int(2 * maxShift + 1) - maxShift;
        if (dy === 0 && dx === 0) continue;
        const offset = n * size;
        source.set(images.subarray(offset, offset + size));
        for (let y = 0; y < height; y++) {
          const sy = y - dy;
          for (let x = 0; x < width; x++) {
            const sx = x - dx;
            const inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
            const out = offset + (y * width + x) * channels;
            const from = (sy * width + sx) * channels;
            for (let c = 0; c < channels; c++) images[out + c] = inside ? (source[from + c] as number) : (fills[c] as number);
          }
        }
      }
      return images;
    },
  };
}
