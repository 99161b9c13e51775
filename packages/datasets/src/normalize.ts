import { InvalidArgumentError } from '@nnlab/core';
import type { ImageDataset } from './image-dataset.js';
import { withArrays } from './subset.js';

/** Per-channel mean and std for {@link normalize}: a number applies to every channel. */
export interface NormalizeOptions {
  readonly mean: number | readonly number[];
  readonly std: number | readonly number[];
}

/**
 * A new dataset with every pixel mapped to `(x - mean[c]) / std[c]`, where `c`
 * is its channel (torchvision's `Normalize`). Labels are shared, not copied.
 *
 * @example
 * const normalized = normalize(train, { mean: 0.1307, std: 0.3081 });
 */
export function normalize(dataset: ImageDataset, options: NormalizeOptions): ImageDataset {
  const channels = dataset.shape[2];
  const mean = perChannel('mean', options.mean, channels);
  const std = perChannel('std', options.std, channels);
  std.forEach((s, c) => {
    if (!(s > 0)) throw new InvalidArgumentError(`std[${c}] must be > 0, got ${s}`);
  });
  const { images } = dataset;
  const out = new Float32Array(images.length);
  const scale = std.map((s) => 1 / s);
  for (let i = 0; i < images.length; i++) {
    const c = i % channels;
    out[i] = ((images[i] as number) - (mean[c] as number)) * (scale[c] as number);
  }
  return withArrays(dataset, out, dataset.labels);
}

function perChannel(name: string, value: number | readonly number[], channels: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(channels).fill(value) : [...value];
  if (values.length !== channels) {
    throw new InvalidArgumentError(`${name} has ${values.length} values, expected 1 or ${channels} (one per channel)`);
  }
  values.forEach((v, c) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${name}[${c}] must be a finite number, got ${String(v)}`);
    }
  });
  return values;
}
