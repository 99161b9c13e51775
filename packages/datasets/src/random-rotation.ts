import { InvalidArgumentError, assertNumber } from '@nnlab/core';
import { type BatchTransform, assertFill, fillValues } from './batch-transform.js';

/** Options of {@link randomRotation}. */
export interface RandomRotationOptions {
  /** Angles are drawn uniformly from `[-maxDegrees, maxDegrees]`. Default 10. */
  readonly maxDegrees?: number;
  /** Draw angles from `[min, max]` degrees instead (overrides `maxDegrees`). */
  readonly degrees?: readonly [min: number, max: number];
  /** Value for pixels rotated in from outside: a number, or one per channel. Default 0. */
  readonly fill?: number | readonly number[];
}

/**
 * Rotates each image about its centre by a random angle (positive =
 * counter-clockwise as displayed, like torchvision's `RandomRotation`),
 * sampling the source bilinearly; pixels that come from outside the image
 * take the `fill` value.
 *
 * @example
 * const augment = randomRotation({ maxDegrees: 10 });
 */
export function randomRotation(options: RandomRotationOptions = {}): BatchTransform {
  const { maxDegrees = 10, fill = 0 } = options;
  let low: number;
  let high: number;
  if (options.degrees !== undefined) {
    const range = options.degrees;
    if (!Array.isArray(range) || range.length !== 2) {
      throw new InvalidArgumentError(`degrees must be [min, max], got ${JSON.stringify(range)}`);
    }
    low = assertNumber('degrees[0]', range[0]);
    high = assertNumber('degrees[1]', range[1], { min: low });
  } else {
    assertNumber('maxDegrees', maxDegrees, { min: 0, max: 180 });
    [low, high] = [-maxDegrees, maxDegrees];
  }
  assertFill(fill);
  return {
    apply(images, count, shape, rng) {
      const fills = fillValues(fill, shape[2]);
      const size = shape[0] * shape[1] * shape[2];
      const source = new Float32Array(size);
      for (let n = 0; n < count; n++) {
        const degrees = low === high ? low : rng.uniform(low, high);
        if (degrees === 0) continue;
        source.set(images.subarray(n * size, (n + 1) * size));
        rotateInto(source, images, n * size, shape, degrees, fills);
      }
      return images;
    },
  };
}

/** Writes `source` rotated by `degrees` into `target` at `offset` (inverse mapping, bilinear). */
function rotateInto(
  source: Float32Array,
  target: Float32Array,
  offset: number,
  shape: readonly [number, number, number],
  degrees: number,
  fills: Float32Array,
): void {
  const [height, width, channels] = shape;
  const radians = (degrees * Math.PI) / 180;
  const cos = snap(Math.cos(radians));
  const sin = snap(Math.sin(radians));
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Output pixel -> source position (the inverse rotation; y points down).
      const sx = snap(cx + (x - cx) * cos - (y - cy) * sin);
      const sy = snap(cy + (x - cx) * sin + (y - cy) * cos);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const out = offset + (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const at = (yy: number, xx: number): number =>
          yy >= 0 && yy < height && xx >= 0 && xx < width ? (source[(yy * width + xx) * channels + c] as number) : (fills[c] as number);
        const top = at(y0, x0) * (1 - fx) + (fx === 0 ? 0 : at(y0, x0 + 1) * fx);
        const bottom = fy === 0 ? 0 : at(y0 + 1, x0) * (1 - fx) + (fx === 0 ? 0 : at(y0 + 1, x0 + 1) * fx);
        target[out + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
}

/** Rounds values within 1e-9 of an integer, so right-angle rotations are exact permutations. */
function snap(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(value - rounded) < 1e-9 ? rounded : value;
}
