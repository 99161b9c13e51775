import { InvalidArgumentError, type Rng } from '@nnlab/core';

/**
 * A random augmentation applied to one batch of images before it becomes a
 * tensor. Working on the batch's plain `Float32Array` (NHWC, `count` images of
 * `shape`) keeps augmentation fast and identical on every tensor backend.
 *
 * `apply` may modify `images` in place and return it, or return a new array of
 * the same length. All randomness must come from `rng`, so that a seeded
 * {@link DataLoader} produces the same augmented batches on every run.
 *
 * @example
 * // A custom transform: add Gaussian noise with std 0.05.
 * const noise: BatchTransform = {
 *   apply(images, _count, _shape, rng) {
 *     for (let i = 0; i < images.length; i++) images[i] += rng.normal(0, 0.05);
 *     return images;
 *   },
 * };
 */
export interface BatchTransform {
  apply(images: Float32Array, count: number, shape: readonly [height: number, width: number, channels: number], rng: Rng): Float32Array;
}

/**
 * One transform that applies `transforms` in order (torchvision's `Compose`).
 *
 * @example
 * const augment = composeTransforms(randomShift({ maxShift: 2 }), randomRotation({ maxDegrees: 10 }));
 * new DataLoader(train, { batchSize: 64, shuffle: true, rng: new Rng(0), transform: augment });
 */
export function composeTransforms(...transforms: BatchTransform[]): BatchTransform {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.apply !== 'function') {
      throw new InvalidArgumentError(`composeTransforms: argument ${i} is not a BatchTransform (an object with an apply method)`);
    }
  });
  return {
    apply(images, count, shape, rng) {
      let out = images;
      for (const t of transforms) out = checkedApply(t, out, count, shape, rng);
      return out;
    },
  };
}

/** Runs a transform and checks that it kept the batch's size. */
export function checkedApply(
  transform: BatchTransform,
  images: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  rng: Rng,
): Float32Array {
  const out = transform.apply(images, count, shape, rng);
  if (!(out instanceof Float32Array) || out.length !== images.length) {
    throw new InvalidArgumentError(
      `a BatchTransform returned ${out instanceof Float32Array ? `${out.length} values` : String(out)}; expected a Float32Array of ${images.length} values (${count} images of ${shape.join('x')})`,
    );
  }
  return out;
}

/** A per-channel fill value: one number for all channels, or one per channel. */
export function fillValues(fill: number | readonly number[], channels: number): Float32Array {
  const values = typeof fill === 'number' ? new Array<number>(channels).fill(fill) : [...fill];
  if (values.length !== channels || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new InvalidArgumentError(`fill must be a finite number or ${channels} finite numbers (one per channel), got ${JSON.stringify(fill)}`);
  }
  return Float32Array.from(values);
}

/** Validates a `fill` option eagerly (a number, or an array checked against the channels later). */
export function assertFill(fill: unknown): void {
  const ok =
    (typeof fill === 'number' && Number.isFinite(fill)) ||
    (Array.isArray(fill) && fill.length > 0 && fill.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new InvalidArgumentError(`fill must be a finite number or an array of them (one per channel), got ${JSON.stringify(fill)}`);
}
